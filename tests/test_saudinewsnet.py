"""The real corpus: all of SaudiNewsNet, from its zips as distributed."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAUDINEWSNET, need

pytestmark = pytest.mark.slow

RECORDS = 31_030
# Records that carry only a url: no title, no body (the corpus as distributed).
WITHOUT_TEXT = 57


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    corpus = need(SAUDINEWSNET)
    index = tmp_path_factory.mktemp("saudinewsnet") / "ix"
    done = subprocess.run(
        [sys.executable, "-m", "search.cli", "index", "build", str(corpus), "--json", "--index", str(index)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return index, json.loads(done.stdout)


def test_every_article_is_indexed_or_reported(built: tuple[Path, dict]) -> None:
    _, summary = built
    assert summary["articles"] + summary["skipped"] == RECORDS
    assert summary["skipped"] == WITHOUT_TEXT
    assert all(p.endswith("record has no body, teaser or title") for p in summary["problems"])
    assert summary["articles"] == RECORDS - WITHOUT_TEXT and summary["teasers"] == 0


def test_the_corpus_is_searchable_by_source_and_date(built: tuple[Path, dict]) -> None:
    index, _ = built
    stats = json.loads(subprocess.run(
        [sys.executable, "-m", "search.cli", "index", "stats", "--json", "--index", str(index)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout)
    assert stats["documents"] == RECORDS - WITHOUT_TEXT
    assert len(stats["by_source"]) == 14
    assert stats["date_range"]["from"].startswith("2015-07") and stats["date_range"]["to"].startswith("2015-08")
    result = json.loads(subprocess.run(
        [sys.executable, "-m", "search.cli", "search", "ولي العهد", "--source", "was", "--json", "--index", str(index)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout)
    assert result["total"] > 10 and {h["source"] for h in result["hits"]} == {"was"}
    assert all("<mark>" in h["snippet"] for h in result["hits"])
