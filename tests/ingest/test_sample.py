"""The sample corpus that ships with the project builds and answers as documented."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import CLI, SAMPLE


@pytest.fixture
def sample_index(bahth: CLI, tmp_path: Path) -> tuple[Path, dict]:
    result = bahth("index", "build", SAMPLE, "--json", "--index", tmp_path / "ix")
    assert result.code == 0, result.err
    return tmp_path / "ix", result.json()


def test_sample_builds_with_the_documented_counts(sample_index: tuple[Path, dict]) -> None:
    _, summary = sample_index
    # sample/README.md: 43 records + 3 pages; 16 distinct teasers, 4 of them openings of articles.
    assert summary["articles"] == 46
    assert summary["teasers"] == 12
    assert summary["teasers_merged_into_articles"] == 4
    assert summary["duplicates"] == 11
    assert summary["skipped"] == 0


@pytest.mark.parametrize("query,expected", [
    ("روسيا", {"sample-006", "sample-015"}),        # plain and fully vowelled spellings
    ("ايران", {"sample-013", "sample-014"}),        # إيران / ايران
    ("مستشفى", {"sample-038", "sample-039", "sample-041"}),  # ى / ي
    ("الذهب", {"sample-004"}),
])
def test_sample_searches_find_every_spelling(bahth: CLI, sample_index: tuple[Path, dict],
                                             query: str, expected: set[str]) -> None:
    index, _ = sample_index
    hits = bahth("search", query, "--json", "--limit", "50", "--index", index).json()["hits"]
    assert expected <= {h["id"] for h in hits}


def test_sample_story_carried_by_three_sources_is_one_hit(bahth: CLI, sample_index: tuple[Path, dict]) -> None:
    index, _ = sample_index
    hits = bahth("search", "مهرجان الدوحة للفيلم القصير", "--json", "--index", index).json()["hits"]
    story = [h for h in hits if h["id"] in {"sample-033", "sample-042", "sample-043"}]
    assert len(story) == 1 and story[0]["copies"]["count"] == 2
    assert len(story[0]["copies"]["sources"]) == 2
