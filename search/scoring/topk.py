"""From every document's score to one page: collapsing copies, ordering,
paging and counting facets, with whole arrays."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from search.scoring.columns import FACETS, Columns


@dataclass(frozen=True)
class Page:
    """Which page of the matches to return, and how they are ordered."""

    offset: int
    limit: int
    newest: bool = False    # dated documents newest first, then the undated
    collapse: bool = False  # one hit for each copy group


@dataclass
class Matches:
    """What a query found, after filters."""

    total: int
    docnums: list[int]       # the page asked for, best first
    scores: list[float]
    facets: dict[str, dict[str, int]]
    # When copies are collapsed: for each document of the page, the other
    # matching documents of its copy group, best first.
    copies: list[list[int]] = field(default_factory=list)

    @classmethod
    def none(cls) -> Matches:
        return cls(0, [], [], {name: {} for name in FACETS})


def _collapse(columns: Columns, matched: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``matched`` with only the best-scoring document of each copy group
    (ties: the lowest document number); and the grouped documents of
    ``matched`` with their group numbers, for listing each hit's copies.
    Linear in the matches: no sorting, as a large index may match hundreds
    of thousands of documents that have copies."""
    numbers = columns.groups[matched]
    grouped_at = np.flatnonzero(numbers >= 0)
    grouped, numbers = matched[grouped_at], numbers[grouped_at]
    if not len(grouped):
        return matched, grouped, numbers
    best = np.full(columns.group_count, -np.inf, dtype=np.float32)
    np.maximum.at(best, numbers, scores[grouped])
    top = scores[grouped] == best[numbers]
    winner = np.full(columns.group_count, columns.count, dtype=np.int64)
    np.minimum.at(winner, numbers[top], grouped[top])
    keep = np.ones(len(matched), dtype=bool)
    keep[grouped_at[grouped != winner[numbers]]] = False
    return matched[keep], grouped, numbers


def best(matched: np.ndarray, scores: np.ndarray, offset: int, end: int) -> np.ndarray:
    """``matched[offset:end]`` in order of score (ties: the lower document
    number first), without sorting the documents past ``end``."""
    top = matched[np.argpartition(-scores[matched], end - 1)[:end]] if end < len(matched) else matched
    return top[np.lexsort((top, -scores[top]))][offset:end]


def _order(columns: Columns, matched: np.ndarray, scores: np.ndarray, page: Page,
           first: np.ndarray | None) -> np.ndarray:
    """The documents of the page, in order."""
    end = page.offset + page.limit
    if page.newest:
        # Dated documents newest first, then the undated; ties by score.
        keys = [-scores[matched], -columns.dates[matched], ~columns.has_date[matched]]
        if first is not None:
            keys.append(~first[matched])
        return matched[np.lexsort(keys)[page.offset:end]]
    return best(matched, scores, page.offset, end)


def rank(columns: Columns, matched: np.ndarray, scores: np.ndarray, page: Page,
         first: np.ndarray | None = None) -> Matches:
    """One page of the documents ``matched`` (ascending; ``scores`` holds
    every document's score), their total and facets, after collapsing
    copies if asked to. Newest first, the documents marked in ``first`` (if
    given) come before the others, each part newest first."""
    if page.collapse:
        matched, grouped, numbers = _collapse(columns, matched, scores)
    facets = columns.counts(matched)
    docs = _order(columns, matched, scores, page, first)
    copies = []
    if page.collapse:
        for doc in docs:
            group = grouped[numbers == columns.groups[doc]]  # none for a document without copies (-1)
            group = group[np.lexsort((group, -scores[group]))]  # best first
            copies.append([int(d) for d in group if d != doc])
    return Matches(len(matched), [int(d) for d in docs], [float(scores[d]) for d in docs], facets, copies)
