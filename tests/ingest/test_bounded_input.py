"""Bounded input through ``bahth index build``: documents cut to the size
limit, the problems kept, records that used to stop a build, files that are
not regular files, sizes checked before reading."""
from __future__ import annotations

import json
import os
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from search.ingest.documents import KEPT_PROBLEMS
from search.ingest.json_files import ARRAY_BYTES
from tests.support import CLI, FAR_DATE, GOOD_LINE, LONG_NUMBER, NESTED, app_client, bahth_run, write_jsonl, zip_bomb

WORDS = "أعلنت الوزارة اليوم عن خطة جديدة لتطوير التعليم في المدارس الحكومية "


def build(bahth: CLI, index: Path, *paths: str | os.PathLike[str]) -> dict:
    result = bahth("index", "build", *paths, "--json", "--index", index)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return result.json()


def stored_body(index: Path, doc_id: str) -> str:
    with app_client(INDEX=str(index)) as client:
        reply = client.get("/api/documents/" + urllib.parse.quote(doc_id, safe=""))
        assert reply.status_code == 200
        return str(reply.get_json()["body"])


def test_a_document_past_the_limit_is_cut_at_a_word_boundary_and_reported(bahth: CLI, tmp_path: Path) -> None:
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text(WORDS * 40_000, encoding="utf-8")  # 4.4 MB on one line
    write_jsonl(tmp_path / "in" / "long.jsonl", [{"id": "long", "title": "عنوان", "body": WORDS * 40_000}])
    summary = build(bahth, tmp_path / "ix", tmp_path / "in")
    assert summary["articles"] == 2 and summary["documents_cut"] == 2 and summary["skipped"] == 0
    problems = "\n".join(summary["problems"])
    assert f"{page}:1: the text past its first 2,000,000 bytes (BAHTH_MAX_DOCUMENT_BYTES) of 4," in problems
    assert f"{tmp_path / 'in' / 'long.jsonl'}:1: the text past its first 2,000,000 bytes" in problems
    body = stored_body(tmp_path / "ix", "long")
    assert 1_990_000 < len((body + "عنوان").encode()) <= 2_000_000
    assert (WORDS * 40_000).startswith(body)
    assert (WORDS * 40_000)[len(body)] == " "  # cut before a space: no word cut in two
    human = bahth("index", "build", tmp_path / "in", "--index", tmp_path / "ix2")
    assert "2 documents cut to BAHTH_MAX_DOCUMENT_BYTES" in human.out


def test_the_limit_is_a_setting(bahth: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAHTH_MAX_DOCUMENT_BYTES", "100")
    write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "title": "عنوان قصير", "teaser": "تمهيد", "body": WORDS * 3},
                                       {"id": "b", "title": "قصير", "body": "نص"}])
    summary = build(bahth, tmp_path / "ix", tmp_path / "a.jsonl")
    assert summary["documents_cut"] == 1 and summary["articles"] == 2
    body = stored_body(tmp_path / "ix", "a")
    # The title and teaser take their share first; the body is cut to the rest.
    assert len(("عنوان قصير" + "تمهيد" + body).encode()) <= 100 and WORDS.startswith(body + " ")


def test_problems_past_the_first_hundred_are_counted(bahth: CLI, tmp_path: Path) -> None:
    (tmp_path / "many.jsonl").write_text("{}\n" * 250 + json.dumps(GOOD_LINE, ensure_ascii=False) + "\n")
    summary = build(bahth, tmp_path / "ix", tmp_path / "many.jsonl")
    assert summary["articles"] == 1 and summary["skipped"] == 250
    assert len(summary["problems"]) == KEPT_PROBLEMS == 100 and summary["problems_not_listed"] == 150
    assert summary["problems"][-1] == f"{tmp_path / 'many.jsonl'}:100: record has no body, teaser or title"
    human = bahth("index", "build", tmp_path / "many.jsonl", "--index", tmp_path / "ix2")
    assert "250 inputs skipped" in human.out and "… and 150 more problems, not listed" in human.err
    strict = bahth("index", "build", tmp_path / "many.jsonl", "--strict", "--index", tmp_path / "ix3")
    assert strict.code == 1 and "250 input(s)" in strict.err and "… and 150 more" in strict.err


def test_records_that_used_to_stop_a_build_are_problems_of_their_own(bahth: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = json.dumps(GOOD_LINE, ensure_ascii=False)
    (folder / "a.jsonl").write_text(
        f"{NESTED}\n{LONG_NUMBER}\n{json.dumps(FAR_DATE)}\n" + '{"title": "x", "body": "\\udc00"}\n'
        + '{"title": "y", "id": Infinity}\n' + '{"title": "z"} trailing\n' + f"{good}\n", encoding="utf-8")
    (folder / "b.json").write_text(
        "[\n" + json.dumps(GOOD_LINE | {"id": "first"}) + ",\n" + json.dumps(GOOD_LINE | {"id": "second"})
        + ",\n" + "[" * 100_000 + "\n]", encoding="utf-8")
    (folder / "c.json").write_text(json.dumps([GOOD_LINE | {"id": "c1"}]) + " []", encoding="utf-8")
    summary = build(bahth, tmp_path / "ix", folder)
    assert summary["articles"] == 4  # good-after-bad, first, second, c1
    problems = summary["problems"]
    expected = [
        f"{folder / 'a.jsonl'}:1: JSON nested too deeply",
        f"{folder / 'a.jsonl'}:2: bad JSON number: Exceeds the limit (4300 digits) for integer string conversion",
        f"{folder / 'a.jsonl'}:3: date '9999-12-31T23:59:59-14:00' is out of range in UTC",
        f"{folder / 'a.jsonl'}:4: field 'body' is not text",
        f"{folder / 'a.jsonl'}:5: field 'id' must be a string or a number",
        f"{folder / 'a.jsonl'}:6: broken JSON: Extra data",
        f"{folder / 'b.json'}:4: JSON nested too deeply; the rest of the file is not read",
        f"{folder / 'c.json'}:1: broken JSON: Extra data after the records",
    ]
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), (problem, start)
    search = bahth("search", "السجلات المعطوبة", "--json", "--index", tmp_path / "ix").json()
    assert {hit["id"] for hit in search["hits"]} == {"good-after-bad", "first", "second", "c1"}


