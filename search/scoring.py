"""Fast scoring of word queries: BM25 over Whoosh's postings with NumPy.

Whoosh walks postings one document at a time in Python, through a tree of
matchers, and walks them again to count the total and the facets. Most
searches are a bag of words (an OR of terms over a few fields), so for those
this module reads each term's postings once per generation (a block at a
time), keeps them as arrays, and scores, counts, filters and facets whole
arrays at once. The ranking is Whoosh's own (BM25F with its idf, field
lengths and boosts), so both paths order documents alike; queries with
operators still go through Whoosh.

A ``Related`` term also scores the stems of the index that share its
``related_key`` (its verb and derived forms), as if they were one term: their
postings are merged, their frequencies summed, and the idf is that of the
merged list. Whoosh scores it as the plain term.
"""
from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from whoosh import scoring
from whoosh.query import Or, Phrase, Query, Term
from whoosh.reading import TermNotFound
from whoosh.query.wrappers import WrappingQuery

from search.config import env_int
from search.stemmer import related_key
from search.timelimit import NO_DEADLINE, Deadline

# The postings cache of each worker, at most (only what queries touch is ever
# held). 0: sized to the index, with room for every posting of its ranked
# fields twice over (as terms, and merged into related forms): 16 bytes a word
# of their text, and at least MIN_CACHE_MB. A cache smaller than the postings
# the queries keep touching misses nearly every time, so a fixed size would
# make a growing index slower than its growth (at 10× SaudiNewsNet, 256 MB
# made the median query twice as slow as a cache that holds them).
CACHE_MB = env_int("BAHTH_POSTINGS_CACHE_MB", 0)
MIN_CACHE_MB = 256
_CACHE_BYTES_A_WORD = 16


class Related(Term):
    """A term that also stands for its related forms (see the module's docstring)."""


@dataclass(frozen=True)
class Clause:
    """A term, or a phrase of terms, in one field, with its boost."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0
    slop: int = 1  # phrases: how far apart consecutive words may stand
    related: bool = False  # a single term scored with its related forms


def clauses_of(query: Query) -> tuple[list[Clause], Any] | None:
    """The clauses of a query that is an OR of terms and phrases, and its
    weighting model; None when the query needs Whoosh (AND, NOT, ...)."""
    weighting = None
    while isinstance(query, WrappingQuery):
        weighting = getattr(query, "weighting", weighting)
        query = query.child
    found: list[Clause] = []

    def walk(q: Query, boost: float) -> bool:
        if isinstance(q, Term):
            found.append(Clause(q.fieldname, (q.text,), boost * q.boost, related=isinstance(q, Related)))
            return True
        if isinstance(q, Phrase) and q.words:
            found.append(Clause(q.fieldname, tuple(q.words), boost * q.boost, q.slop))
            return True
        if type(q) is Or or (isinstance(q, Or) and getattr(q, "scale", None) is None):
            return all(walk(sub, boost * q.boost) for sub in q.subqueries)
        return False

    if not walk(query, 1.0):
        return None
    return found, weighting or scoring.BM25F()


def _in_sequence(positions: list[list[int]], slop: int) -> bool:
    """Whether the words stand in order, each 1 to ``slop`` positions after the last."""
    ends = set(positions[0])
    for following in positions[1:]:
        ends = {p for p in following if any(1 <= p - e <= slop for e in ends)}
        if not ends:
            return False
    return True


def _column(reader: Any, name: str, missing: Any, translate: bool = True) -> Iterator[Any]:
    """The value of column ``name`` for every document (``missing`` in
    segments where no document has one, or indexes without the field)."""
    for leaf, _ in reader.leaf_readers():
        if name in leaf.schema and leaf.has_column(name):
            yield from leaf.column_reader(name, translate=translate)
        else:
            yield from itertools.repeat(missing, leaf.doc_count_all())


def _unfiltered(matcher: Any) -> Any:
    """Whoosh's own block matcher under its deletion filter (callers mask deletions)."""
    while hasattr(matcher, "child"):
        matcher = matcher.child
    return matcher


