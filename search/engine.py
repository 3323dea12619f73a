"""Searching one index folder: the core that the CLI and the web both call.

An ``Engine`` keeps one searcher open and reuses it across requests. Before
each use it checks (at most every ``check_seconds``) whether CURRENT names a
new generation or the live one was updated in place, and reopens if so: a
rebuilt index is served within seconds, without a restart, and a request
never sees a half-switched index because a searcher reads one generation.
The server opens the new generation in the background and switches when it
is ready, so no request waits for it.
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import sorting
from whoosh.index import Index
from whoosh.query import Every, NullQuery, Or, Phrase, Query
from whoosh.searching import Searcher

from search.normalize import WORD
from search.request import SearchRequest
from search.ranking import DEFAULT as DEFAULT_RANKING, Ranker, Ranking
from search.schema import TEXT_FIELDS
from search.related import key_terms
from search.scoring import Clause, FastScorer, Matches, Related, clauses_of
from search.snippets import (
    TITLE_CHARS, highlight_html, opening, opening_html, snippet_html,
)
from search.store import Generation, IndexStore
from search.timelimit import NO_DEADLINE, SUGGESTION_SECONDS, Deadline, OutOfTime, search_within
from search.suggest import OPERATORS, Vocabulary, complete_query, did_you_mean
from search.syntax import split_query

log = logging.getLogger(__name__)

FACETS = ("kind", "source")
# How long a completion waits for the vocabulary of a newly opened generation.
COMPLETION_WAIT_SECONDS = 2.0
# Fields that "did you mean" checks word pairs in, and where it stops
# counting: the counts only rank spellings.
HEADLINE_FIELDS = ("title", "teaser")
_ADJACENT_CAP = 1000
# Queries with more ANDNOT / ANDMAYBE operators are searched for their plain words.
MAX_BINARY_OPERATORS = 8
_EXPONENTIAL_OPERATORS = frozenset({"ANDNOT", "ANDMAYBE"})


def iso_date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat()


def display_title(fields: dict[str, Any]) -> str:
    """The headline, or for documents without one the opening of their text."""
    if fields.get("title"):
        return fields["title"]
    head, cut = opening(fields.get("teaser") or fields.get("body") or "", TITLE_CHARS)
    return head + (" …" if cut else "")


class _SearcherCounts:
    """Term counts of one searcher, for "did you mean" (search.suggest.Counts)."""

    def __init__(self, searcher: Searcher, vocabulary: Vocabulary | None, scorer: FastScorer,
                 deadline: Deadline = NO_DEADLINE) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.vocabulary = vocabulary
        self.scorer = scorer
        self.deadline = deadline

    def frequency(self, term: str) -> int:
        if self.deadline.passed():
            raise OutOfTime
        # Most edits tried are no word at all: a set says so without a lookup.
        if term not in self.scorer.known_terms(TEXT_FIELDS):
            return 0
        return max(self.scorer.document_frequency(field, term) for field in TEXT_FIELDS)

    def adjacent(self, first: str, second: str) -> int:
        if self.deadline.passed():
            raise OutOfTime
        # Headlines only: phrase checks over bodies cost ten times as much.
        query = Or([Phrase(field, [first, second]) for field in HEADLINE_FIELDS])
        return sum(1 for _ in itertools.islice(self.searcher.docs_for_query(query), _ADJACENT_CAP))

    def written(self, spelling: str) -> int:
        return self.vocabulary.count(spelling) if self.vocabulary is not None else 0


def _build_vocabulary(ix: Index, future: Future[Vocabulary]) -> None:
    """Read the headlines of every document into a vocabulary for completions.

    Runs in a thread beside requests, so it reads through a reader of its own.
    """
    try:
        reader = ix.reader()
        try:
            future.set_result(Vocabulary.from_texts(display_title(f) for _, f in reader.iter_docs()))
        finally:
            reader.close()
    except Exception as error:
        log.exception("cannot read the vocabulary for completions; there will be none")
        future.set_exception(error)


@dataclass(frozen=True)
class _Opened:
    """A generation opened for searching, with everything a search reads
    prepared: field lengths, and the related forms of the ranked fields."""

    generation: Generation
    index: Index
    searcher: Searcher
    ranker: Ranker
    scorer: FastScorer

    @classmethod
    def of(cls, generation: Generation, ix: Index, ranking: Ranking) -> "_Opened":
        searcher = ix.searcher()
        ranker = Ranker(ix.schema, ranking)
        scorer = FastScorer(searcher, FACETS)
        scorer.prepare([name for name, _ in ranker.fields], related=ranking.related > 0)
        return cls(generation, ix, searcher, ranker, scorer)


class Engine:
    """One index folder, searched through one searcher kept open.

    With ``completions=True`` (the web app) the vocabulary for ``suggest`` is
    read in the background as soon as a generation is opened, so the first
    keystroke after a rebuild finds it ready; otherwise the first call of
    ``suggest`` starts reading it.
    """

    def __init__(self, root: Path, check_seconds: float = 1.0, completions: bool = False,
                 time_limit: float | None = None, ranking: Ranking = DEFAULT_RANKING,
                 switch_in_background: bool = False) -> None:
        self.store = IndexStore(root)
        self.ranking = ranking
        self.check_seconds = check_seconds
        self.completions = completions
        # Seconds a search may take before it is stopped (QueryTimeout); None: no limit.
        self.time_limit = time_limit
        # Open a new generation beside the served one and switch when it is
        # ready, rather than in the request that notices it.
        self.switch_in_background = switch_in_background
        self._lock = threading.Lock()  # Whoosh searchers are not thread-safe
        self._generation: Generation | None = None
        self._index: Index | None = None
        self._searcher: Searcher | None = None
        self._ranker: Ranker | None = None
        self._scorer: FastScorer | None = None
        self._vocabulary: Future[Vocabulary] | None = None
        self._checked_at = 0.0
        self._opening = False  # a generation is being opened in the background
        self._closed = False

    # -- keeping the searcher fresh -------------------------------------

    def _refresh(self) -> None:
        """Open the current generation if it is not the one served (lock held)."""
        now = time.monotonic()
        if self._searcher is not None and now - self._checked_at < self.check_seconds:
            return
        self._checked_at = now
        name = self.store.current_name()
        if self._searcher is not None and self._generation is not None and name == self._generation.name:
            if self._searcher.up_to_date():
                return
            generation, ix = self._generation, self._index  # updated in place
        else:
            generation = self.store.current()
            ix = generation.open()
        assert ix is not None
        if self._searcher is None or not self.switch_in_background:
            self._install(_Opened.of(generation, ix, self.ranking))
        elif not self._opening:
            self._opening = True
            threading.Thread(target=self._open_beside, args=(generation, ix),
                             name="bahth-open", daemon=True).start()

    def _open_beside(self, generation: Generation, ix: Index) -> None:
        """Open ``generation`` while the served one answers, then switch."""
        try:
            opened: _Opened | None = _Opened.of(generation, ix, self.ranking)
        except Exception:
            log.exception("cannot open generation %s; still serving the previous one", generation.name)
            opened = None
        with self._lock:
            self._opening = False
            if opened is not None:
                if self._closed:
                    opened.searcher.close()
                else:
                    self._install(opened)

    def _install(self, opened: "_Opened") -> None:
        """Serve ``opened`` from now on (lock held)."""
        old = self._searcher
        self._generation, self._index, self._searcher = opened.generation, opened.index, opened.searcher
        self._ranker, self._scorer = opened.ranker, opened.scorer
        self._vocabulary = None
        self._prepare_completions()
        if old is not None and old is not opened.searcher:
            old.close()

    def open_now(self) -> None:
        """Open the index if it is not yet open (a worker calls this as it
        starts, so its first request does not wait for it); problems are
        left for requests to report."""
        try:
            with self._lock:
                self._refresh()
        except Exception:
            log.debug("the index could not be opened yet", exc_info=True)

    def _prepare_completions(self) -> None:
        if self.completions:
            self._vocabulary_future()

    def _ready_vocabulary(self) -> Vocabulary | None:
        """The vocabulary if it has been read; a search never waits for it."""
        future = self._vocabulary
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    def _vocabulary_future(self) -> Future[Vocabulary]:
        """The vocabulary of the open generation, read or being read (lock held)."""
        if self._vocabulary is None:
            assert self._index is not None
            self._vocabulary = Future()
            threading.Thread(
                target=_build_vocabulary, args=(self._index, self._vocabulary),
                name="bahth-vocabulary", daemon=True,
            ).start()
        return self._vocabulary

    @contextmanager
    def _open(self) -> Iterator[tuple[Generation, Searcher]]:
        with self._lock:
            self._refresh()
            assert self._generation is not None and self._searcher is not None
            yield self._generation, self._searcher

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._generation = self._index = self._vocabulary = None
            self._ranker = self._scorer = None

    @property
    def generation(self) -> str | None:
        """The generation the last request was served from (no check for a newer one)."""
        generation = self._generation
        return generation.name if generation is not None else None

    # -- searching --------------------------------------------------------

    def parse(self, q: str) -> Query:
        assert self._ranker is not None
        words = [m.group() for m in WORD.finditer(q)]
        # Whoosh's parser takes time exponential in the number of ANDNOT and
        # ANDMAYBE operators (16 take seconds, each one more doubles it), and fails on some
        # runs of operators ("NOT NOT x", "NOT AND x"): such queries are
        # answered for their plain words.
        if sum(w in _EXPONENTIAL_OPERATORS for w in words) <= MAX_BINARY_OPERATORS:
            try:
                return self._ranker.query(q)
            except Exception:
                log.debug("query syntax failed to parse; searching its plain words: %r", q)
        return self._ranker.query(" ".join(w for w in words if w not in OPERATORS))

    def search(self, req: SearchRequest, snippets: bool = True) -> dict[str, Any]:
        started = time.perf_counter()
        deadline = Deadline(self.time_limit)
        parts = split_query(req.q)  # its filters are in req already (parse_request)
        with self._open() as (_, searcher):
            assert self._ranker is not None
            query = self.parse(parts.text)
            excluded = self._ranker.excluded(parts.excluded)
            matches = self._matches(searcher, query, excluded, req, deadline)
            terms = self._marked_terms(searcher, query) if snippets else set()
            hits = self._hits(searcher, matches, terms, snippets)
            counts = _SearcherCounts(searcher, self._ready_vocabulary(), self._fast_scorer(),
                                     deadline.at_most(SUGGESTION_SECONDS))
            try:
                suggestion = did_you_mean(parts.text, counts)
            except OutOfTime:
                suggestion = None  # out of time: the results matter more than a spelling hint
        return {
            "query": req.q,
            "total": matches.total,
            "page": req.page,
            "per_page": req.per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
            "hits": hits,
            "facets": {name: _sorted_counts(counts) for name, counts in matches.facets.items()},
            # The corrected words, then the exclusions and filters as typed.
            "suggestion": " ".join([suggestion, *parts.syntax]) if suggestion else None,
        }

    def _marked_terms(self, searcher: Searcher, query: Query) -> set[str]:
        """The terms that snippets mark: the query's, and the related forms
        that scored (so a hit found through one shows it)."""
        terms = {text for _, text in query.iter_all_terms()}
        for leaf in query.leaves():  # only word queries have them (search.ranking)
            if isinstance(leaf, Related):
                terms.update(self._fast_scorer().related_forms(leaf.fieldname, leaf.text))
        return terms

    def _fast_scorer(self) -> FastScorer:
        assert self._scorer is not None  # prepared with its searcher (lock held)
        return self._scorer

    def _matches(self, searcher: Searcher, query: Query, excluded: Query, req: SearchRequest,
                 deadline: Deadline = NO_DEADLINE) -> Matches:
        """The page of documents ``query`` finds, less those ``excluded``
        finds, its total and facets."""
        if query is NullQuery:
            return Matches(0, [], [], {name: {} for name in FACETS})
        scorer = self._fast_scorer()
        keep = scorer.mask(req.kind, req.source, req.date_from, req.date_to, req.group)
        newest, collapse = req.sort == "newest", req.collapse and req.group is None
        words = clauses_of(query)
        if words is not None:  # a bag of words: scored with arrays
            unwanted = clauses_of(excluded)  # None when nothing is excluded
            if unwanted is not None:
                keep &= ~scorer.containing(unwanted[0], deadline)
            return scorer.search(*words, keep, req.offset, req.per_page, newest, deadline, collapse)
        # Operators: Whoosh's matchers find and score the documents, then
        # they are filtered, collapsed, counted and paged as arrays like the rest.
        found = search_within(searcher, query, deadline, limit=None,
                              mask=None if excluded is NullQuery else excluded).top_n
        docs = np.fromiter((docnum for _, docnum in found), dtype=np.int64, count=len(found))
        scores = np.zeros(scorer.count, dtype=np.float32)
        scores[docs] = np.fromiter((score or 0.0 for score, _ in found), dtype=np.float32, count=len(found))
        matched = np.sort(docs[keep[docs]])
        return scorer.rank(matched, scores, req.offset, req.per_page, newest, collapse)

    def _hits(self, searcher: Searcher, matches: Matches, terms: set[str], snippets: bool) -> list[dict[str, Any]]:
        """The page's hits, each with the copies collapsed into it."""
        scorer = self._fast_scorer()
        codes, sources = scorer.facet_codes["source"]
        hits = []
        for n, (docnum, score) in enumerate(zip(matches.docnums, matches.scores)):
            hit = self._hit(searcher.stored_fields(docnum), score, terms, snippets)
            others = matches.copies[n] if matches.copies else []
            hit["copies"] = {
                "count": len(others),
                "sources": list(dict.fromkeys(s for s in (sources[c] for c in codes[others]) if s)),
                "group": scorer.group_key(docnum),
            } if others else None
            hits.append(hit)
        return hits

    @staticmethod
    def _hit(fields: dict[str, Any], score: float, terms: set[str], snippets: bool) -> dict[str, Any]:
        result = {
            "id": fields["id"],
            "kind": fields["kind"],
            "title": display_title(fields),
            "url": fields.get("url", ""),
            "source": fields.get("source", ""),
            "date": iso_date(fields.get("date")),
            "score": round(float(score), 4),
        }
        if snippets:
            result["title_html"] = highlight_html(result["title"], terms)
            result["snippet"] = (
                snippet_html(fields.get("body", ""), terms)
                or snippet_html(fields.get("teaser", ""), terms)
                or opening_html(fields.get("teaser") or fields.get("body") or "")
            )
        return result

    def related(self, doc_id: str, page: int = 1, per_page: int = 10) -> dict[str, Any] | None:
        """Documents like ``doc_id`` (None if there is none with that id): a
        search for its key terms, without the document and its copies."""
        started = time.perf_counter()
        deadline = Deadline(self.time_limit)
        with self._open() as (_, searcher):
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            assert self._ranker is not None
            fields = searcher.stored_fields(docnum)
            scorer = self._fast_scorer()
            copies = scorer.copies_of(docnum)
            terms = key_terms(searcher.schema, searcher.reader(), fields, len(copies))
            keep = scorer.live.copy()
            keep[copies] = False
            clauses = [Clause(name, (term,), weight) for name, weight in self._ranker.fields for term in terms]
            matches = scorer.search(clauses, self._ranker.weighting, keep, (page - 1) * per_page, per_page,
                                    False, deadline, collapse=True)
            hits = self._hits(searcher, matches, set(terms), snippets=True)
        return {
            "id": doc_id,
            "title": display_title(fields),
            "terms": terms,
            "total": matches.total,
            "page": page,
            "per_page": per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
            "hits": hits,
        }

    def suggest(self, q: str, limit: int = 8) -> list[str]:
        """Queries that complete the word being typed at the end of ``q``."""
        with self._open():
            future = self._vocabulary_future()
        try:
            vocabulary = future.result(timeout=COMPLETION_WAIT_SECONDS)
        except TimeoutError:
            return []  # still reading a large index: completions are a nicety
        except Exception:
            return []  # logged once, where it failed
        return complete_query(q, vocabulary, limit)

    # -- documents and the index as a whole ------------------------------

    def info(self) -> dict[str, Any]:
        """The generation served and its size: cheap enough for every health check."""
        with self._open() as (generation, searcher):
            return {"generation": generation.name, "documents": searcher.doc_count()}

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
