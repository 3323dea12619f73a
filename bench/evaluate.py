"""Running a query set through a system: ranks, MRR@10, Recall@10/100, latency."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from bench.corpus import Query, mean

DEPTH = 100


@dataclass
class Score:
    mrr10: float
    r10: float
    r100: float
    mean_ms: float
    p50_ms: float
    p95_ms: float
    ranks: list[int]  # 1-based rank of the answer, 0 when not in the top DEPTH

    @classmethod
    def from_ranks(cls, ranks: list[int], millis: list[float]) -> Score:
        ordered = sorted(millis)
        return cls(
            mrr10=mean([1.0 / r if 0 < r <= 10 else 0.0 for r in ranks]),
            r10=mean([1.0 if 0 < r <= 10 else 0.0 for r in ranks]),
            r100=mean([1.0 if r > 0 else 0.0 for r in ranks]),
            mean_ms=mean(millis),
            p50_ms=statistics.median(ordered) if ordered else 0.0,
            p95_ms=ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0,
            ranks=ranks,
        )


def id_column(searcher: Any) -> list[str]:
    """Document number to document id, read once per index."""
    reader = searcher.reader()
    ids = [""] * reader.doc_count_all()
    for docnum in range(reader.doc_count_all()):
        if not reader.is_deleted(docnum):
            ids[docnum] = reader.stored_fields(docnum)["id"]
    return ids



def _rank(found: Sequence[str | Collection[str]], answer: str) -> int:
    """1-based rank of the first result that is, or holds, ``answer``; 0 if none."""
    for n, result in enumerate(found, 1):
        if result == answer or (not isinstance(result, str) and answer in result):
            return n
    return 0


def evaluate(search: Callable[[str], Sequence[str | Collection[str]]], queries: Sequence[Query]) -> Score:
    """Rank every query with ``search`` (a query's top results, best first:
    ids, or sets of ids where a result stands for several documents), timed."""
    ranks: list[int] = []
    millis: list[float] = []
    for q in queries:
        started = time.perf_counter()
        found = search(q.text)
        millis.append((time.perf_counter() - started) * 1000)
        ranks.append(_rank(found, q.answer))
    return Score.from_ranks(ranks, millis)