def test_only_regular_files_under_the_folder_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "real").mkdir(parents=True)
    write_jsonl(folder / "real" / "news.jsonl", [GOOD_LINE])
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "etc").symlink_to("/etc")
    (folder / "inside.jsonl").symlink_to(folder / "real" / "news.jsonl")  # inside: read
    (folder / "loop").symlink_to(folder)
    os.mkfifo(folder / "pipe.jsonl")
    # A separate process: a build that opened the FIFO would block, and time out here.
    result = bahth_run("index", "build", folder, "--json", "--index", tmp_path / "ix", timeout=300)
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["articles"] == 1 and summary["duplicates"] == 1  # news.jsonl, and the link to it
    assert sorted(summary["problems"]) == [
        f"{folder / 'etc'}: a symbolic link to /etc, outside {folder}, is not read (--follow-symlinks reads it)",
        f"{folder / 'passwd.txt'}: a symbolic link to /etc/passwd, outside {folder}, is not read "
        "(--follow-symlinks reads it)",
        f"{folder / 'pipe.jsonl'}: not a regular file but a FIFO, never opened",
        f"{folder / 'zero.txt'}: a symbolic link to /dev/zero, outside {folder}, is not read "
        "(--follow-symlinks reads it)",
    ]
    assert bahth_run("search", "root", "--json", "--index", tmp_path / "ix").json()["total"] == 0

    (folder / "etc").unlink()  # /etc holds more than this test should read
    followed = bahth_run("index", "build", folder, "--follow-symlinks", "--json", "--index", tmp_path / "ix2",
                         timeout=300)
    assert followed.code == 0, followed.err
    problems = followed.json()["problems"]
    assert sorted(problems) == [f"{folder / 'pipe.jsonl'}: not a regular file but a FIFO, never opened",
                                f"{folder / 'zero.txt'}: not a regular file but a character device, never opened"]
    assert bahth_run("search", "root", "--json", "--index", tmp_path / "ix2").json()["total"] >= 1


def test_a_fifo_named_on_the_command_line_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")
    write_jsonl(tmp_path / "news.jsonl", [GOOD_LINE])
    result = bahth_run("index", "build", tmp_path / "pipe.jsonl", tmp_path / "news.jsonl", "--json",
                       "--index", tmp_path / "ix", timeout=300)
    assert result.code == 0, result.err
    assert result.json()["problems"] == [f"{tmp_path / 'pipe.jsonl'}: not a regular file but a FIFO, never opened"]


def test_sizes_are_checked_before_reading(bahth: CLI, tmp_path: Path) -> None:
    with open(tmp_path / "huge.json", "wb") as huge:  # sparse: nothing is written, the size is what counts
        huge.truncate(ARRAY_BYTES + 1)
    zip_bomb(tmp_path / "spaces.zip", "spaces.txt", b" ", 8 << 20)
    with zipfile.ZipFile(tmp_path / "fine.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("small-but-packed.jsonl", " " * 500_000 + json.dumps(GOOD_LINE) + "\n")
    summary = build(bahth, tmp_path / "ix", tmp_path)
    assert summary["articles"] == 1  # the small member, however well it packs
    huge, bomb = summary["problems"]
    assert huge == (f"{tmp_path / 'huge.json'}: a JSON array of more than {ARRAY_BYTES:,} bytes, read whole, "
                    "is not read: write it as JSON Lines (.jsonl), which is read a record at a time")
    assert bomb.startswith(f"{tmp_path / 'spaces.zip'}!spaces.txt: declares 8,388,608 bytes from ")
    assert bomb.endswith("compressed, more than 100 to 1: a zip bomb, not read")


def test_a_line_past_the_record_limit_is_skipped_unread(bahth: CLI, tmp_path: Path) -> None:
    with open(tmp_path / "long.jsonl", "w", encoding="utf-8") as out:
        out.write('{"title": "' + "ب" * 4_600_000 + '"}\n')  # 9.2 MB, over 4 × 2 MB + 1 MiB
        out.write(json.dumps(GOOD_LINE) + "\n")
    summary = build(bahth, tmp_path / "ix", tmp_path / "long.jsonl")
    assert summary["articles"] == 1
    assert summary["problems"] == [f"{tmp_path / 'long.jsonl'}:1: a line of 9,200,013 bytes, longer than a record "
                                   "may be (9,048,576 bytes: 4 × BAHTH_MAX_DOCUMENT_BYTES + 1 MiB)"]
