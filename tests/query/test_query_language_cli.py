"""The query language through ``bahth search``: exclusions in every form the
analyzer conflates, a dash inside a word, filters, and queries of nothing
but exclusions."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import CLI, write_jsonl

DOCS = [
    {"id": "rain", "title": "هطول الأمطار على الرياض", "body": "شهدت الرياض أمطارا غزيرة وسيولا.", "source": "okaz"},
    {"id": "heat", "title": "موجة حر في الرياض", "body": "ارتفعت درجات الحرارة في الرياض.", "source": "sabq"},
    {"id": "covid", "title": "لقاح كوفيد-19 في الرياض", "body": "بدأت حملة التطعيم ضد كوفيد-19.", "source": "okaz"},
    {"id": "season", "title": "نتائج موسم 2014-2015", "body": "انتهى الموسم الكروي.", "source": "sabq"},
]


@pytest.fixture
def index(bahth: CLI, tmp_path: Path) -> Path:
    write_jsonl(tmp_path / "docs.jsonl", DOCS)
    assert bahth("index", "build", tmp_path / "docs.jsonl", "--index", tmp_path / "ix").code == 0
    return tmp_path / "ix"


def found(bahth: CLI, index: Path, query: str, *args: str) -> list[str]:
    result = bahth("search", "--json", "--index", index, *args, "--", query)
    assert result.code == 0, result.err
    return sorted(hit["id"] for hit in result.json()["hits"])


@pytest.mark.parametrize("excluded", ["-أمطار", "-الأمطار", "-والأمطار", "NOT امطار", '-"الأمطار"'])
def test_an_excluded_word_removes_its_every_form(bahth: CLI, index: Path, excluded: str) -> None:
    assert found(bahth, index, "الرياض") == ["covid", "heat", "rain"]
    assert found(bahth, index, f"الرياض {excluded}") == ["covid", "heat"]


def test_a_dash_inside_a_word_or_between_digits_is_text(bahth: CLI, index: Path) -> None:
    assert found(bahth, index, "كوفيد-19") == ["covid"]
    assert found(bahth, index, "2014-2015") == ["season"]
    assert found(bahth, index, "الرياض -كوفيد-19") == ["heat", "rain"]


def test_source_in_the_query_equals_the_option(bahth: CLI, index: Path) -> None:
    assert found(bahth, index, "الرياض source:okaz") == found(bahth, index, "الرياض", "--source", "okaz") \
        == ["covid", "rain"]
    assert found(bahth, index, "الرياض source:okaz -أمطار") == ["covid"]


def test_only_exclusions_find_nothing(bahth: CLI, index: Path) -> None:
    result = bahth("search", "--json", "--index", index, "--", "-الرياض")
    assert result.code == 0 and result.json()["total"] == 0
    assert "0 results" in bahth("search", "--index", index, "--", "NOT الرياض").out


def test_conflicting_filters_are_a_malformed_request(bahth: CLI, index: Path) -> None:
    result = bahth("search", "--index", index, "--source", "sabq", "الرياض source:okaz")
    assert result.code == 2 and "--source (or source: in the query) is given more than once" in result.err
