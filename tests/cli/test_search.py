"""``bahth search``: Arabic spelling variation, filters, paging, bad queries."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import CLI, write_jsonl

DOCS = [
    {"id": "gold", "title": "أسعار الذهب تتراجع",
     "body": "تراجعت أَسْعَارُ الذَّهَبِ في الأسواق العالمية إلى أدنى مستوى منذ عام ٢٠٢٦.",
     "date": "2026-09-10", "source": "alwasat"},
    {"id": "hospital", "title": "افتتاح مستشفى جديد",
     "body": "افتتحت وزارة الصحة مستشفى جديدا في المدينة الساحلية للأطفال.",
     "date": "2026-10-05", "source": "alyawm"},
    {"id": "school", "title": "المدرسة الرقمية",
     "body": "أطلقت الوزارة برنامج المدرسة الرقمية للطلاب في المناطق البعيدة.",
     "date": "2026-11-01", "source": "alwasat"},
    {"id": "russia", "title": "مباحثات في موسكو", "body": "قال مسؤول في رُوسِيَا إن المباحثات الاقتصادية ستستمر.",
     "date": "2026-11-03T10:00:00+03:00", "source": "almasdar"},
    {"id": "islam", "title": "مؤتمر إسلامي", "body": "انطلق المؤتمر الإسلامي للحوار بمشاركة علماء من عشرين دولة.",
     "date": "2026-08-20", "source": "almasdar"},
]


@pytest.fixture
def index(bahth: CLI, tmp_path: Path) -> Path:
    write_jsonl(tmp_path / "docs.jsonl", DOCS)
    assert bahth("index", "build", tmp_path / "docs.jsonl", "--index", tmp_path / "ix").code == 0
    return tmp_path / "ix"


def found(bahth: CLI, index: Path, *args: str) -> list[str]:
    result = bahth("search", *args, "--json", "--index", index)
    assert result.code == 0, result.err
    return [hit["id"] for hit in result.json()["hits"]]


@pytest.mark.parametrize("queries,expected", [
    (["الذهب", "الذَّهَب", "ذهب", "بالذهب", "والذهب", "للذهب", "الـــذهب"], "gold"),
    (["أسعار", "اسعار", "إسعار", "الأسعار", "أَسْعَار"], "gold"),
    (["مستشفى", "مستشفي", "المستشفى", "والمستشفى"], "hospital"),
    (["المدرسة", "المدرسه", "مدرسة", "بالمدرسة", "مدارس المدرسة"], "school"),
    (["٢٠٢٦", "2026", "۲۰۲۶"], "gold"),
    (["روسيا", "رُوسِيَا", "روسيا"], "russia"),
    (["إسلامي", "اسلامي", "الإسلامي", "أسلامي"], "islam"),
])
def test_spelling_variants_find_the_same_documents(bahth: CLI, index: Path, queries: list[str], expected: str) -> None:
    for query in queries:
        assert found(bahth, index, query)[:1] == [expected], query


def test_json_output_has_the_api_shape(bahth: CLI, index: Path) -> None:
    result = bahth("search", "الذهب", "--json", "--index", index).json()
    assert set(result) >= {"query", "total", "page", "per_page", "took_ms", "hits"}
    hit = result["hits"][0]
    assert set(hit) >= {"id", "kind", "title", "url", "source", "date", "snippet", "score"}
    # The snippet shows the original words, diacritics and all, marked.
    assert "<mark>الذَّهَبِ</mark>" in hit["snippet"]
    assert hit["date"] == "2026-09-10" and hit["kind"] == "article"


def test_human_output_lists_title_meta_and_snippet(bahth: CLI, index: Path) -> None:
    out = bahth("search", "روسيا", "--index", index).out
    assert "1 results for «روسيا»" in out
    assert "مباحثات في موسكو" in out and "article · المصدر · 2026-11-03T07:00:00" in out  # the source by name
    assert "**رُوسِيَا**" in out  # the match marked in the original spelling


def test_filters_and_paging(bahth: CLI, index: Path) -> None:
    q = "الوزارة OR الذهب OR المؤتمر OR المباحثات OR مستشفى"
    assert sorted(found(bahth, index, q)) == ["gold", "hospital", "islam", "russia", "school"]
    assert sorted(found(bahth, index, q, "--source", "alwasat")) == ["gold", "school"]
    assert sorted(found(bahth, index, q, "--from", "2026-10-01", "--to", "2026-11-01")) == ["hospital", "school"]
    assert found(bahth, index, q, "--sort", "newest") == ["russia", "school", "hospital", "gold", "islam"]
    assert found(bahth, index, q, "--sort", "newest", "--limit", "2", "--page", "2") == ["hospital", "gold"]
    assert found(bahth, index, q, "--kind", "teaser") == []


@pytest.mark.parametrize("query", [
    '"الذهب', "((الذهب", "الذهب)", "AND", "OR", "NOT", "الذهب AND", "NOT NOT", '"', "(((", "*", "ذه*",
    "title:الذهب", "الذهب~2", "[a TO z]", "^^^", "\\", "\u202eالذهب", "في من على",
])
def test_malformed_queries_never_crash(bahth: CLI, index: Path, query: str) -> None:
    result = bahth("search", query, "--json", "--index", index)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    if "الذهب" in query:  # the plain words of a malformed query still count
        assert "gold" in [h["id"] for h in result.json()["hits"]]


@pytest.mark.parametrize("args,message", [
    (["", ], "there is nothing to search for in the query"),
    (["الذهب", "--from", "yesterday"], "--from must be a date"),
    (["الذهب", "--limit", "1000"], "--limit must be a whole number from 1 to 100"),
    (["الذهب", "--page", "0"], "--page must be a whole number"),
    (["الذهب", "--from", "2015-08-02", "--to", "2015-08-01"], "--from is after --to"),
    (["الذهب", "--group", "abc"], "--group must be the copies.group of a hit"),
    (["x" * 600], "at most 500 are allowed"),
])
def test_bad_requests_are_clear_errors(bahth: CLI, index: Path, args: list[str], message: str) -> None:
    result = bahth("search", *args, "--index", index)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err
    assert "'" + "per_page'" not in result.err and "'q'" not in result.err  # the API's names, not the CLI's


def test_searching_without_an_index_says_how_to_build_one(bahth: CLI, tmp_path: Path) -> None:
    result = bahth("search", "الذهب", "--index", tmp_path / "none")
    assert result.code == 1 and "bahth index build" in result.err


def test_a_word_in_the_opening_counts_for_more(bahth: CLI, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Two stories of the same length name the same place once: in the
    opening sentence of one, deep in the other. The story about it ranks first,
    unless the lead boost is switched off when building (then they tie)."""
    filler = " ".join(["تقرير"] + ["يوم"] * 60)
    docs = [{"id": "deep", "body": f"{filler} ثم زار الوفد نجران."},
            {"id": "lead", "body": f"زار الوفد نجران. {filler}"}]
    write_jsonl(tmp_path / "docs.jsonl", docs)
    assert bahth("index", "build", tmp_path / "docs.jsonl", "--index", tmp_path / "ix").code == 0
    hits = bahth("search", "نجران", "--json", "--index", tmp_path / "ix").json()["hits"]
    assert [h["id"] for h in hits] == ["lead", "deep"] and hits[0]["score"] > hits[1]["score"]

    monkeypatch.setenv("BAHTH_LEAD_WORDS", "0")
    assert bahth("index", "build", tmp_path / "docs.jsonl", "--index", tmp_path / "off").code == 0
    hits = bahth("search", "نجران", "--json", "--index", tmp_path / "off").json()["hits"]
    assert hits[0]["score"] == pytest.approx(hits[1]["score"])
