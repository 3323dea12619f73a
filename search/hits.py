"""From matched document numbers to the hits a reader sees."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from search.deadline import NO_DEADLINE, Deadline
from search.ingest.furniture import without
from search.results import Copies, Hit
from search.scoring.columns import Columns
from search.scoring.topk import Matches
from search.snippets import (
    HEADLINE_CHARS,
    SCAN_CHARS,
    TITLE_CHARS,
    Marks,
    headline,
    highlighted,
    opening,
    opening_snippet,
    snippet,
)


def iso_date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat()


def searched_body(fields: dict[str, Any], chars: int | None = None) -> str:
    """The stored body as it was indexed: without its site furniture. With
    ``chars``, only what reading its first ``chars`` characters needs: those,
    and one more that tells whether it goes on (search.snippets.window); the
    body, which may be very long, is cut before anything else reads it."""
    body = fields.get("body", "")
    spans = fields.get("furniture", ())
    if chars is not None:
        body = body[: chars + 1]
        spans = [(start, min(end, len(body))) for start, end in spans if start < len(body)]
    return without(body, spans)


def shown_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A document's stored ``fields`` with its texts cut to what its hit
    reads: a hit made from them is the same, and they are small enough to
    keep however long the document is."""
    cut = dict(fields)
    for name, chars in (("body", SCAN_CHARS), ("teaser", SCAN_CHARS), ("title", HEADLINE_CHARS)):
        if len(cut.get(name) or "") > chars + 1:
            cut[name] = cut[name][: chars + 1]
    return cut


def _shown_body(fields: dict[str, Any]) -> str:
    """As much of the searched body as a hit reads for its snippet and title."""
    return searched_body(fields, SCAN_CHARS)


def display_title(fields: dict[str, Any]) -> str:
    """The headline, or for documents without one the opening of their text."""
    if fields.get("title"):
        return headline(str(fields["title"]))
    head, cut = opening(fields.get("teaser") or _shown_body(fields), TITLE_CHARS)
    return head + (" …" if cut else "")


def hit(fields: dict[str, Any], score: float, marks: Marks | None, copies: Copies | None = None) -> Hit:
    """The hit of a document with the stored ``fields``; with snippets
    showing ``marks`` unless they are None (no snippets asked for)."""
    title = display_title(fields)
    marked = shown = None
    if marks is not None:
        marked = highlighted(title, marks)
        body = _shown_body(fields)
        shown = (snippet(body, marks)
                 or snippet(fields.get("teaser", ""), marks)
                 or opening_snippet(fields.get("teaser") or body))
    return Hit(
        id=fields["id"], kind=fields["kind"], title=title, url=fields.get("url", ""),
        source=fields.get("source", ""), date=iso_date(fields.get("date")), score=float(score),
        title_marked=marked, snippet=shown, copies=copies,
    )


def _copies(own: str, others: list[str], group: str) -> Copies:
    """The copies of a hit from the source ``own``, carried by the sources
    ``others`` (one for each copy, best first): its own source is no other
    source, but says that it carried the story more than once."""
    return Copies(count=len(others), sources=list(dict.fromkeys(s for s in others if s and s != own)),
                  same_source=others.count(own) if own else 0, group=group)


def page_hits(stored: Any, columns: Columns, matches: Matches, marks: Marks | None,
              deadline: Deadline = NO_DEADLINE) -> list[Hit]:
    """The page's hits, each with the copies collapsed into it; ``stored``
    gives a document's stored fields by number. Each hit's work is bounded,
    and the deadline is checked before each."""
    hits = []
    for n, (docnum, score) in enumerate(zip(matches.docnums, matches.scores, strict=True)):
        deadline.check()
        fields = stored(docnum)
        others = matches.copies[n] if matches.copies else []
        group = columns.group_key(docnum)  # a document with copies always has a group
        carried = _copies(fields.get("source", ""), columns.sources(others), group) if others and group else None
        hits.append(hit(fields, score, marks, carried))
    return hits
