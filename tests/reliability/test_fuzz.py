"""Property tests: whatever the query and parameters, the JSON API and the page
answer 200 or a 4xx, never a 5xx; every 4xx of the API has the JSON error
shape; every answer is well-formed (valid JSON of the documented schema, or a
whole Arabic page whose only markup and script are ours)."""
from __future__ import annotations

import json
import os
import shutil
import time
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.support import DOCUMENT, RESULTS, SUGGESTIONS, Run, bahth_run, check_json_error, check_page, write_jsonl

# Pieces of query syntax, scripts, invisible characters and markup, to be
# strung together: random text alone seldom hits the parser's corners.
TOKENS = [
    "ولي", "العهد", "السعودية", "اقتصادية", "رُوسِيَا", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE",
    "(", ")", '"', "'", "*", "ا*", "*ية", "?", "~", "~2", "^2", "title:", "nosuch:", ":", "[", "]", "{", "}",
    "TO", "-", "+", "\\", "/", "..", "%", "%00", "\x00", "\x1b", "\r\n", "\t", "\u202e", "\u200c", "\u200d",
    "\ufeff", "ـ", "\u0651", "\u064b", "<script>", "</mark>", "<mark>", "&amp;", "&#60;", "؟", "،", "«", "»",
    "2015", "١٤٣٦", "x", "😀", "\U0001d400", "\ufffd",
]
_CHARS = st.characters(exclude_categories=("Cs",))  # the test client sends UTF-8: no lone surrogates
QUERIES = st.one_of(
    st.text(_CHARS, max_size=600),
    st.lists(st.sampled_from(TOKENS), max_size=120).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=120).map("".join),
)
JUNK = st.one_of(st.text(_CHARS, max_size=12), st.integers(-10**6, 10**6).map(str))
PARAMS = st.fixed_dictionaries({}, optional={
    "page": st.one_of(JUNK, st.integers(1, 1001).map(str)),
    "per_page": st.one_of(JUNK, st.integers(0, 101).map(str)),
    "kind": st.one_of(JUNK, st.sampled_from(["article", "teaser", ""])),
    "source": st.one_of(JUNK, st.sampled_from(["okaz", "sabq", ""])),
    "from": st.one_of(JUNK, st.dates().map(str)),
    "to": st.one_of(JUNK, st.dates().map(str)),
    "sort": st.one_of(JUNK, st.sampled_from(["relevance", "newest"])),
})
def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

# A search of the small index takes milliseconds; a second means something runs away.
SLOW = 1.5


@fuzz(200)
@given(q=st.one_of(st.none(), QUERIES), params=PARAMS)
def test_api_search(app: Flask, q: str | None, params: dict[str, str]) -> None:
    query = {**params, **({"q": q} if q is not None else {})}
    started = time.perf_counter()
    reply = app.test_client().get("/api/search", query_string=query)
    assert time.perf_counter() - started < SLOW, query
    assert reply.status_code in (200, 400), (query, reply.status_code)
    assert reply.content_type == "application/json"
    if reply.status_code == 400:
        check_json_error(reply.get_data(), 400)
    else:
        data = reply.get_json()
        RESULTS.validate(data)
        assert len(data["hits"]) <= data["per_page"]
        for hit in data["hits"]:
            for html in (hit["title_html"], hit["snippet"]):
                assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


@fuzz(120)
@given(q=st.one_of(st.none(), QUERIES), params=PARAMS)
def test_search_page(app: Flask, q: str | None, params: dict[str, str]) -> None:
    query = {**params, **({"q": q} if q is not None else {})}
    reply = app.test_client().get("/search", query_string=query)
    assert reply.status_code in (200, 400), (query, reply.status_code)
    assert reply.content_type == "text/html; charset=utf-8"
    check_page(reply.get_data(as_text=True))


@fuzz(100)
@given(q=st.one_of(st.none(), QUERIES))
def test_suggest(app: Flask, q: str | None) -> None:
    reply = app.test_client().get("/api/suggest", query_string={} if q is None else {"q": q})
    assert reply.status_code in (200, 400), (q, reply.status_code)
    if reply.status_code == 400:
        check_json_error(reply.get_data(), 400)
    else:
        SUGGESTIONS.validate(reply.get_json())


@fuzz(100)
@given(doc_id=st.one_of(st.text(_CHARS, min_size=1, max_size=80),
                        st.lists(st.sampled_from(["..", "/", "%2e", "%2f", "etc", "passwd", "crown-1", "\\", "%00"]),
                                 min_size=1, max_size=12).map("".join)))
def test_documents(app: Flask, doc_id: str) -> None:
    client = app.test_client()
    quoted = urllib.parse.quote(doc_id, safe="")
    api = client.get("/api/documents/" + quoted)
    assert api.status_code in (200, 404), (doc_id, api.status_code)
    assert api.content_type == "application/json"
    if api.status_code == 200:
        DOCUMENT.validate(api.get_json())
        assert api.get_json()["id"] == doc_id
    else:
        check_json_error(api.get_data(), 404)
    page = client.get("/documents/" + quoted)
    assert page.status_code == api.status_code
    check_page(page.get_data(as_text=True))


# -- the build: record shapes and field types, page dumps, zips of them ------------

FIELDS = ["id", "url", "title", "body", "content", "teaser", "date", "date_extracted", "source", "author", "section"]
DATES = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2015-07-23", "2015-07-23 09:30:00Z",
         "2015-02-30", "  ", "yesterday", "\ud800"]
