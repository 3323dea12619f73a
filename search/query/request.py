"""A search request, validated the same way for the CLI and the web.

Every client mistake becomes a ``RequestError`` with a stable code and a
message in Arabic and in English; nothing past this point sees bad input.
The Arabic names a parameter as the API sends it ('per_page') or, for the
pages, as a reader knows it («عدد النتائج في الصفحة»).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from search import sources
from search.ingest.documents import KINDS
from search.query.syntax import QueryParts, split_query

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
MAX_PAGE = 1000
SORTS = ("relevance", "newest")
# Values of 'collapse' (as the page's form and HTML checkboxes may send them).
_YES, _NO = ("1", "true", "on", "yes"), ("0", "false", "off", "no")
# A copy group's key, as search.ingest.copies writes it.
GROUP = re.compile(r"[0-9a-f]{32}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Each parameter in words a reader knows: the labels of the page's form.
PARAMETERS = {
    "q": "نص البحث", "page": "رقم الصفحة", "per_page": "عدد النتائج في الصفحة", "kind": "النوع",
    "source": "المصدر", "from": "من تاريخ", "to": "إلى تاريخ", "sort": "الترتيب",
    "collapse": "النسخ المكررة", "group": "مجموعة النسخ", "exact": "البحث عن الكلمات كما كُتبت",
    "id": "معرّف الوثيقة",
}
# An Arabic message, written given how to name a parameter.
Wording = Callable[[Callable[[str], str]], str]


def _as_sent(name: str) -> str:
    return f"'{name}'"


class RequestError(ValueError):
    """``english`` and ``arabic`` are the API's messages ('per_page'),
    ``for_readers`` the page's («عدد النتائج في الصفحة»): each a wording,
    naming parameters as its reader knows them (the CLI by its options: ``in_english``)."""

    def __init__(self, code: str, english: Wording, arabic: Wording) -> None:
        self.code = code
        self._english = english
        self.english = english(_as_sent)
        super().__init__(self.english)
        self.arabic = arabic(_as_sent)
        self.for_readers = arabic(lambda name: f"«{PARAMETERS[name]}»")

    def in_english(self, named: Callable[[str], str]) -> str:
        """The English message, each parameter named by ``named``."""
        return self._english(named)

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": self.code, "message": self.english, "message_ar": self.arabic}}


@dataclass(frozen=True)
class SearchRequest:
    q: str  # as typed, filters and exclusions included
    page: int = 1
    per_page: int = 10
    # The filters in effect: the parameters and the query's kind: and source:
    # (a source by its id, also when it was given by its name).
    kind: str | None = None
    source: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None  # exclusive
    sort: str = "relevance"
    # Syndicated copies shown as one hit (search.ingest.copies); off to see every copy.
    collapse: bool = True
    group: str | None = None  # only the copies of one story (collapse is then off)
    # The query as typed, never a sure correction of it (see Engine.search).
    exact: bool = False
    # ``q`` split into what is ranked, exclusions and filters (split once, from ``q`` if not given).
    parts: QueryParts = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.parts is None:
            object.__setattr__(self, "parts", split_query(self.q))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _integer(raw: str) -> int | None:
    """``raw`` as a whole number: '7', and as JSON writes whole numbers, '7.0' or '7e0'."""
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    # Bounded before int(): '1e999999999' would be a billion digits.
    if not number.is_finite() or number != number.to_integral_value() or number.adjusted() > 18:
        return None
    return int(number)


def _whole_number(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    value = _integer(raw.strip())
    if value is None or not low <= value <= high:
        raise RequestError(
            f"bad_{name}",
            lambda named: f"{named(name)} must be a whole number from {low} to {high}, not {raw!r}",
            lambda named: f"يجب أن تكون قيمة {named(name)} عددًا صحيحًا من {low} إلى {high}",
        )
    return value


def parse_day(name: str, raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        # fromisoformat alone also reads 20150801 and 2015-W31-1.
        if not _DAY.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise RequestError(
            "bad_date",
            lambda named: f"{named(name)} must be a date written YYYY-MM-DD, not {raw!r}",
            lambda named: f"يجب أن تكون قيمة {named(name)} تاريخًا بالصيغة YYYY-MM-DD",
        ) from None


def clean_query(raw: str | None) -> str:
    """The query text, or an error if there is nothing to search for."""
    q = (raw or "").replace("\x00", " ").strip()
    if not q:
        raise RequestError("missing_query", lambda named: f"there is nothing to search for in {named('q')}",
                           lambda named: f"لم يُكتب ما يُبحث عنه في {named('q')}")
    if len(q) > MAX_QUERY_CHARS:
        raise RequestError(
            "query_too_long",
            lambda _: f"the query is {len(q)} characters long; at most {MAX_QUERY_CHARS} are allowed",
            lambda _: f"نص البحث أطول من المسموح ({MAX_QUERY_CHARS} حرفًا على الأكثر)",
        )
    return q


def _filter(name: str, param: str | None, parts: QueryParts,
            read: Callable[[str], str] = str, shown: Callable[[str], str] = str) -> str | None:
    """The one value of filter ``name``, from the parameter and the query,
    each as ``read`` reads it (a source's name as its id); ``shown`` writes
    one in Arabic (a source's id as its name).

    Two different values could only find nothing, so they are a mistake to
    point out rather than an empty page to puzzle over.
    """
    values = {read(v) for v in parts.values(name) | {param or ""} if v}
    if len(values) > 1:
        arabic = "، ".join(sorted(map(shown, values)))
        raise RequestError(
            "conflicting_filter",
            lambda named: f"{named(name)} is given more than once, with different values "
                          f"({', '.join(sorted(values))}); give one",
            lambda named: f"حُدِّد {named(name)} أكثر من مرة بقيم مختلفة ({arabic})؛ اختر قيمة واحدة",
        )
    return values.pop() if values else None


@dataclass(frozen=True)
class SimilarRequest:
    """Articles like the document ``id`` ("more like this")."""

    id: str
    page: int = 1
    per_page: int = 10
    # The search that led to the document: its words are marked in the
    # snippets, as in its results. None: nothing is marked.
    q: str | None = None


def parse_similar(params: Mapping[str, str | None]) -> SimilarRequest:
    doc_id = (params.get("id") or "").strip()
    if not doc_id:
        raise RequestError("missing_id", lambda named: f"the document id {named('id')} is empty",
                           lambda named: f"لم تُحدَّد الوثيقة في {named('id')}")
    marked = (params.get("q") or "").replace("\x00", " ").strip()
    return SimilarRequest(
        id=doc_id,
        page=_whole_number("page", params.get("page"), 1, 1, MAX_PAGE),
        per_page=_whole_number("per_page", params.get("per_page"), 10, 1, MAX_PER_PAGE),
        q=clean_query(marked) if marked else None,
    )


def _flag(name: str, raw: str | None, default: bool, meaning: str) -> bool:
    """A parameter that is 1 or 0 (or yes/no, true/false, on/off); ``default`` when empty."""
    value = raw or ""
    if not value:
        return default
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise RequestError(f"bad_{name}", lambda named: f"{named(name)} must be 1 or 0, not {raw!r}",
                       lambda named: f"يجب أن تكون قيمة {named(name)} إما 1 ({meaning}) أو 0")


def parse_collapse(raw: str | None) -> bool:
    return _flag("collapse", raw, True, "دمج النسخ المكررة")


def parse_exact(raw: str | None) -> bool:
    """``exact``: 1 searches the query as typed, 0 (the default) may search
    a sure correction of it instead (see Engine.search)."""
    return _flag("exact", raw, False, "البحث عن الكلمات كما كُتبت")


def parse_group(raw: str | None) -> str | None:
    value = raw or None
    if value is not None and not GROUP.fullmatch(value):
        raise RequestError(
            "bad_group",
            lambda named: f"{named('group')} must be the copies.group of a hit (32 hexadecimal digits), not {raw!r}",
            lambda named: f"يجب أن تكون قيمة {named('group')} معرّف مجموعة نسخ كما في رابط «عرض النسخ كلها»",
        )
    return value


def parse_request(params: Mapping[str, str | None]) -> SearchRequest:
    """Build a request from query-string style parameters (all strings).

    A parameter sent empty, as the page's form sends one left alone, is its
    default; any other value must be one the API describes, as written:
    white space and capitals are not read away.
    """
    q = clean_query(params.get("q"))
    page = _whole_number("page", params.get("page"), 1, 1, MAX_PAGE)
    per_page = _whole_number("per_page", params.get("per_page"), 10, 1, MAX_PER_PAGE)
    parts = split_query(q)
    kind = _filter("kind", params.get("kind"), parts)
    if kind is not None and kind not in KINDS:
        raise RequestError(
            "bad_kind", lambda named: f"{named('kind')} must be one of {', '.join(KINDS)}, not {kind!r}",
            lambda named: f"يجب أن تكون قيمة {named('kind')} إما article (مقال) أو teaser (مقتطف)",
        )
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise RequestError(
            "bad_sort", lambda named: f"{named('sort')} must be one of {', '.join(SORTS)}, not {sort!r}",
            lambda named: f"يجب أن تكون قيمة {named('sort')} إما relevance (الأكثر صلة) أو newest (الأحدث)",
        )
    first = parse_day("from", params.get("from"))
    last = parse_day("to", params.get("to"))
    if first and last and first > last:
        raise RequestError(
            "bad_range", lambda named: f"{named('from')} is after {named('to')}",
            lambda named: f"تاريخ البداية {named('from')} بعد تاريخ النهاية {named('to')}",
        )
    return SearchRequest(
        q=q, page=page, per_page=per_page, kind=kind,
        source=_filter("source", params.get("source"), parts, sources.source_id, sources.name),
        date_from=datetime.combine(first, datetime.min.time()) if first else None,
        date_to=datetime.combine(last + timedelta(days=1), datetime.min.time()) if last else None,
        sort=sort,
        collapse=parse_collapse(params.get("collapse")),
        group=parse_group(params.get("group")),
        exact=parse_exact(params.get("exact")),
        parts=parts,
    )
