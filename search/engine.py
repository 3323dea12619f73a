"""The core that the CLI and the web both call: it directs each step.

A search is planned once (search.query.plan), found and ranked with arrays
(search.scoring), turned into hits (search.hits) and answered as typed
results (search.results); the generation it runs on is kept fresh by
search.live.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from search.deadline import SUGGESTION_SECONDS, Deadline, OutOfTime, QueryTimeout
from search.hits import display_title, iso_date
from search.live import LiveIndex
from search.opened import OpenedIndex
from search.query.plan import Plan
from search.query.request import SearchRequest, SimilarRequest
from search.query.syntax import split_query
from search.results import Correction, IndexInfo, IndexStats, KeptGeneration, SearchResult, SimilarResult
from search.scoring.model import DEFAULT, Ranking
from search.scoring.topk import Matches, Page
from search.settings import DEFAULTS, Settings
from search.snippets import Marks
from search.store import tails
from search.store.generations import DamagedIndex
from search.suggest.completions import complete_query
from search.suggest.counts import IndexCounts
from search.suggest.spelling import Respelling, respell

# How long a completion waits for the vocabulary of a newly opened generation.
COMPLETION_WAIT_SECONDS = 2.0


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _sorted_counts(counts: dict[Any, int]) -> dict[str, int]:
    return {str(k): v for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))) if k is not None}


class Engine:
    """One index folder, searched through one searcher kept open.

    ``time_limit`` (seconds) stops a search that runs longer with
    QueryTimeout; None: no limit. ``completions`` and
    ``switch_in_background`` suit a server (see search.live).
    """

    def __init__(self, root: Path, settings: Settings = DEFAULTS, time_limit: float | None = None,
                 ranking: Ranking = DEFAULT, completions: bool = False, switch_in_background: bool = False) -> None:
        self.settings = settings
        self.time_limit = time_limit
        self.live = LiveIndex(root, ranking, settings.postings_cache_mb, settings.reload_seconds,
                              completions, switch_in_background)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.live.close()

    def open_now(self) -> None:
        self.live.open_now()

    @property
    def version(self) -> str | None:
        """The version this thread was last served from (the generation, +N after N updates)."""
        return self.live.version

    def search(self, req: SearchRequest, snippets: bool = True) -> SearchResult:
        """One page of results for ``req``, and "did you mean". Unless
        ``req.exact``, a query whose correction is sure (Respelling.sure) and
        finds something is searched corrected instead, which ``corrected``
        says; a correction less sure is only suggested."""
        started = time.perf_counter()
        deadline = Deadline(self.time_limit)
        with self.live.use() as index:
            plan = index.planner.plan(req.parts)
            matches = index.find(plan, req, deadline)
            respelling = self._respelling(index, plan, deadline)
            suggestion = " ".join([respelling.text, *plan.parts.syntax]) if respelling else None
            corrected = None
            if not req.exact and respelling is not None and respelling.sure and suggestion is not None:
                instead = self._corrected(index, req, suggestion, deadline)
                if instead is not None:
                    plan, matches = instead
                    corrected, suggestion = Correction(typed=req.q, to=suggestion), None
            hits = index.hits(matches, index.marks(plan) if snippets else None, deadline)
        return SearchResult(
            query=req.q, total=matches.total, page=req.page, per_page=req.per_page,
            took_ms=_elapsed_ms(started), hits=hits,
            facets={name: _sorted_counts(counts) for name, counts in matches.facets.items()},
            suggestion=suggestion, corrected=corrected, variants=index.variants(plan),
        )

    def _respelling(self, index: OpenedIndex, plan: Plan, deadline: Deadline) -> Respelling | None:
        """The ranked text with its misspellings corrected, and how sure that is."""
        counts = IndexCounts(index.searcher, index.scorer, deadline.at_most(SUGGESTION_SECONDS), index.spelled)
        try:
            return respell(plan.parts, counts)
        except OutOfTime:
            return None  # the results matter more than a spelling hint

    @staticmethod
    def _corrected(index: OpenedIndex, req: SearchRequest, q: str,
                   deadline: Deadline) -> tuple[Plan, Matches] | None:
        """The plan and matches of ``req`` searched for ``q`` instead (its
        exclusions and filters are those of ``req``); None if it finds
        nothing or runs out of time (the typed query's results stand)."""
        instead = replace(req, q=q, parts=split_query(q))
        plan = index.planner.plan(instead.parts)
        try:
            matches = index.find(plan, instead, deadline)
        except QueryTimeout:
            return None
        return (plan, matches) if matches.total else None

    def similar(self, req: SimilarRequest) -> SimilarResult | None:
        """Documents like ``req.id`` (None if there is none with that id): a
        search for its key terms, without the document and its copies; the
        snippets mark the words of ``req.q``, if any."""
        started = time.perf_counter()
        deadline = Deadline(self.time_limit)
        with self.live.use() as index:
            docnum = index.searcher.document_number(id=req.id)
            if docnum is None:
                return None
            fields = index.shown(docnum)
            terms = index.key_terms(docnum, fields, self.settings.related_terms)
            deadline.check()
            page = Page((req.page - 1) * req.per_page, req.per_page, collapse=True)
            matches = index.similar(docnum, terms, page, deadline)
            # Not the key terms, which would mark dozens of words: the reader's own.
            marks = index.marks(index.planner.plan(split_query(req.q))) if req.q else Marks()
            hits = index.hits(matches, marks, deadline)
        return SimilarResult(id=req.id, title=display_title(fields), terms=terms, total=matches.total,
                             page=req.page, per_page=req.per_page, took_ms=_elapsed_ms(started), hits=hits)

    def suggest(self, q: str, limit: int = 8) -> list[str]:
        """Queries that complete the word being typed at the end of ``q``."""
        future = self.live.vocabulary()
        try:
            vocabulary = future.result(timeout=COMPLETION_WAIT_SECONDS)
        except TimeoutError:
            return []  # still reading a large index: completions are a nicety
        except Exception:
            return []  # logged once, where it failed
        return complete_query(q, vocabulary, limit)

    def info(self) -> IndexInfo:
        """The generation served and its size: cheap enough for every health check."""
        with self.live.use() as index:
            return IndexInfo(index.generation.name, index.version, index.searcher.doc_count())

    def check(self) -> IndexInfo:
        """What ``info`` says, once a real lookup has answered: the first
        document's stored fields read, and that document found by its id
        (the id's postings read). A readiness probe's query: one document."""
        with self.live.use() as index:
            searcher = index.searcher
            first = next(iter(searcher.reader().all_doc_ids()), None)
            if first is not None and searcher.document_number(id=searcher.stored_fields(first)["id"]) is None:
                raise DamagedIndex(f"generation {index.generation.name} does not find its first document by its id; "
                                   "rebuild it with 'bahth index build PATH...'")
            return IndexInfo(index.generation.name, index.version, searcher.doc_count())

    def meta(self) -> dict[str, Any]:
        """What the served generation's build recorded (meta.json): when it was built, how long it took..."""
        with self.live.use() as index:
            return index.generation.meta()

    def postings_cached(self) -> tuple[int, int]:
        """The bytes and the entries in the served generation's postings cache."""
        with self.live.use() as index:
            postings = index.scorer.postings
            return postings.size, len(postings.cache)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The stored fields of the document ``doc_id``, its texts whole (None: no such document)."""
        with self.live.use() as index:
            fields = index.searcher.document(id=doc_id)
            if fields is None:
                return None
            try:
                fields = tails.whole(index.generation.path, fields)
            except (OSError, ValueError) as error:
                raise index.generation.damaged(error) from error
        return {**fields, "date": iso_date(fields.get("date"))}

    def stats(self) -> IndexStats:
        with self.live.use() as index:
            facets = index.columns.counts()
            dates = index.columns.date_range()
            generation = index.generation
            meta = generation.meta()
            documents = index.searcher.doc_count()
            return IndexStats(
                documents=documents,
                by_kind=_sorted_counts(facets["kind"]),
                by_source=_sorted_counts(facets["source"]),
                date_range={"from": iso_date(dates[0]) if dates else None,
                            "to": iso_date(dates[1]) if dates else None},
                size_bytes=sum(p.stat().st_size for p in generation.path.iterdir() if p.is_file()),
                generation=generation.name, version=index.version,
                built_at=meta.get("built_at"), updated_at=meta.get("updated_at"),
                path=str(generation.path),
                # The served generation's count is the one above, not read from its files again.
                generations=[KeptGeneration(kept.name, documents if kept.name == generation.name else kept.documents(),
                                            kept.meta().get("built_at"), kept.name == generation.name)
                             for kept in self.live.store.kept()],
            )