NEWS_TEXT = st.text(st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى\u064b\u0651ـ &;#<>.…\n\t\r\ufeff")),
                    max_size=60)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.sampled_from(DATES), NEWS_TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                      max_leaves=8)
RECORDS = st.one_of(VALUES, st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=6)),
                                            st.one_of(NEWS_TEXT, VALUES), max_size=8))
# Lines that are records, and lines that are not: raw bytes, deep nesting, long numbers.
LINES = st.one_of(
    st.tuples(RECORDS, st.booleans()).map(lambda r: json.dumps(r[0], ensure_ascii=r[1]).encode("utf-8", "replace")),
    st.binary(max_size=24),
    st.integers(900, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(4200, 4400).map(lambda digits: b'{"title": "x", "id": ' + b"7" * digits + b"}"),
    st.just(b""), st.just(b"   "),
)
PAGE_LINES = st.tuples(st.sampled_from(["", " ", "\t", "        "]), NEWS_TEXT, st.sampled_from(["", "...", "…"]))
PAGES = st.tuples(st.lists(PAGE_LINES, max_size=12), st.sampled_from(["\n", "\r\n", "\r", "\x0c"]),
                  st.binary(max_size=4)).map(lambda p: p[1].join("".join(line) for line in p[0]).encode() + p[2])
ARRAYS = st.one_of(st.lists(RECORDS, max_size=6).map(lambda rs: json.dumps(rs).encode()),
                   st.tuples(st.lists(RECORDS, max_size=6), st.integers(0, 40)).map(
                       lambda p: json.dumps(p[0]).encode()[: -p[1] or None]))
FILES = st.one_of(st.tuples(st.just(".jsonl"), st.lists(LINES, max_size=8).map(b"\n".join)),
                  st.tuples(st.just(".txt"), PAGES), st.tuples(st.just(".json"), ARRAYS))
INPUTS = st.lists(st.one_of(FILES, st.tuples(st.just(".zip"), st.lists(FILES, min_size=1, max_size=3))),
                  min_size=1, max_size=4)
KNOWN = {"id": "known", "title": "الخبر المعروف عن الواحات", "body": "خبر يبقى في الفهرس مهما قرئ بعده"}


def write_inputs(folder: Path, files: list[tuple[str, Any]]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, (suffix, content) in enumerate(files):
        if suffix != ".zip":
            (folder / f"{number}{suffix}").write_bytes(content)
            continue
        with zipfile.ZipFile(folder / f"{number}.zip", "w") as archive:
            for inner, (inner_suffix, inner_content) in enumerate(content):
                archive.writestr(f"in/{inner}{inner_suffix}", inner_content)


def bahth_index(*args: str | Path) -> Run:
    """``bahth index ARGS`` in a process of its own, as it is run, with one writer process."""
    return bahth_run("index", *args, "--json", timeout=600, env={**os.environ, "BAHTH_BUILD_PROCS": "1"})


@pytest.fixture
def known_index(tmp_path: Path) -> Path:
    write_jsonl(tmp_path / "known.jsonl", [KNOWN])
    assert bahth_index("build", tmp_path / "known.jsonl", "--index", tmp_path / "ix").code == 0
    return tmp_path / "ix"


def check_run(result: Run, index: Path, folder: Path) -> dict[str, Any]:
    """No traceback, every problem named by its file, the known story still served."""
    assert "Traceback" not in result.err, result.err
    assert result.code == 0, result.err
    summary: dict[str, Any] = result.json()
    assert summary["skipped"] + summary["documents_cut"] == len(summary["problems"]) + summary["problems_not_listed"]
    assert all(problem.startswith(str(folder)) for problem in summary["problems"]), summary["problems"]
    found = bahth_run("search", "الواحات", "--json", "--index", index)
    assert found.code == 0 and [hit["id"] for hit in found.json()["hits"]] == ["known"], found.err
    return summary


# Each example runs the command two or three times: slow.
@pytest.mark.slow
@fuzz(30)
@given(lines=st.lists(LINES, max_size=12))
def test_update_accounts_for_every_json_line(known_index: Path, tmp_path: Path, lines: list[bytes]) -> None:
    """Each line that is not white space is a document, a duplicate, a teaser
    merged into an article, or a problem: nothing is lost, nothing stops it."""
    write_inputs(tmp_path / "in", [(".jsonl", b"\n".join(lines))])
    summary = check_run(bahth_index("update", tmp_path / "in", "--index", known_index), known_index, tmp_path / "in")
    records = sum(1 for line in lines for part in line.split(b"\n") if part.strip(b" \t\r"))
    assert records == (summary["articles"] + summary["teasers"] + summary["teasers_merged_into_articles"]
                       + summary["duplicates"] + summary["skipped"]), summary


@pytest.mark.slow
@fuzz(30)
@given(files=INPUTS)
def test_build_and_update_of_any_files(known_index: Path, tmp_path: Path, files: list[tuple[str, Any]]) -> None:
    write_inputs(tmp_path / "in", files)
    # --allow-shrink: what an example finds may be fewer than half of what the last one did.
    built = bahth_index("build", tmp_path / "known.jsonl", tmp_path / "in", "--allow-shrink", "--index", known_index)
    check_run(built, known_index, tmp_path / "in")
    check_run(bahth_index("update", tmp_path / "in", "--index", known_index), known_index, tmp_path / "in")
