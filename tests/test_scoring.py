"""Word and phrase queries scored with arrays rank exactly as Whoosh ranks them."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import sorting

from clitools import CLI, SAMPLE, write_jsonl
from search.engine import FACETS
from search.ranking import Ranker
from search.scoring import FastScorer, clauses_of
from search.store import IndexStore

QUERIES = ["روسيا", "أسعار النفط", "الذكاء الاصطناعي في المدارس", "مهرجان الأفلام في القاهرة",
           "البنك المركزي يرفع سعر الفائدة", "كأس الدوري والمنتخب", "OPEC iPhone", "مستشفى",
           '"أسعار النفط"', 'تراجع "سعر الفائدة" في المغرب', '"الذكاء الاصطناعي"']


@pytest.fixture
def searcher(bahth: CLI, tmp_path: Path):
    assert bahth("index", "build", SAMPLE, "--index", tmp_path / "ix").code == 0
    # An update leaves deleted documents in the old segment: they must not count.
    write_jsonl(tmp_path / "u.jsonl", [{"id": "sample-006", "title": "روسيا", "body": "تحديث عن روسيا والنفط"}])
    assert bahth("index", "update", tmp_path / "u.jsonl", "--index", tmp_path / "ix").code == 0
    ix = IndexStore(tmp_path / "ix").current().open()
    with ix.searcher() as s:
        yield s
    ix.close()


@pytest.mark.parametrize("text", QUERIES)
def test_fast_scores_equal_whoosh_scores(searcher, text: str) -> None:
    query = Ranker(searcher.schema).query(text)
    words = clauses_of(query)
    assert words is not None
    scorer = FastScorer(searcher, FACETS)
    fast = scorer.search(*words, scorer.mask(None, None, None, None), 0, 100, newest=False)
    slow = searcher.search(query, limit=100, groupedby={n: sorting.FieldFacet(n) for n in FACETS},
                           maptype=sorting.Count)
    assert fast.total == len(slow) > 0
    assert [round(s, 3) for s in fast.scores] == [round(h.score, 3) for h in slow]
    # Equal scores may come in either order; the documents behind each score agree.
    assert sorted((round(s, 3), d) for s, d in zip(fast.scores, fast.docnums)) == \
        sorted((round(h.score, 3), h.docnum) for h in slow)
    assert fast.facets == {n: {k: v for k, v in slow.groups(n).items() if k} for n in FACETS}


def test_operators_are_left_to_whoosh(searcher) -> None:
    ranker = Ranker(searcher.schema)
    for text in ["روسيا AND النفط", "روسيا NOT النفط"]:
        assert clauses_of(ranker.query(text)) is None
