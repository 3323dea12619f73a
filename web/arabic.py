"""How the page writes numbers, dates, counts and names in Arabic."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from search import sources

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


def also_published(sources: int) -> str:
    """How many other sources also carried a story."""
    if sources == 0:
        return "ونُشر مرة أخرى"
    counted = count_of(sources, "مصدر آخر", "مصدران آخران", "مصادر أخرى", "مصدرًا آخر")
    # The verb agrees with the noun: a broken plural (مصادر) is feminine.
    return ("ونشرته أيضاً " if 3 <= sources % 100 <= 10 else "ونشره أيضاً ") + counted


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
