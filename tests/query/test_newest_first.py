"""Newest first, a query of several words lists the documents that hold
every word before those that hold some of them: a reader reading by date
looking for «عاصفة الحزم» wants the operation, not a sandstorm."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from search.engine import Engine
from search.query.request import SearchRequest
from tests.support import build_index

DOCS = [
    {"id": "both-old", "body": "انطلقت عاصفة الحزم فجر اليوم", "date": "2015-03-26"},
    {"id": "both-new", "body": "قوات عاصفة الحزم تواصل عملياتها في اليمن", "date": "2015-08-01"},
    {"id": "storm", "body": "ضربت عاصفة رملية المدينة أمس", "date": "2015-08-10"},
    {"id": "firmness", "body": "تعاملت الحكومة مع الأزمة بكل الحزم", "date": "2015-08-11"},
    {"id": "undated", "body": "تحليل: عاصفة الحزم بعد مئة يوم"},
    {"id": "neither", "body": "افتتاح معرض الكتاب في الرياض", "date": "2015-08-12"},
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with Engine(build_index(tmp_path_factory.mktemp("newest") / "index", DOCS)) as opened:
        yield opened


def search(engine: Engine, q: str, sort: str) -> tuple[int, list[str]]:
    result = engine.search(SearchRequest(q, sort=sort, collapse=False), snippets=False)
    return result.total, [hit.id for hit in result.hits]


def test_documents_holding_every_word_come_first_each_part_newest_first(engine: Engine) -> None:
    total, ids = search(engine, "عاصفة الحزم", "newest")
    assert ids == ["both-new", "both-old", "undated", "firmness", "storm"]
    # The same results as by relevance, in another order.
    assert (total, set(ids)) == (5, set(search(engine, "عاصفة الحزم", "relevance")[1]))


def test_one_word_is_in_order_of_date_alone(engine: Engine) -> None:
    assert search(engine, "عاصفة", "newest") == (4, ["storm", "both-new", "both-old", "undated"])


def test_a_stop_word_is_not_asked_for(engine: Engine) -> None:
    """في is no word to hold: «الحزم في» is الحزم alone, in order of date."""
    assert search(engine, "الحزم في", "newest")[1] == ["firmness", "both-new", "both-old", "undated"]
