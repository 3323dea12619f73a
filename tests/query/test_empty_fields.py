"""A field no document has text in (teasers, in a corpus that has none) is
not searched: an index is planned for the fields it fills, and planned
anew when an update fills another."""
from __future__ import annotations

from pathlib import Path

from search.engine import Engine
from search.query.request import SearchRequest
from search.store.build import update
from tests.support import build_index, wait_for, write_jsonl

ARTICLE = {"id": "riyadh", "title": "افتتاح معرض الكتاب", "body": "افتتح في الرياض معرض الكتاب السنوي.",
           "source": "okaz", "date": "2015-07-21"}
WITH_TEASER = {"id": "manama", "title": "خبر قصير", "body": "نص الخبر القصير.",
               "teaser": "موجز عن مهرجان المنامة", "source": "okaz", "date": "2015-07-22"}


def _total(engine: Engine, query: str) -> int:
    return engine.search(SearchRequest(q=query)).total


def test_a_field_an_update_fills_is_searched_from_then_on(tmp_path: Path) -> None:
    root = build_index(tmp_path / "index", [ARTICLE])
    with Engine(root) as engine:
        assert _total(engine, "الرياض") == 1
        assert _total(engine, "المنامة") == 0
        update(root, [str(write_jsonl(tmp_path / "more.jsonl", [WITH_TEASER]))])
        wait_for(lambda: _total(engine, "المنامة") == 1, "the word of the new teaser found")
        assert _total(engine, "مهرجان") == 1 and _total(engine, "الرياض") == 1


def test_an_index_of_no_text_finds_nothing(tmp_path: Path) -> None:
    root = build_index(tmp_path / "index", [{**ARTICLE, "title": "و في", "body": "من إلى على"}])
    with Engine(root) as engine:
        assert _total(engine, "الرياض") == 0
        assert _total(engine, '"الرياض" OR معرض') == 0
