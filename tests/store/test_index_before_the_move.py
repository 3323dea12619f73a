"""An index built before search/ moved into sub-packages (commit 5fea455)
still opens and answers: its schema pickles search.analysis.ArabicAnalyzer,
which search/analysis.py keeps as an alias of search.text.analyzer.

tests/fixtures/index-before-the-move/ was built from the three records of
tests/fixtures/index-before-the-move.jsonl. Tests search a copy, never the
fixture itself."""
from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import FIXTURES, bahth_run

FIXTURE = FIXTURES / "index-before-the-move"
GENERATION = "20261130T051902566484Z"
LIBRARY = {"https://example.com/a/1", "https://example.com/a/3"}


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def untouched() -> dict[str, str]:
    """The fixture's files as they were before these tests."""
    return fingerprint(FIXTURE)


@pytest.fixture
def old_index(tmp_path: Path, untouched: dict[str, str]) -> Iterator[Path]:
    copy = tmp_path / "index"
    shutil.copytree(FIXTURE, copy)
    yield copy
    assert fingerprint(FIXTURE) == untouched, "a test wrote into the fixture"


def test_the_fixture_is_an_index_of_the_old_layout() -> None:
    assert (FIXTURE / "CURRENT").read_text().strip() == GENERATION
    tables = list((FIXTURE / "generations" / GENERATION).glob("*.toc"))
    assert tables and all(b"search.analysis" in t.read_bytes() for t in tables)
    assert all(b"search.text" not in t.read_bytes() for t in tables)


def test_search_answers_from_an_old_index(old_index: Path) -> None:
    result = bahth_run("search", "مكتبة", "--index", old_index, "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["total"] == 2 and {h["id"] for h in data["hits"]} == LIBRARY
    hits = {h["id"]: h for h in data["hits"]}
    assert "<mark>مكتبة</mark>" in hits["https://example.com/a/1"]["title_html"]
    assert "<mark>مكتبة</mark>" in hits["https://example.com/a/1"]["snippet"]
    assert "<mark>المكتبات</mark>" in hits["https://example.com/a/3"]["title_html"]
    assert "<mark>المكتبات</mark>" in hits["https://example.com/a/3"]["snippet"]
    assert all(h["source"] == "alwasat" and h["kind"] == "article" for h in data["hits"])


def test_stats_describe_an_old_index(old_index: Path) -> None:
    result = bahth_run("index", "stats", "--json", "--index", old_index)
    assert result.code == 0, result.err
    stats = result.json()
    assert stats["generation"] == GENERATION and stats["documents"] == 3
    assert stats["by_kind"] == {"article": 3} and stats["by_source"] == {"alwasat": 2, "almasdar": 1}
    assert stats["date_range"] == {"from": "2026-10-01", "to": "2026-10-03"}
    human = bahth_run("index", "stats", "--index", old_index)
    assert human.code == 0 and "documents  3" in human.out
