"""BM25 over clauses, with whole arrays: every document's score at once.

The ranking is Whoosh's own BM25F (its idf, field lengths and boosts), so
the operator path, which Whoosh's matchers score, orders documents alike.
A clause marked ``family`` also scores the terms of its word family (see
search.scoring.lexicon) as if they were one term: their postings are merged,
their frequencies summed, and the idf is that of the merged list. A family
only raises the score of documents that other clauses matched: what a
reader is told matched holds a word they typed (or its spelling variant).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from search.deadline import NO_DEADLINE, Deadline
from search.scoring.lexicon import Lexicon
from search.scoring.model import Clause, Ranking
from search.scoring.postings import Postings, field_lengths


def idf(documents: int, frequency: int) -> float:
    """Whoosh's idf. Its document frequency counts deleted documents too,
    as do the unfiltered postings."""
    return math.log(documents / (frequency + 1)) + 1


def bm25(weights: np.ndarray, lengths: np.ndarray, average: float, idf: float, k1: float, b: float) -> np.ndarray:
    """The BM25 score of term frequencies ``weights`` in fields of ``lengths``."""
    norm = k1 * ((1 - b) + b * lengths / average)
    return idf * (weights * (k1 + 1)) / (weights + norm)


def _in_sequence(positions: list[list[int]], slop: int) -> bool:
    """Whether the words stand in order, each 1 to ``slop`` positions after
    the last (positions ascending). Sorted arrays, not pairs: a long
    document holds a common word tens of thousands of times."""
    ends = np.asarray(positions[0], dtype=np.int64)
    for following in positions[1:]:
        after = np.asarray(following, dtype=np.int64)
        if not len(ends) or not len(after):
            return False
        # The first end at or after p - slop must come before p.
        at = np.minimum(np.searchsorted(ends, after - slop), len(ends) - 1)
        ends = after[(ends[at] >= after - slop) & (ends[at] <= after - 1)]
    return bool(len(ends))


# Document frequencies kept per reader: did-you-mean asks for those of the
# query's words, and of the words one edit away, query after query.
CACHED_FREQUENCIES = 100_000


class Scorer:
    """Scores clauses on one open reader."""

    def __init__(self, reader: Any, postings: Postings, lexicon: Lexicon) -> None:
        self.reader = reader
        self.count = reader.doc_count_all()
        self.postings = postings
        self.lexicon = lexicon
        self.lengths: dict[str, np.ndarray] = {}
        self.avg_lengths: dict[str, float] = {}
        self.frequencies: dict[tuple[str, str], int] = {}

    def prepare(self, fields: list[str]) -> None:
        """Read now what the first searches of ``fields`` would otherwise wait for."""
        for name in fields:
            self._lengths(name)

    def document_frequency(self, field: str, term: str) -> int:
        """How many documents of ``field`` hold ``term`` (deleted ones too, as
        Whoosh counts): from the postings when a search has just read them."""
        hit = self.postings.peek(field, term)
        if hit is not None:
            return len(hit[0])
        key = (field, term)
        found = self.frequencies.get(key)
        if found is None:
            if len(self.frequencies) >= CACHED_FREQUENCIES:
                self.frequencies.clear()
            found = self.frequencies[key] = int(self.reader.doc_frequency(field, term))
        return found

    def _lengths(self, field: str) -> np.ndarray:
        if field not in self.lengths:
            self.lengths[field] = field_lengths(self.reader, field, 1)
            # As Whoosh's searcher averages: over every document, deleted ones too.
            self.avg_lengths[field] = self.reader.field_length(field) / (self.count or 1) or 1.0
        return self.lengths[field]

    def _term_scores(self, field: str, term: str, ranking: Ranking, deadline: Deadline,
                     family: tuple[str, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
        """(documents, score) of one term in one field; with its ``family``
        (see Lexicon.family), of the family's terms as one term."""
        if family:
            ids, weights = self.postings.merged(field, term, family, deadline)
        else:
            ids, weights = self.postings.get(field, term, deadline)
        if not len(ids):
            return ids, weights
        lengths = self._lengths(field)[ids]
        return ids, bm25(weights, lengths, self.avg_lengths[field], idf(self.count, len(ids)), ranking.k1, ranking.b)

    def phrase_documents(self, clause: Clause, deadline: Deadline) -> np.ndarray:
        """The documents holding the words of ``clause`` in sequence."""
        candidates = self.postings.get(clause.field, clause.terms[0], deadline)[0]
        for term in clause.terms[1:]:
            candidates = np.intersect1d(candidates, self.postings.get(clause.field, term, deadline)[0],
                                        assume_unique=True)
        if not len(candidates) or len(clause.terms) == 1:
            return candidates
        positions = [self.postings.positions(clause.field, t, candidates, deadline) for t in clause.terms]
        return np.array([d for d in candidates.tolist()
                         if _in_sequence([p[d] for p in positions], clause.slop)], dtype=np.int32)

    def containing(self, clauses: tuple[Clause, ...], deadline: Deadline = NO_DEADLINE) -> np.ndarray:
        """Whether each document holds any of ``clauses`` (for exclusions)."""
        found = np.zeros(self.count, dtype=bool)
        for clause in clauses:
            found[self.phrase_documents(clause, deadline)] = True
        return found

    def scores(self, clauses: tuple[Clause, ...], ranking: Ranking, deadline: Deadline = NO_DEADLINE) -> np.ndarray:
        """The score of every document (0 where nothing matched). A phrase
        scores, where it stands, the sum of its words' scores (as in Whoosh)."""
        total = np.zeros(self.count, dtype=np.float32)
        # Each word's boost in each field, as a term and through its family.
        words: dict[tuple[str, str], list[float]] = {}
        for clause in clauses:
            if len(clause.terms) == 1:
                words.setdefault((clause.field, clause.terms[0]), [0.0, 0.0])[clause.family] += clause.boost
                continue
            docs = self.phrase_documents(clause, deadline)
            if not len(docs):
                continue
            for term in clause.terms:
                ids, scores = self._term_scores(clause.field, term, ranking, deadline)
                total[docs] += clause.boost * scores[np.searchsorted(ids, docs)]
        related_total = np.zeros(self.count, dtype=np.float32)
        for (name, term), (plain, related) in words.items():
            deadline.check()
            family = self.lexicon.family(term) if related else ()
            if len(family) == 1:
                plain, related = plain + related, 0.0  # a family of one scores as the term itself
            if plain:
                ids, scores = self._term_scores(name, term, ranking, deadline)
                total[ids] += plain * scores
            if related:
                ids, scores = self._term_scores(name, term, ranking, deadline, family)
                related_total[ids] += related * scores
        if not ranking.family_finds:
            related_total[total == 0] = 0
        return total + related_total
