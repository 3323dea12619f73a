"""How a corpus uses its terms: their neighbours and their documents, as arrays.

Each term's neighbours within two words are weighted by positive pointwise
mutual information (with the context distribution smoothed, as is usual),
so that what two terms share is what is particular to them, not the
commonest words of the language.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

_WINDOW = 2
_SMOOTHING = 0.75  # raises rare neighbours' probability, as PPMI needs
_TOP = 50           # a term's strongest neighbours, for ``shared``


class Contexts:
    """The terms of a corpus, their counts, neighbours and documents."""

    def __init__(self, terms: list[str], documents: Iterable[Sequence[int]]) -> None:
        """``terms`` of a corpus, and each document as the numbers of its terms in order."""
        self.terms = terms
        self.ids = {term: n for n, term in enumerate(terms)}
        size = len(terms)
        # Term numbers as 32 bits, pairs as 64: a corpus's tokens are read
        # whole, and their arrays are most of a build's peak memory.
        sequences = [np.array(doc, dtype=np.int32) for doc in documents]
        gap = np.full(_WINDOW, -1, dtype=np.int32)
        joined = np.concatenate([part for s in sequences for part in (s, gap)]) if sequences else \
            np.empty(0, np.int32)
        self.frequency = np.bincount(joined[joined >= 0], minlength=size)
        self._neighbours(joined, size)
        del joined
        self._documents(sequences, size)

    def _neighbours(self, joined: np.ndarray, size: int) -> None:
        """Each term's neighbours (in ``joined``, documents apart by -1) and their weights."""
        # Each pair of terms this far apart is counted in reading order, then
        # the counts are mirrored: the same figures as counting both ways,
        # without holding twice the corpus's pairs (a build's peak memory).
        ahead: list[np.ndarray] = []
        for offset in range(1, _WINDOW + 1):
            a, b = joined[:-offset], joined[offset:]
            ok = (a >= 0) & (b >= 0)
            ahead.append(a[ok].astype(np.int64) * size + b[ok])
        keys, counts = np.unique(np.concatenate(ahead) if ahead else np.empty(0, np.int64), return_counts=True)
        del ahead
        width = max(size, 1)
        mirrored = (keys % width) * width + keys // width
        keys, where = np.unique(np.concatenate([keys, mirrored]), return_inverse=True)
        summed = np.bincount(where, weights=np.concatenate([counts, counts]).astype(np.float64))
        rows, columns = keys // width, keys % width
        total = summed.sum() or 1.0
        context = np.bincount(columns, weights=summed, minlength=size) ** _SMOOTHING
        context /= context.sum() or 1.0
        row_sum = np.bincount(rows, weights=summed, minlength=size)
        with np.errstate(divide="ignore"):
            pmi = np.log((summed / total) / ((row_sum[rows] / total) * context[columns]))
        keep = pmi > 0
        self.rows, self.columns = rows[keep], columns[keep]
        self.counts, self.ppmi = summed[keep], pmi[keep]
        self.starts = np.searchsorted(self.rows, np.arange(size + 1))
        self.norms = np.sqrt(np.bincount(self.rows, weights=self.ppmi ** 2, minlength=size))

    def _documents(self, sequences: list[np.ndarray], size: int) -> None:
        """Which documents hold each term (sorted lists, by term)."""
        lengths = [len(s) for s in sequences]
        terms = np.concatenate(sequences) if sequences else np.empty(0, np.int32)
        docs = np.repeat(np.arange(len(sequences), dtype=np.int32), lengths)
        # each (term, document) once, by term
        pairs = np.unique(terms.astype(np.int64) * max(len(sequences), 1) + docs)
        self.doc_terms, self.doc_ids = pairs // max(len(sequences), 1), pairs % max(len(sequences), 1)
        self.doc_starts = np.searchsorted(self.doc_terms, np.arange(size + 1))

    def documents(self, term: int) -> np.ndarray:
        return self.doc_ids[self.doc_starts[term]:self.doc_starts[term + 1]]

    def document_frequency(self, term: int) -> int:
        return int(self.doc_starts[term + 1] - self.doc_starts[term])

    def _row(self, term: int) -> slice:
        return slice(self.starts[term], self.starts[term + 1])

    def similarity(self, a: int, b: int) -> float:
        """The cosine of two terms' neighbour weights."""
        if not self.norms[a] or not self.norms[b]:
            return 0.0
        ra, rb = self._row(a), self._row(b)
        _, ia, ib = np.intersect1d(self.columns[ra], self.columns[rb], assume_unique=True, return_indices=True)
        return float((self.ppmi[ra][ia] * self.ppmi[rb][ib]).sum() / (self.norms[a] * self.norms[b]))

    def shared(self, a: int, b: int) -> float:
        """The share of ``a``'s neighbours (by count) that are among ``b``'s
        strongest: unlike the cosine, not diluted when ``a`` is rare."""
        ra, rb = self._row(a), self._row(b)
        strength = self.counts[rb] * self.ppmi[rb]
        top = self.columns[rb][np.argsort(-strength)[:_TOP]]
        counts = self.counts[ra]
        inside = np.isin(self.columns[ra], top)
        return float(counts[inside].sum() / (counts.sum() or 1.0))

    def strongest(self, term: int, count: int, leaving: tuple[int, ...] = ()) -> np.ndarray:
        """``term``'s ``count`` strongest neighbours (by count and weight), but
        not those in ``leaving``."""
        row = self._row(term)
        columns, strength = self.columns[row], self.counts[row] * self.ppmi[row]
        keep = ~np.isin(columns, leaving)
        return columns[keep][np.argsort(-strength[keep], kind="stable")[:count]]

    def both(self, a: int, b: int) -> int:
        """How many documents hold both terms."""
        return len(np.intersect1d(self.documents(a), self.documents(b), assume_unique=True))

    def together(self, a: int, b: int) -> float:
        """The share of the rarer term's documents that hold the other too."""
        fewer = min(self.document_frequency(a), self.document_frequency(b))
        return self.both(a, b) / fewer if fewer else 0.0
