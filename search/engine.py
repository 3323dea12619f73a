"""Searching one index folder: the core that the CLI and the web both call.

An ``Engine`` keeps one searcher open and reuses it across requests. Before
each use it checks (at most every ``check_seconds``) whether CURRENT names a
new generation or the live one was updated in place, and reopens if so: a
rebuilt index is served within seconds, without a restart, and a request
never sees a half-switched index because a searcher reads one generation.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import qparser, sorting
from whoosh.query import And, DateRange, Every, NullQuery, Query, Term
from whoosh.searching import Hit, Searcher

from search.request import SearchRequest
from search.schema import TEXT_FIELDS
from search.snippets import (
    TITLE_CHARS, highlight_html, opening, opening_html, snippet_html,
)
from search.store import Generation, IndexStore

FACETS = ("kind", "source")
# Query syntax we accept: words, "phrases", (groups), AND / OR / NOT.
# Fields, wildcards, ranges and boosts are plain text: they are costly or
# confusing in a public search box.
_DROPPED_PLUGINS = (
    qparser.SingleQuotePlugin, qparser.FieldsPlugin, qparser.WildcardPlugin,
    qparser.RangePlugin, qparser.BoostPlugin, qparser.EveryPlugin,
)


def iso_date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat()


def make_parser(schema: Any) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(
        list(TEXT_FIELDS), schema, group=qparser.OrGroup
    )
    for plugin in _DROPPED_PLUGINS:
        parser.remove_plugin_class(plugin)
    return parser


def display_title(fields: dict[str, Any]) -> str:
    """The headline, or for documents without one the opening of their text."""
    if fields.get("title"):
        return fields["title"]
    head, cut = opening(fields.get("teaser") or fields.get("body") or "", TITLE_CHARS)
    return head + (" …" if cut else "")


class Engine:
    def __init__(self, root: Path, check_seconds: float = 1.0) -> None:
        self.store = IndexStore(root)
        self.check_seconds = check_seconds
        self._lock = threading.Lock()  # Whoosh searchers are not thread-safe
        self._generation: Generation | None = None
        self._searcher: Searcher | None = None
        self._parser: qparser.QueryParser | None = None
        self._checked_at = 0.0

    # -- keeping the searcher fresh -------------------------------------

    def _refresh(self) -> None:
        now = time.monotonic()
        if self._searcher is not None and now - self._checked_at < self.check_seconds:
            return
        self._checked_at = now
        name = self.store.current_name()
        if self._searcher is not None and self._generation is not None and name == self._generation.name:
            if not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()  # updated in place
            return
        generation = self.store.current()
        ix = generation.open()
        searcher = ix.searcher()
        old = self._searcher
        self._generation, self._searcher = generation, searcher
        self._parser = make_parser(ix.schema)
        if old is not None:
            old.close()

    @contextmanager
    def _open(self) -> Iterator[tuple[Generation, Searcher]]:
        with self._lock:
            self._refresh()
            assert self._generation is not None and self._searcher is not None
            yield self._generation, self._searcher

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._generation = None

    # -- searching --------------------------------------------------------

    def parse(self, q: str) -> Query:
        assert self._parser is not None
        return self._parser.parse(q)

    @staticmethod
    def _filter(req: SearchRequest) -> Query | None:
        parts: list[Query] = []
        if req.kind:
            parts.append(Term("kind", req.kind))
        if req.source:
            parts.append(Term("source", req.source))
        if req.date_from or req.date_to:
            parts.append(DateRange("date", req.date_from, req.date_to, endexcl=True))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def search(self, req: SearchRequest, snippets: bool = True) -> dict[str, Any]:
        started = time.perf_counter()
        with self._open() as (_, searcher):
            query = self.parse(req.q)
            terms = {text for _, text in query.iter_all_terms()} if snippets else set()
            hits: list[dict[str, Any]] = []
            total = 0
            facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
            if query is not NullQuery:
                results = searcher.search(
                    query,
                    limit=req.offset + req.per_page,
                    filter=self._filter(req),
                    groupedby={name: sorting.FieldFacet(name) for name in FACETS},
                    maptype=sorting.Count,
                    sortedby="date" if req.sort == "newest" else None,
                    reverse=req.sort == "newest",
                )
                total = len(results)
                facets = {name: _sorted_counts(results.groups(name)) for name in FACETS}
                hits = [self._hit(hit, terms, snippets) for hit in results[req.offset:]]
        return {
            "query": req.q,
            "total": total,
            "page": req.page,
            "per_page": req.per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
            "hits": hits,
            "facets": facets,
            "suggestion": None,
        }

    @staticmethod
    def _hit(hit: Hit, terms: set[str], snippets: bool) -> dict[str, Any]:
        fields = hit.fields()
        result = {
            "id": fields["id"],
            "kind": fields["kind"],
            "title": display_title(fields),
            "url": fields.get("url", ""),
            "source": fields.get("source", ""),
            "date": iso_date(fields.get("date")),
            "score": round(float(hit.score or 0.0), 4),
        }
        if snippets:
            result["title_html"] = highlight_html(result["title"], terms)
            result["snippet"] = (
                snippet_html(fields.get("body", ""), terms)
                or snippet_html(fields.get("teaser", ""), terms)
                or opening_html(fields.get("teaser") or fields.get("body") or "")
            )
        return result

    # -- documents and the index as a whole ------------------------------

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self._open() as (_, searcher):
            fields = searcher.document(id=doc_id)
        if fields is None:
            return None
        return {**fields, "date": iso_date(fields.get("date"))}

    def stats(self) -> dict[str, Any]:
        with self._open() as (generation, searcher):
            everything = searcher.search(
                Every(),
                limit=1, groupedby={name: sorting.FieldFacet(name) for name in FACETS},
                maptype=sorting.Count,
            )
            dates = _dates(searcher)
            meta = generation.meta()
            return {
                "documents": searcher.doc_count(),
                "by_kind": _sorted_counts(everything.groups("kind")),
                "by_source": _sorted_counts(everything.groups("source")),
                "date_range": {"from": iso_date(min(dates)) if dates else None,
                               "to": iso_date(max(dates)) if dates else None},
                "size_bytes": sum(p.stat().st_size for p in generation.path.iterdir() if p.is_file()),
                "generation": generation.name,
                "built_at": meta.get("built_at"),
                "updated_at": meta.get("updated_at"),
                "path": str(generation.path),
            }


def _dates(searcher: Searcher) -> list[datetime]:
    field = searcher.schema["date"]
    missing = field.column_type.default_value()
    column = searcher.reader().column_reader("date", translate=False)
    return [field.from_column_value(v) for v in column if v != missing]


def _sorted_counts(counts: dict[Any, int]) -> dict[str, int]:
    return {str(k): v for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))) if k is not None}
