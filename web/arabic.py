"""How the page writes numbers, dates, counts and names in Arabic."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlsplit

from search import sources
from search.results import Copies

_DIGITS = str.maketrans("0123456789.,", "٠١٢٣٤٥٦٧٨٩٫٬")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
          "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
KINDS = {"article": "مقال", "teaser": "مقتطف"}


def digits(value: object) -> str:
    """``value`` with Arabic-Indic digits and Arabic separators."""
    return str(value).translate(_DIGITS)


def number(value: int) -> str:
    return digits(f"{value:,}")


def day(iso: str | None) -> str:
    """'2015-07-21' or '2015-07-21T02:16:13' as ٢١ يوليو ٢٠١٥."""
    if not iso:
        return ""
    try:
        when = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{digits(when.day)} {MONTHS[when.month - 1]} {digits(when.year)}"


def count_of(n: int, one: str, two: str, few: str, many: str) -> str:
    """An Arabic count: the noun agrees with the number (1, 2, 3–10, 11+)."""
    if n == 1:
        return one
    if n == 2:
        return two
    if 3 <= n % 100 <= 10:
        return f"{number(n)} {few}"
    return f"{number(n)} {many}"


def results(n: int) -> str:
    if n == 0:
        return "لا نتائج"
    return count_of(n, "نتيجة واحدة", "نتيجتان", "نتائج", "نتيجة")


def listed(items: Iterable[str]) -> str:
    """``items`` as Arabic lists them, with the Arabic comma."""
    return "، ".join(items)


def also_published(sources: int) -> str:
    """How many other sources also carried a story."""
    counted = count_of(sources, "مصدر آخر", "مصدران آخران", "مصادر أخرى", "مصدرًا آخر")
    # The verb agrees with the noun: a broken plural (مصادر) is feminine.
    return ("ونشرته أيضاً " if 3 <= sources % 100 <= 10 else "ونشره أيضاً ") + counted


def other_copies(n: int) -> str:
    """That ``n`` more copies of a story were published."""
    return "ونُشرت منه " + count_of(n, "نسخة أخرى", "نسختان أخريان", "نسخ أخرى", "نسخة أخرى")


def also_carried(copies: Copies, own: str) -> str:
    """Who else carried the story of a hit from the source ``own``: the
    other sources by name, and copies in its own source said as such."""
    said = []
    if copies.sources:
        said.append(f"{also_published(len(copies.sources))}: {listed(map(source, copies.sources))}")
    if copies.same_source:
        said.append(f"{other_copies(copies.same_source)} في {source(own)} نفسها")
    return "؛ ".join(said) or other_copies(copies.count)  # copies with no source named


def seconds(ms: float) -> str:
    return f"{digits(f'{ms / 1000:.2f}')} ثانية"


def source(source_id: str) -> str:
    """A source by its Arabic name (search.sources), or by its id if it has none."""
    return sources.name(source_id)


def kind(name: str) -> str:
    return KINDS.get(name, name)


def link(url: str | None) -> str | None:
    """``url`` if it is safe to link to (http or https), else None.

    Escaping keeps a URL from breaking out of its attribute, but not a
    javascript: URL from running: only web addresses become links.
    """
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
