"""Reading inputs through ``bahth index build``: formats, teasers, ids, bad input."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.support import CLI, SEED, need, write_jsonl

RECORDS = [
    {"id": "r1", "url": "https://example.com/1", "title": "ارتفاع أسعار النفط في الأسواق العالمية",
     "body": "ارتفعت أسعار النفط اليوم بعد قرار منظمة أوبك خفض الإنتاج.\nوقال محللون إن الأسعار قد تواصل الصعود.",
     "date": "2026-10-01", "source": "alwasat", "section": "economy", "author": "سارة"},
    {"url": "https://example.com/2", "title": "افتتاح معرض الكتاب في الرياض",
     "content": "افتتح معرض الكتاب الدولي أبوابه للزوار بمشاركة مئات دور النشر العربية.",
     "date_extracted": "2026-10-02 09:30:00", "source": "alyawm", "unknown_field": 42},
    {"title": "خبر بلا معرّف ولا رابط", "body": "نص قصير عن الطقس الحار في الخليج هذا الأسبوع."},
]


def stats(bahth: CLI, index: Path) -> dict:
    result = bahth("index", "stats", "--json", "--index", index)
    assert result.code == 0, result.err
    return result.json()


def ids(bahth: CLI, index: Path, query: str) -> list[str]:
    result = bahth("search", query, "--json", "--limit", "100", "--index", index)
    assert result.code == 0, result.err
    return [hit["id"] for hit in result.json()["hits"]]


def test_seed_page_yields_one_article_and_seven_teasers(bahth: CLI, tmp_path: Path) -> None:
    result = bahth("index", "build", need(SEED), "--json", "--index", tmp_path / "ix")
    assert result.code == 0, result.err
    summary = result.json()
    assert (summary["articles"], summary["teasers"]) == (1, 7)
    assert summary["duplicates"] == 4 and summary["skipped"] == 0
    assert stats(bahth, tmp_path / "ix")["by_kind"] == {"teaser": 7, "article": 1}
    # The longest cut of a repeated teaser is the one kept.
    hits = bahth("search", "الذهب", "--json", "--index", tmp_path / "ix").json()["hits"]
    assert len(hits) == 1 and "أسوأ موجة هبوط يشهدها خلال أكثر من عقد" in hits[0]["snippet"]


def test_json_lines_json_arrays_and_zips_are_read(bahth: CLI, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", RECORDS[:1])
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "b.json").write_text(json.dumps(RECORDS[1:2], ensure_ascii=False), encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as archive:
        archive.writestr("inside/c.jsonl", json.dumps(RECORDS[2], ensure_ascii=False) + "\n")
    result = bahth("index", "build", tmp_path, "--json", "--index", tmp_path / "ix")
    assert result.code == 0, result.err
    assert result.json()["articles"] == 3
    doc = json.loads(bahth("search", "معرض الكتاب", "--json", "--index", tmp_path / "ix").out)["hits"][0]
    assert doc["id"] == "https://example.com/2"          # no id: the url
    assert doc["date"] == "2026-10-02T09:30:00" and doc["source"] == "alyawm"
    assert ids(bahth, tmp_path / "ix", "النفط") == ["r1"]  # the record's id


def test_ids_are_stable_across_rebuilds(bahth: CLI, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert bahth("index", "build", tmp_path / "in.jsonl", "--index", tmp_path / "ix").code == 0
    first = ids(bahth, tmp_path / "ix", "الطقس")
    assert bahth("index", "build", tmp_path / "in.jsonl", "--index", tmp_path / "ix").code == 0
    second = ids(bahth, tmp_path / "ix", "الطقس")
    assert first == second and len(first) == 1 and len(first[0]) == 16  # a hash of the text


def test_teaser_that_opens_an_article_is_stored_with_it(bahth: CLI, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", RECORDS[:1])
    opening = RECORDS[0]["body"][:40].rsplit(" ", 1)[0]
    (tmp_path / "page.txt").write_text(
        "نص المقال الرئيسي عن الزراعة في الواحات.\n"
        "                    \n"
        f"                    {opening}...\n"
        "                    أعلنت وزارة الصحة بدء حملة تطعيم واسعة في المدارس…\n"
        f"                    {opening[:25]}...\n",
        encoding="utf-8",
    )
    summary = bahth("index", "build", tmp_path, "--json", "--index", tmp_path / "ix").json()
    assert (summary["articles"], summary["teasers"], summary["teasers_merged_into_articles"]) == (2, 1, 1)
    doc = bahth("search", "النفط", "--json", "--index", tmp_path / "ix").json()["hits"][0]
    assert doc["id"] == "r1" and doc["kind"] == "article"


def test_bad_input_is_reported_skipped_and_counted(bahth: CLI, tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_text(
        json.dumps(RECORDS[0], ensure_ascii=False) + "\n"
        + '{"title": "broken\n'
        + json.dumps({"id": "empty", "url": "https://example.com/x"}) + "\n"
        + '"not an object"\n',
        encoding="utf-8",
    )
    (tmp_path / "latin1.txt").write_bytes("مقال\n".encode() + b"\xff\xfe bad bytes\n")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "array.json").write_text("[{\"title\": \"x\"", encoding="utf-8")
    result = bahth("index", "build", tmp_path, "--json", "--index", tmp_path / "ix")
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["articles"] == 1 and summary["skipped"] == 6
    problems = "\n".join(summary["problems"])
    assert f"{tmp_path / 'good.jsonl'}:2: broken JSON" in problems
    assert f"{tmp_path / 'good.jsonl'}:3: record has no body, teaser or title" in problems
    assert f"{tmp_path / 'good.jsonl'}:4: a record must be a JSON object" in problems
    assert f"{tmp_path / 'latin1.txt'}:2: invalid UTF-8" in problems
    assert f"{tmp_path / 'broken.zip'}: unreadable zip" in problems
    assert f"{tmp_path / 'array.json'}:1: broken JSON" in problems
    # The human summary names them too, on stderr.
    human = bahth("index", "build", tmp_path, "--index", tmp_path / "ix2")
    assert "6 inputs skipped" in human.out and "broken JSON" in human.err


def test_strict_turns_bad_input_into_a_failure_that_changes_nothing(bahth: CLI, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "good.jsonl", RECORDS[:1])
    assert bahth("index", "build", tmp_path / "good.jsonl", "--index", tmp_path / "ix").code == 0
    before = stats(bahth, tmp_path / "ix")["generation"]
    (tmp_path / "bad.jsonl").write_text(json.dumps(RECORDS[1], ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    result = bahth("index", "build", tmp_path, "--strict", "--index", tmp_path / "ix")
    assert result.code == 1
    assert "bad.jsonl:2: broken JSON" in result.err and "index was not changed" in result.err
    assert stats(bahth, tmp_path / "ix")["generation"] == before


def test_a_missing_input_path_is_a_clear_error(bahth: CLI, tmp_path: Path) -> None:
    result = bahth("index", "build", tmp_path / "nope", "--index", tmp_path / "ix")
    assert result.code == 1 and "no such file or folder" in result.err
    assert "Traceback" not in result.err
