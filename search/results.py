"""What a search answers, as typed data.

The CLI, the web pages and the JSON API all read these; ``to_json`` gives
the shape of the API (web/openapi.py describes it from these classes, so
the two cannot drift). Text is kept as written; a ``Snippet`` carries its
marked spans as data, and is rendered as HTML only by ``to_html``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from html import escape
from typing import Any


def _doc(text: str, json: str | None = None, optional: bool = False, digits: int | None = None,
         default: Any = MISSING, default_factory: Any = MISSING) -> Any:
    """A field as the API shows it: described by ``text``, named ``json``
    (its own name otherwise), left out when None if ``optional``, rounded
    to ``digits``; ``default`` (or ``default_factory()``) if not given."""
    metadata = {"doc": text, "json": json, "optional": optional, "digits": digits}
    return field(default=default, default_factory=default_factory, metadata=metadata)


def json_name(spec: Any) -> str:
    return spec.metadata.get("json") or spec.name


def to_json(value: Any) -> Any:
    """``value`` (a result, or anything in one) as the API writes it."""
    if isinstance(value, Snippet):
        return value.to_html()
    if is_dataclass(value) and not isinstance(value, type):
        found = {}
        for spec in fields(value):
            item = getattr(value, spec.name)
            if item is None and spec.metadata.get("optional"):
                continue
            digits = spec.metadata.get("digits")
            found[json_name(spec)] = round(item, digits) if digits is not None else to_json(item)
        return found
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Snippet:
    """A piece of original text, and the spans of it that matched."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()
    cut_before: bool = False  # the text goes on before the piece
    cut_after: bool = False   # and after it

    def render(self, marked: Callable[[str], str], plain: Callable[[str], str] = str) -> str:
        """The piece with each matched span through ``marked``, the rest through ``plain``."""
        parts, cursor = [], 0
        for start, end in self.marks:
            parts.append(plain(self.text[cursor:start]))
            parts.append(marked(self.text[start:end]))
            cursor = end
        parts.append(plain(self.text[cursor:]))
        return ("… " if self.cut_before else "") + "".join(parts) + (" …" if self.cut_after else "")

    def to_html(self) -> str:
        """Escaped text, each match in ``<mark>``."""
        return self.render(lambda text: f"<mark>{escape(text)}</mark>", escape)


@dataclass(frozen=True)
class Copies:
    """The other matching copies of a hit's story (other papers' versions)."""

    count: int = _doc("How many other matching documents carry the story: the matching copies other than this hit.")
    sources: list[str] = _doc("Their sources other than the hit's own, each once, best-scoring copy first.")
    same_source: int = _doc("How many of them are from the hit's own source (a second copy in the same paper).")
    group: str = _doc("The copy group: pass it as `group` to list every copy.")


@dataclass(frozen=True)
class Hit:
    id: str = _doc("The document's id (its URL for SaudiNewsNet).")
    kind: str = _doc("`article` or `teaser`.")
    title: str = _doc("Plain text: the headline (cut at a word after 1,000 characters, with ' …'), "
                      "or the opening of a document without one.")
    url: str = _doc("Where the document was published (may be empty).")
    source: str = _doc("The source's id (may be empty).")
    date: str | None = _doc("YYYY-MM-DD, or an ISO date-time in UTC; null when the document has no date.")
    score: float = _doc("The relevance score.", digits=4)
    title_marked: Snippet | None = _doc("The title, HTML-escaped, with the matches in `<mark>`.",
                                        json="title_html", optional=True)
    snippet: Snippet | None = _doc("HTML: about 240 characters of the original text around the best matches "
                                   "in its first 32,000 characters, escaped, with the matches in `<mark>`; "
                                   "the teaser or the opening when they hold no match.", optional=True)
    copies: Copies | None = _doc("Other documents matching the search that are copies of this one (the same "
                                 "story carried by other sources), collapsed into this hit; null when there "
                                 "are none or collapsing is off.")


@dataclass(frozen=True)
class Correction:
    """The query was searched corrected, not as typed (see `exact`)."""

    typed: str = _doc("The query as typed (as `query`). Pass `exact=1` to search it as typed.", json="from")
    to: str = _doc("The corrected query: the hits, `total` and `facets` are its own.")


@dataclass(frozen=True)
class SearchResult:
    query: str = _doc("The query as given.")
    total: int = _doc("How many documents match, after collapsing copies: each story counts once.")
    page: int = _doc("The page returned.")
    per_page: int = _doc("Hits per page.")
    took_ms: float = _doc("Time taken by the search, in milliseconds.")
    hits: list[Hit] = _doc("The page of hits, best first.")
    facets: dict[str, dict[str, int]] = _doc("Matches by `kind` and by `source`, largest first (after collapsing).")
    suggestion: str | None = _doc("A better-spelled query when words look misspelled, else null (and null "
                                  "when the search was corrected: see `corrected`).")
    corrected: Correction | None = _doc("Present only when the results are those of a corrected query, searched "
                                        "instead of the one typed; never with `exact=1`.", optional=True, default=None)
    variants: list[str] = _doc("Other spellings of the query's words (of names and loanwords, learnt from the "
                               "corpus) that were searched too, as the corpus most often writes them.",
                               default_factory=list)


@dataclass(frozen=True)
class SimilarResult:
    id: str = _doc("The document the others are like.")
    title: str = _doc("Its title.")
    terms: list[str] = _doc("Its most distinctive terms, the query that found the hits "
                             "(index terms: stemmed and normalized).")
    total: int = _doc("How many documents match.")
    page: int = _doc("The page returned.")
    per_page: int = _doc("Hits per page.")
    took_ms: float = _doc("Time taken, in milliseconds.")
    hits: list[Hit] = _doc("The page of similar documents, best first; never the document itself nor its "
                            "copies, and copies among them collapsed.")


@dataclass(frozen=True)
class IndexInfo:
    generation: str = _doc("The generation served.")
    version: str = _doc("What is served: the generation, with +N once N updates were added to it "
                        "(the X-Bahth-Generation header).")
    documents: int = _doc("Documents in it.")


@dataclass(frozen=True)
class KeptGeneration:
    """A generation kept on disk, to roll back to (``bahth index rollback``)."""
    name: str
    documents: int | None  # None: its table of contents cannot be read
    built_at: str | None
    current: bool


@dataclass(frozen=True)
class IndexStats:
    documents: int
    by_kind: dict[str, int]
    by_source: dict[str, int]
    date_range: dict[str, str | None]
    size_bytes: int
    generation: str
    version: str
    built_at: str | None
    updated_at: str | None
    path: str
    generations: list[KeptGeneration]  # oldest first

