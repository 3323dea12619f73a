"""The operator path: queries that need Whoosh's own matchers (AND, NOT, ...).

Whoosh's matchers find and score the documents, under the time limit; the
scores then go into an array, to be filtered, collapsed, counted and paged
like those of every other query (search.scoring.topk).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.collectors import FilterCollector, TimeLimitCollector
from whoosh.query import Query
from whoosh.searching import Results, Searcher, TimeLimit

from search.deadline import Deadline, QueryTimeout


def scores(searcher: Searcher, query: Query, excluded: Query | None,
           deadline: Deadline) -> tuple[np.ndarray, np.ndarray]:
    """The documents ``query`` matches and ``excluded`` does not (ascending),
    and every document's score (0 where nothing matched)."""
    found = search_within(searcher, query, deadline, limit=None, mask=excluded).top_n
    docs = np.fromiter((docnum for _, docnum in found), dtype=np.int64, count=len(found))
    total = np.zeros(searcher.reader().doc_count_all(), dtype=np.float32)
    total[docs] = np.fromiter((score or 0.0 for score, _ in found), dtype=np.float32, count=len(found))
    return np.sort(docs), total


class _TimeLimit(TimeLimitCollector):
    """Whoosh's TimeLimitCollector, also watching the time in ``matches``.

    Its own loop hands documents straight to its child's ``collect``, which
    would skip a FilterCollector's filter and mask inside it; so the filter
    goes outside, and its loop reaches the time check here.
    """

    def matches(self) -> Iterator[int]:
        for docnum in self.child.matches():
            if self.timedout:
                raise TimeLimit
            yield docnum


def search_within(searcher: Searcher, query: Query, deadline: Deadline, **kwargs: Any) -> Results:
    """``searcher.search(query, **kwargs)``, stopped with QueryTimeout at ``deadline``.

    Whoosh's TimeLimitCollector is used with its timer thread only: the
    thread sets a flag that the collector checks between matched documents,
    so the search stops at a clean point. Its SIGALRM mode is not used: the
    signal would raise wherever the worker happens to be, even after the
    search has returned, as the alarm is never withdrawn.
    """
    remaining = deadline.remaining()
    if remaining is None:
        return searcher.search(query, **kwargs)
    deadline.check()
    allow, restrict = kwargs.pop("filter", None), kwargs.pop("mask", None)
    limited = _TimeLimit(searcher.collector(**kwargs), timelimit=remaining, use_alarm=False)
    collector = FilterCollector(limited, allow, restrict) if allow or restrict else limited
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        assert deadline.limit is not None
        raise QueryTimeout(deadline.limit) from None
    return collector.results()
