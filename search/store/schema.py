"""The Whoosh schema of a Bahth index.

Stored fields are what a result list shows; ``kind`` and ``source`` are
sortable (column-backed) because facets count them on every search, and
``copy_group`` (search.ingest.copies) because every search collapses copies by it.
"""
from __future__ import annotations

from whoosh.fields import DATETIME, ID, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from search.ingest.documents import Document
from search.ingest.furniture import without
from search.text.analyzer import FormAnalyzer, arabic_analyzer
from search.text.clitics import Clitics

TEXT_FIELDS = ("title", "teaser", "body")
FORMS = "forms"  # the field of word forms


def build_schema(lead_words: int, lead_boost: float, clitics: Clitics | None = None) -> Schema:
    """The schema of a new index (its settings are kept in the index): the
    first ``lead_words`` words of the body weigh ``lead_boost``, and
    ``clitics`` (learnt from the corpus) tells clitics from first letters (see
    ArabicAnalyzer). Every field shares the one table, which the index pickles once."""
    analyzer = arabic_analyzer(clitics=clitics)
    body_analyzer = arabic_analyzer(lead_words, lead_boost, clitics)
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
        section=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True),
        teaser=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=body_analyzer, stored=True),
        url=STORED(),
        author=STORED(),
        date=DATETIME(stored=True, sortable=True),
        copy_group=ID(sortable=True),
        # Where the body's site furniture is (search.ingest.furniture): not indexed, not snippeted.
        furniture=STORED(),
        # Which files hold the ends of texts too long to keep whole in the record (search.store.tails).
        tails=STORED(),
        # Which documents hold which word forms (search.text.forms): whether
        # a document matches a query word at all, not how well. Scorable
        # only because Whoosh's writer looks for a field's length column at
        # every posting and, finding none, asks the file system each time.
        forms=FieldType(Existence(), FormAnalyzer(clitics), scorable=True),
    )


def indexed_texts(doc: Document) -> dict[str, str]:
    """The text fields of ``doc`` as they are indexed: the body without its furniture."""
    return {"title": doc.title, "teaser": doc.teaser, "body": without(doc.body, doc.furniture)}


def index_fields(doc: Document) -> dict[str, object]:
    """The fields ``doc`` is added to the index with (empty ones left out).
    The body is stored as published (``_stored_body``), furniture and all."""
    fields: dict[str, object] = {"id": doc.id, "kind": doc.kind}
    for name in ("source", "section", "url", "author", "copy_group"):
        value = getattr(doc, name)
        if value:
            fields[name] = value
    texts = indexed_texts(doc)
    fields.update((name, text) for name, text in texts.items() if text)
    if doc.furniture:
        fields["_stored_body"] = doc.body
        fields["furniture"] = doc.furniture
    if doc.date is not None:
        fields["date"] = doc.date
    if any(texts.values()):
        fields[FORMS] = "\n".join(text for text in texts.values() if text)
    return fields
