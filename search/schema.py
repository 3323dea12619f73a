"""The Whoosh schema of a Bahth index.

Stored fields are what a result list shows; ``kind`` and ``source`` are
sortable (column-backed) because facets count them on every search.
"""
from __future__ import annotations

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from search.analysis import arabic_analyzer
from search.documents import Document

TEXT_FIELDS = ("title", "teaser", "body")
TITLE_BOOST = 2.0
TEASER_BOOST = 1.5


def build_schema() -> Schema:
    analyzer = arabic_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
        section=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        teaser=TEXT(analyzer=analyzer, stored=True, field_boost=TEASER_BOOST),
        body=TEXT(analyzer=analyzer, stored=True),
        url=STORED(),
        author=STORED(),
        date=DATETIME(stored=True, sortable=True),
    )


def index_fields(doc: Document) -> dict[str, object]:
    """The fields ``doc`` is added to the index with (empty ones left out)."""
    fields: dict[str, object] = {"id": doc.id, "kind": doc.kind}
    for name in ("source", "section", "title", "teaser", "body", "url", "author"):
        value = getattr(doc, name)
        if value:
            fields[name] = value
    if doc.date is not None:
        fields["date"] = doc.date
    return fields
