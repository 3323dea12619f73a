"""The engines Bahth is measured against, indexing the same text.

- SQLite FTS5 with ``unicode61 remove_diacritics 2`` (what a small project
  would reach for first);
- tantivy with lowercasing and the Snowball Arabic stemmer, scored with BM25
  (standing in for the standard Arabic analysis of the big engines).

Both index title and body, as Bahth does, and answer a query as a
disjunction of its words, top 10 by their own ranking. A tantivy index built
``dated`` also keeps each document's date (a fast field), to list matches
newest first, as Bahth's ``sort=newest`` does.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import tantivy

from search.ingest.documents import Document

_WORD = re.compile(r"\w+")


def words(query: str) -> list[str]:
    return _WORD.findall(query)


class Fts5:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    @classmethod
    def build(cls, path: Path, docs: Iterable[Document]) -> Fts5:
        path.unlink(missing_ok=True)
        engine = cls(path)
        engine.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(url UNINDEXED, title, body,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )
        engine.db.executemany(
            "INSERT INTO docs (url, title, body) VALUES (?, ?, ?)",
            ((d.id, d.title, d.body) for d in docs),
        )
        engine.db.commit()
        return engine

    def search(self, query: str, limit: int = 10) -> list[str]:
        """The ids of the top ``limit`` documents."""
        terms = " OR ".join('"' + w.replace('"', "") + '"' for w in words(query))
        if not terms:
            return []
        return [url for (url,) in self.db.execute(
            "SELECT url FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", (terms, limit))]


def _analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("arabic"))
            .build())


def _schema(dated: bool = False) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("url", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="arabic")
    builder.add_text_field("body", tokenizer_name="arabic")
    if dated:
        builder.add_date_field("date", fast=True)
    return builder.build()


class Tantivy:
    def __init__(self, path: Path, dated: bool = False) -> None:
        self.dated = dated
        self.index = tantivy.Index(_schema(dated), path=str(path), reuse=True)
        self.index.register_tokenizer("arabic", _analyzer())
        self.searcher = self.index.searcher()

    @classmethod
    def build(cls, path: Path, docs: Iterable[Document], dated: bool = False) -> Tantivy:
        path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(_schema(dated), path=str(path), reuse=False)
        index.register_tokenizer("arabic", _analyzer())
        writer = index.writer(heap_size=256_000_000, num_threads=2)
        for d in docs:
            fields: dict[str, object] = {"url": d.id, "title": d.title, "body": d.body}
            if dated and d.date is not None:
                fields["date"] = d.date
            writer.add_document(tantivy.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()
        return cls(path, dated)

    def _parse(self, query: str) -> tantivy.Query | None:
        terms = " ".join(words(query))
        return self.index.parse_query(terms, ["title", "body"]) if terms else None

    def search(self, query: str, limit: int = 10, newest: bool = False) -> list[str]:
        """The ids of the top ``limit`` documents by score, or, ``newest``
        (a ``dated`` index only), of the newest ``limit`` that match."""
        parsed = self._parse(query)
        if parsed is None:
            return []
        if newest:
            found = self.searcher.search(parsed, limit, count=False, order_by_field="date",
                                         order=tantivy.Order.Desc)
        else:
            found = self.searcher.search(parsed, limit, count=False)
        return [self.searcher.doc(address)["url"][0] for _, address in found.hits]

    def count(self, query: str) -> int:
        """How many documents match."""
        parsed = self._parse(query)
        return 0 if parsed is None else self.searcher.search(parsed, 1, count=True).count  # type: ignore[attr-defined]