def _cache_bytes(reader: Any) -> int:
    """The most the postings cache of ``reader``'s index may hold (see CACHE_MB)."""
    if CACHE_MB > 0:
        return CACHE_MB * 1024 * 1024
    words = sum(reader.field_length(name) for name in reader.schema.scorable_names())
    return max(MIN_CACHE_MB * 1024 * 1024, _CACHE_BYTES_A_WORD * words)


class _Postings:
    """The postings of terms, as arrays, kept while they fit in the cache."""

    def __init__(self, reader: Any, limit_bytes: int) -> None:
        self.leaves = reader.leaf_readers()
        self.documents = reader.doc_count_all()
        self.limit = limit_bytes
        self.size = 0
        self.cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def get(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, term)
        hit = self.cache.get(key)
        if hit is not None:
            self.cache.move_to_end(key)
            return hit
        return self._keep(key, self._read(field, term))

    def peek(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The postings of ``term`` if they are cached (without reading or reordering)."""
        return self.cache.get((field, term))

    def _read(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The postings of ``term`` from the index (not the cache)."""
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for leaf, offset in self.leaves:
            try:  # one lookup in the term table (most terms asked for are there)
                matcher = _unfiltered(leaf.postings(field, term))
            except TermNotFound:
                continue
            # A block at a time (Whoosh's own block reader), not a posting at a time.
            while matcher.is_active():
                matcher._read_ids()
                matcher._read_weights()
                ids.append(np.asarray(matcher._ids, dtype=np.int32) + offset)
                weights.append(np.asarray(matcher._weights, dtype=np.float32))
                matcher._next_block()
        return ((np.concatenate(ids), np.concatenate(weights)) if ids
                else (np.empty(0, np.int32), np.empty(0, np.float32)))

    def merged(self, field: str, key: str, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The postings of ``terms`` as one term's: each document once, with
        the summed weights (cached under ``key``)."""
        if len(terms) == 1:
            return self.get(field, terms[0])
        cache_key = (field, "\0" + key)
        hit = self.cache.get(cache_key)
        if hit is not None:
            self.cache.move_to_end(cache_key)
            return hit
        # The members are kept too (the cache has room for every posting
        # twice, see CACHE_MB): a member asked for as a word is then not read again.
        parts = [self.get(field, term) for term in terms]
        ids = np.concatenate([p[0] for p in parts])
        weights = np.concatenate([p[1] for p in parts])
        if len(ids) * 16 < self.documents:  # few postings: sorting them beats counting every document
            docs, where = np.unique(ids, return_inverse=True)
            summed = np.bincount(where, weights=weights)
        else:
            counts = np.bincount(ids, weights=weights)
            docs = np.flatnonzero(counts)
            summed = counts[docs]
        return self._keep(cache_key, (docs.astype(np.int32), summed.astype(np.float32)))

    def _keep(self, key: tuple[str, str], entry: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        self.cache[key] = entry
        self.size += entry[0].nbytes + entry[1].nbytes
        while self.size > self.limit and len(self.cache) > 1:
            _, (old_ids, old_weights) = self.cache.popitem(last=False)
            self.size -= old_ids.nbytes + old_weights.nbytes
        return entry


@dataclass
class Matches:
    """What a bag-of-words query found, after filters."""

    total: int
    docnums: list[int]       # the page asked for, best first
    scores: list[float]
    facets: dict[str, dict[str, int]]
    # When copies are collapsed: for each document of the page, the other
    # matching documents of its copy group, best first.
    copies: list[list[int]] = field(default_factory=list)


class FastScorer:
    """Everything needed to score word queries on one open searcher."""

    def __init__(self, searcher: Any, facets: tuple[str, ...]) -> None:
        reader = searcher.reader()
        self.searcher = searcher
        self.count = reader.doc_count_all()
        self.postings = _Postings(reader, _cache_bytes(reader))
        self.live = np.ones(self.count, dtype=bool)
        if reader.has_deletions():
            for docnum in range(self.count):
                self.live[docnum] = not reader.is_deleted(docnum)
        self.lengths: dict[str, np.ndarray] = {}
        self.avg_lengths: dict[str, float] = {}
        self.facet_codes: dict[str, tuple[np.ndarray, list[Any]]] = {
            name: self._codes(reader, name) for name in facets
        }
        # Each document's copy group (search.copies) as a number; -1 for none,
        # as for every document of an index built before copy groups.
        self.groups, group_keys = self._codes(reader, "copy_group")
        self.groups[np.isin(self.groups, [n for n, key in enumerate(group_keys) if not key])] = -1
        self.group_keys: list[str | None] = group_keys
        self.group_numbers = {key: n for n, key in enumerate(group_keys) if key}
        dates = searcher.schema["date"]
        missing = dates.column_type.default_value()
        raw = np.fromiter(_column(reader, "date", missing, translate=False), dtype=np.uint64, count=self.count)
        self.has_date = raw != missing
        self.dates = np.where(self.has_date, raw, 0).astype(np.int64)
        self._date_field = dates
        self._known: frozenset[str] | None = None
        self._families: dict[str, dict[str, tuple[str, ...]]] = {}

    def known_terms(self, fields: tuple[str, ...]) -> frozenset[str]:
        """Every term of ``fields`` (gathered once per generation)."""
        if self._known is None:
            self._known = frozenset(t for f in fields for forms in self._families_of(f).values() for t in forms)
        return self._known

    def document_frequency(self, field: str, term: str) -> int:
        """How many documents of ``field`` hold ``term`` (deleted ones too, as
        Whoosh counts): from the postings when a search has just read them."""
        hit = self.postings.peek(field, term)
        if hit is not None:
            return len(hit[0])
        return self.searcher.reader().doc_frequency(field, term)

    def prepare(self, fields: list[str], related: bool) -> None:
        """Read now what the first searches of ``fields`` would otherwise wait for."""
        for name in fields:
            self._lengths(name)
            if related:
                self._families_of(name)

    def related_forms(self, field: str, term: str) -> tuple[str, ...]:
        """The terms of ``field`` sharing ``term``'s related key."""
        return self._family(field, term)[1]

    def _family(self, field: str, term: str) -> tuple[str, tuple[str, ...]]:
        """``term``'s related key, and the terms of ``field`` that share it."""
        key = related_key(term)
        return key, self._families_of(field).get(key, ())

    def _families_of(self, field: str) -> dict[str, tuple[str, ...]]:
        """The terms of ``field`` grouped by related key (its lexicon is read
        once per generation, on first use)."""
        families = self._families.get(field)
        if families is None:
            grouped: dict[str, list[str]] = {}
            for raw in self.searcher.reader().lexicon(field):
                text = raw.decode("utf-8")
                grouped.setdefault(related_key(text), []).append(text)
            families = self._families[field] = {k: tuple(v) for k, v in grouped.items()}
        return families

    @staticmethod
    def _codes(reader: Any, name: str) -> tuple[np.ndarray, list[Any]]:
        values: dict[Any, int] = {}
        codes = np.fromiter((values.setdefault(v, len(values)) for v in _column(reader, name, None)),
                            dtype=np.int32, count=reader.doc_count_all())
        return codes, list(values)

    def _lengths(self, field: str) -> np.ndarray:
        if field not in self.lengths:
            reader = self.searcher.reader()
            self.lengths[field] = np.fromiter(
                (reader.doc_field_length(d, field, 1) for d in range(self.count)),
                dtype=np.float32, count=self.count)
            self.avg_lengths[field] = self.searcher.avg_field_length(field) or 1.0
        return self.lengths[field]

    def _term_scores(self, field: str, term: str, weighting: Any,
                     family: tuple[str, tuple[str, ...]] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(documents, BM25F score) of one term in one field, as Whoosh scores
        it; with its ``family`` (see _family), of its related forms as one term."""
        if family is not None:
            key, forms = family
            if not forms:
                return np.empty(0, np.int32), np.empty(0, np.float32)
            ids, weights = self.postings.merged(field, key, forms)
        else:
            ids, weights = self.postings.get(field, term)
        if not len(ids):
            return ids, weights
        k1 = float(weighting.K1)
        b = float(weighting._field_B.get(field, weighting.B))
        # Whoosh's idf; its document frequency counts deleted documents too,
        # as do the unfiltered postings (no lookup in the term table needed).
        idf = math.log(self.count / (len(ids) + 1)) + 1
        norm = k1 * ((1 - b) + b * self._lengths(field)[ids] / self.avg_lengths[field])
        return ids, idf * (weights * (k1 + 1)) / (weights + norm)

    def _phrase_documents(self, clause: Clause, deadline: Deadline) -> np.ndarray:
        """The documents holding the words of ``clause`` in sequence."""
        candidates = self.postings.get(clause.field, clause.terms[0])[0]
        for term in clause.terms[1:]:
            candidates = np.intersect1d(candidates, self.postings.get(clause.field, term)[0],
                                        assume_unique=True)
        if not len(candidates) or len(clause.terms) == 1:
            return candidates
        positions: list[dict[int, list[int]]] = [self._positions(clause.field, t, candidates, deadline)
                                                 for t in clause.terms]
        return np.array([d for d in candidates.tolist()
                         if _in_sequence([p[d] for p in positions], clause.slop)], dtype=np.int32)

    def _positions(self, field: str, term: str, docs: np.ndarray, deadline: Deadline) -> dict[int, list[int]]:
        """Where ``term`` stands in each of ``docs`` (which all hold it): a
        posting at a time, the one slow loop here, so it watches the deadline."""
        found: dict[int, list[int]] = {}
        wanted = docs.tolist()
        for leaf, offset in self.postings.leaves:
            end = offset + leaf.doc_count_all()
            local = [d - offset for d in wanted if offset <= d < end]
            if not local or (field, term) not in leaf:
                continue
            matcher = _unfiltered(leaf.postings(field, term))
            for n, docnum in enumerate(local):
                if n % 512 == 511:
                    deadline.check()
                matcher.skip_to(docnum)
                found[docnum + offset] = list(matcher.value_as("positions"))
        return found

    def containing(self, clauses: list[Clause], deadline: Deadline = NO_DEADLINE) -> np.ndarray:
        """Whether each document holds any of ``clauses`` (for exclusions)."""
        found = np.zeros(self.count, dtype=bool)
        for clause in clauses:
            found[self._phrase_documents(clause, deadline)] = True
        return found

    def scores(self, clauses: list[Clause], weighting: Any, deadline: Deadline = NO_DEADLINE) -> np.ndarray:
        """BM25F scores of every document (0 where nothing matched). A phrase
        scores, where it stands, the sum of its words' scores (as in Whoosh)."""
        total = np.zeros(self.count, dtype=np.float32)
        # Each word's boost in each field, as a term and through its related forms.
        words: dict[tuple[str, str], list[float]] = {}
        for clause in clauses:
            if len(clause.terms) == 1:
                words.setdefault((clause.field, clause.terms[0]), [0.0, 0.0])[clause.related] += clause.boost
                continue
            docs = self._phrase_documents(clause, deadline)
            if not len(docs):
                continue
            for term in clause.terms:
                ids, scores = self._term_scores(clause.field, term, weighting)
                total[docs] += clause.boost * scores[np.searchsorted(ids, docs)]
        for (name, term), (plain, related) in words.items():
            family = self._family(name, term) if related else None
            if family is not None and family[1] == (term,):
                plain, related = plain + related, 0.0  # a family of one scores as the term itself
            if plain:
                ids, scores = self._term_scores(name, term, weighting)
                total[ids] += plain * scores
            if related:
                ids, scores = self._term_scores(name, term, weighting, family)
                total[ids] += related * scores
        return total

    def _date_bound(self, value: datetime) -> int:
        return int(self._date_field.to_column_value(value))

    def group_key(self, docnum: int) -> str | None:
        number = self.groups[docnum]
        return self.group_keys[number] if number >= 0 else None

    def copies_of(self, docnum: int) -> np.ndarray:
        """``docnum`` and the other documents of its copy group."""
        number = self.groups[docnum]
        return np.flatnonzero(self.groups == number) if number >= 0 else np.array([docnum])

    def mask(self, kind: str | None, source: str | None,
             date_from: datetime | None, date_to: datetime | None, group: str | None = None) -> np.ndarray:
        keep = self.live.copy()
        if group is not None:
            keep &= self.groups == self.group_numbers.get(group, -2)
        for name, value in (("kind", kind), ("source", source)):
            if value is not None:
                codes, values = self.facet_codes[name]
                keep &= codes == (values.index(value) if value in values else -1)
        if date_from is not None or date_to is not None:
            keep &= self.has_date
            if date_from is not None:
                keep &= self.dates >= self._date_bound(date_from)
            if date_to is not None:
                keep &= self.dates < self._date_bound(date_to)
        return keep

    def search(self, clauses: list[Clause], weighting: Any, keep: np.ndarray, offset: int, limit: int,
               newest: bool, deadline: Deadline = NO_DEADLINE, collapse: bool = False) -> Matches:
        scores = self.scores(clauses, weighting, deadline)
        return self.rank(np.flatnonzero((scores > 0) & keep), scores, offset, limit, newest, collapse)

    def _collapse(self, matched: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``matched`` with only the best-scoring document of each copy group
        (ties: the lowest document number); and the grouped documents of
        ``matched`` with their group numbers, for listing each hit's copies.
        Linear in the matches: no sorting, as a large index may match hundreds
        of thousands of documents that have copies."""
        numbers = self.groups[matched]
        grouped_at = np.flatnonzero(numbers >= 0)
        grouped, numbers = matched[grouped_at], numbers[grouped_at]
        if not len(grouped):
            return matched, grouped, numbers
        best = np.full(len(self.group_keys), -np.inf, dtype=np.float32)
        np.maximum.at(best, numbers, scores[grouped])
        top = scores[grouped] == best[numbers]
        winner = np.full(len(self.group_keys), self.count, dtype=np.int64)
        np.minimum.at(winner, numbers[top], grouped[top])
        keep = np.ones(len(matched), dtype=bool)
        keep[grouped_at[grouped != winner[numbers]]] = False
        return matched[keep], grouped, numbers

    def rank(self, matched: np.ndarray, scores: np.ndarray, offset: int, limit: int,
             newest: bool, collapse: bool = False) -> Matches:
        """One page of the documents ``matched`` (ascending; ``scores`` holds
        every document's score), their total and facets, after collapsing
        copies if asked to."""
        if collapse:
            matched, grouped, numbers = self._collapse(matched, scores)
        facets = {}
        for name, (codes, values) in self.facet_codes.items():
            counts = np.bincount(codes[matched], minlength=len(values))
            facets[name] = {values[i]: int(n) for i, n in enumerate(counts) if n and values[i]}
        end = offset + limit
        if newest:
            # Dated documents newest first, then the undated; ties by score.
            order = np.lexsort((-scores[matched], -self.dates[matched], ~self.has_date[matched]))
            page = matched[order[offset:end]]
        else:
            if end < len(matched):
                top = matched[np.argpartition(-scores[matched], end - 1)[:end]]
            else:
                top = matched
            page = top[np.lexsort((top, -scores[top]))][offset:end]
        copies = []
        if collapse:
            for doc in page:
                number = self.groups[doc]
                group = grouped[numbers == number]  # none for a document without copies (-1)
                group = group[np.lexsort((group, -scores[group]))]  # best first
                copies.append([int(d) for d in group if d != doc])
        return Matches(len(matched), [int(d) for d in page], [float(scores[d]) for d in page], facets, copies)
