"""Everything a public search box receives: each hostile query of the table
through the JSON API, the page and completions; markup in documents; paths
that try to leave what is served; bytes no browser sends, over real HTTP."""
from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import Headers

from tests.support import (
    DOCUMENT,
    HOSTILE_DOCS,
    HOSTILE_QUERIES,
    RESULTS,
    SAFE_URL,
    SUGGESTIONS,
    Server,
    app_client,
    bahth_run,
    check_json_error,
    check_page,
    peak_memory,
    raw_get,
    records,
    timed,
    write_hostile_inputs,
    write_jsonl,
    zip_bomb,
)


def check_headers(headers: Mapping[str, str] | Headers) -> None:
    """The policy that forbids inline scripts, nosniff, a referrer policy, no version."""
    found = {name.lower(): value for name, value in headers.items()}
    policy = found.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
    assert found.get("x-content-type-options") == "nosniff"
    assert found.get("referrer-policy") == "same-origin"
    assert "/" not in found.get("server", ""), "the server's version is given away"


@pytest.mark.parametrize(("name", "q", "expected"), HOSTILE_QUERIES, ids=[c[0] for c in HOSTILE_QUERIES])
def test_hostile_query(client: FlaskClient, name: str, q: str, expected: str) -> None:
    cleaned = q.replace("\x00", " ").strip()
    reply, seconds = timed(client.get, "/api/search", query_string={"q": q, "per_page": 100})
    check_headers(reply.headers)
    assert reply.content_type == "application/json"
    if expected == "ok":
        assert reply.status_code == 200, reply.get_data(as_text=True)
        data = reply.get_json()
        RESULTS.validate(data)
        assert data["query"] == cleaned
        for hit in data["hits"]:  # only our own <mark> is markup
            for html in (hit["title_html"], hit["snippet"]):
                assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    else:
        assert reply.status_code == 400
        assert check_json_error(reply.get_data(), 400)["code"] == expected
    assert seconds < 2.0, f"{name} took {seconds:.2f} s"

    page = client.get("/search", query_string={"q": q})
    check_headers(page.headers)
    html = page.get_data(as_text=True)
    if not cleaned:
        assert page.status_code == 200  # the landing page
    else:
        assert page.status_code == (200 if expected == "ok" else 400)
    parsed = check_page(html)
    if expected != "ok" and cleaned:
        assert 'role="alert"' in html
    if "\x00" not in q and "\r" not in q:  # the box gives the query back as typed
        assert [i.get("value") for i in parsed.all("input") if i.get("id") == "q"] == [q.strip()]

    suggest = client.get("/api/suggest", query_string={"q": q})
    if expected in ("missing_query", "query_too_long"):
        assert suggest.status_code == 400 and check_json_error(suggest.get_data(), 400)["code"] == expected
    else:
        assert suggest.status_code == 200
        SUGGESTIONS.validate(suggest.get_json())


@pytest.mark.slow
def test_hostile_queries_are_quick_on_real_news(news_day_index: Path) -> None:
    """The same table over a day of real news: every answer well under the time limit."""
    times = []
    with app_client(INDEX=str(news_day_index)) as client:
        assert client.get("/healthz").status_code == 200
        for name, q, expected in HOSTILE_QUERIES:
            reply, seconds = timed(client.get, "/api/search", query_string={"q": q, "per_page": 100})
            assert reply.status_code == (200 if expected == "ok" else 400), (name, reply.get_data(as_text=True))
            times.append((round(seconds, 3), name))
    assert max(times)[0] < 1.5, sorted(times)[-5:]


def test_documents_with_markup_are_text_everywhere(client: FlaskClient) -> None:
    data = client.get("/api/search", query_string={"q": "اختبار", "per_page": 100}).get_json()
    by_id = {hit["id"]: hit for hit in data["hits"]}
    assert {doc["id"] for doc in HOSTILE_DOCS} <= set(by_id)
    for hit in by_id.values():
        for html in (hit["title_html"], hit["snippet"]):
            assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0, html
    entities = by_id["xss-entities"]
    # Entities are decoded when the input is read: JSON carries the characters,
    assert entities["title"].startswith("<script>alert(1)</script>")
    assert entities["title_html"].startswith("&lt;script&gt;")  # and HTML shows them as text

    html = client.get("/search", query_string={"q": "اختبار", "per_page": 100}).get_data(as_text=True)
    page = check_page(html)
    origins = [a["href"] for a in page.all("a") if a.get("class") == "origin"]
    assert SAFE_URL in origins  # an http(s) address is linked, its quotes kept inside the attribute
    assert all(urllib.parse.urlsplit(h or "").scheme in ("http", "https") for h in origins), origins
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "<p onclick" not in html and "<svg" not in html
    # Every result links to its document, whatever its id holds (slashes first included).
    for href in [a["href"] or "" for a in page.all("a") if (a["href"] or "").startswith("/documents/")]:
        assert client.get(href).status_code == 200, href

    for doc in HOSTILE_DOCS:
        path = "/documents/" + urllib.parse.quote(doc["id"], safe="")
        reply = client.get(path)
        assert reply.status_code == 200, doc["id"]
        check_headers(reply.headers)
        document = check_page(reply.get_data(as_text=True))
        links = [a["href"] for a in document.all("a") if a.get("class") == "origin"]
        assert links == ([doc["url"]] if doc.get("url", "").startswith("https://") else []), doc["id"]
        api = client.get("/api/documents/" + urllib.parse.quote(doc["id"], safe=""))
        assert api.status_code == 200 and api.content_type == "application/json"
        DOCUMENT.validate(api.get_json())
        assert api.get_json()["id"] == doc["id"]


def test_completions_are_data(client: FlaskClient) -> None:
    # Headline words with markup come back as JSON strings; the page's script
    # writes them with textContent, never as HTML.
    reply = client.get("/api/suggest", query_string={"q": "<scr"})
    assert reply.status_code == 200 and reply.content_type == "application/json"
    check_headers(reply.headers)


TRAVERSALS = [
    "/api/documents/../../etc/passwd",
    "/api/documents/%2e%2e/%2e%2e/etc/passwd",
    "/api/documents/..%2f..%2f..%2fetc%2fpasswd",
    "/api/documents/%252e%252e%252fetc%252fpasswd",
    "/api/documents//etc/passwd",
    "/api/documents/....//....//etc/passwd",
    "/api/documents/..\\..\\web\\__init__.py",
    "/api/documents/%00",
    "/api/documents/x%00.json",
    "/static/../../pyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/%252e%252e/pyproject.toml",
    "/static/..\\..\\pyproject.toml",
    "/static/..%5c..%5cpyproject.toml",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/style.css%00.js",
    "/static/suggest.js/../../../pyproject.toml",
    "/static/.",
    "/static/..",
    "/static/",
    "/../../etc/passwd",
    "/documents/../../../etc/passwd",
    "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
]
SECRETS = (b"root:x:0:0", b"[build-system]", b"from __future__", b"def create_app")


def check_not_served(status: int, body: bytes, target: str) -> None:
    assert status in (200, 308, 404), (target, status)  # 200: a stored document of that id, never a file
    assert not any(secret in body for secret in SECRETS), target
    if target.startswith("/api/") and status == 404:
        check_json_error(body, status)


@pytest.mark.parametrize("target", TRAVERSALS)
def test_paths_cannot_leave_what_is_served(client: FlaskClient, target: str) -> None:
    reply = client.get(target)
    check_not_served(reply.status_code, reply.get_data(), target)
    if reply.status_code == 200 and target.startswith("/api/documents/"):
        assert reply.get_json()["id"] in ("../../etc/passwd", "/etc/passwd")  # the document of that id


def test_paths_over_real_http(server: Server) -> None:
    """gunicorn passes the path as sent: no client normalizes the dots first."""
    for target in TRAVERSALS:
        reply = raw_get(server.url, target.encode())
        check_not_served(reply.status, reply.body, target)
    stored = raw_get(server.url, b"/api/documents/../../etc/passwd")
    assert stored.status == 200 and json.loads(stored.body)["title"] == "اختبار معرف مسار"


INVALID_ENCODINGS = [
    b"%ED%A0%80",        # a lone surrogate, encoded as UTF-8 would if it could
    b"%ED%B2%A9%ED%A0%80",
    b"%FF%FE",           # bytes that are never UTF-8
    b"%C0%AF",           # an overlong slash
    b"%E2%82",           # a character cut short
    b"%D9",              # half an Arabic letter
    b"%",                # escapes that are not escapes
    b"%zz",
    b"%%%",
    b"%00",
    b"%0D%0AX-Injected:%201",
    b"%E2%80%AE%D9%88%D9%84%D9%8A",  # U+202E then an Arabic word
    b"%3Cscript%3Ealert(1)%3C/script%3E",
    urllib.parse.quote("ولي").encode(),
]


@pytest.mark.parametrize("value", INVALID_ENCODINGS)
def test_invalid_percent_encoding_over_real_http(server: Server, value: bytes) -> None:
    for path in (b"/api/search?q=", b"/api/suggest?q=", b"/search?q=", b"/api/documents/", b"/documents/"):
        reply = raw_get(server.url, path + value)
        assert reply.status < 500, (path + value, reply.status, reply.body[:300])
        assert "x-injected" not in reply.headers
        if path.startswith(b"/api/"):
            assert reply.headers["content-type"] == "application/json"
            if reply.status >= 400:
                check_json_error(reply.body, reply.status)
            else:
                json.loads(reply.body)
        else:
            check_page(reply.body.decode("utf-8"))
        check_headers(reply.headers)


def test_what_gunicorn_refuses_before_the_app(server: Server) -> None:
    """Raw bytes no browser sends in a request line, and lines past the limit:
    gunicorn answers 400 or 414 itself, escaping what it quotes, and the worker
    goes on serving."""
    for target in (b"/api/search?q=\xd9\x88\xd9\x84\xd9\x8a", b"/api/search?q=a\x00b",
                   b"/api/search?q=<script>alert(1)</script>\x01", b"/api/search?q=a b"):
        reply = raw_get(server.url, target)
        assert reply.status == 400 and b"<script>" not in reply.body
    paragraph = urllib.parse.quote("ا" * 10_000).encode()
    assert raw_get(server.url, b"/api/search?q=" + paragraph).status == 414
    # Up to about 8 KB of request line the app itself says the query is too long.
    long_query = raw_get(server.url, b"/api/search?q=" + urllib.parse.quote("ا" * 1200).encode())
    assert long_query.status == 400 and check_json_error(long_query.body, 400)["code"] == "query_too_long"
    assert server.get("/healthz").status == 200


def test_headers_everywhere(client: FlaskClient, server: Server) -> None:
    for path in ("/", "/search?q=ولي", "/search?q=", "/search?q=x&per_page=0", "/api/search?q=ولي",
                 "/api/search", "/api/documents/none", "/documents/none", "/nowhere", "/api/nowhere",
                 "/static/style.css", "/static/suggest.js", "/healthz", "/openapi.json", "/metrics"):
        with client.get(path) as reply:
            check_headers(reply.headers)
        over_http = server.get(urllib.parse.quote(path, safe="/?=&"))
        check_headers(over_http.headers)
        assert over_http.status < 500


# -- hostile input files ------------------------------------------------------------


@pytest.mark.slow
def test_the_hostile_files_of_the_table_are_reported_and_the_old_index_serves(tmp_path: Path) -> None:
    """Issue 16's files, with good news beside them, through a build and an
    update: each is skipped (or cut) and reported with its reason, the rest is
    indexed, nothing stops the command, and the index serves what it held."""
    hostile = tmp_path / "hostile"
    expected = write_hostile_inputs(hostile)
    good = write_jsonl(tmp_path / "good.jsonl", records())
    index = tmp_path / "ix"
    first = bahth_run("index", "build", good, "--json", "--index", index)
    assert first.code == 0, first.err

    def served() -> set[str]:
        return {hit["id"] for hit in bahth_run("search", "النفط", "--json", "--index", index).json()["hits"]}

    before = served()
    assert before

    for command in (("build", good, hostile), ("update", hostile)):
        # A separate process: one that opened the FIFO would block, and time out here.
        result = bahth_run("index", *command, "--json", "--index", index, timeout=900)
        assert result.code == 0 and "Traceback" not in result.err, result.err
        summary = result.json()
        reported = {problem.split(": ", 1)[0].removeprefix(f"{hostile}/"): problem.split(": ", 1)[1]
                    for problem in summary["problems"]}
        assert set(reported) == set(expected), sorted(reported)
        for origin, reason in expected.items():
            assert reason in reported[origin], (origin, reported[origin])
        assert summary["documents_cut"] == 1 and summary["skipped"] == len(expected) - 1
        # the two good lines beside the bad ones, the record before the long number, the cut page
        assert summary["articles"] == (first.json()["articles"] if command[0] == "build" else 0) + 3
        assert served() == before
        assert bahth_run("search", "root", "--json", "--index", index).json()["total"] == 0
        hits = bahth_run("search", "كلمة طويلة", "--json", "--index", index).json()["hits"]
        assert [hit["kind"] for hit in hits] == ["article"]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "member", "piece", "size"), [
    ("spaces", "spaces.txt", b" ", 1 << 30),  # a 1 MB zip of 1 GB of spaces
    ("braces", "braces.jsonl", b"{}\n", 200_000_001),  # a 196 KB zip of 200 MB of {} lines
])
def test_zip_bombs_of_the_table_stay_within_memory(tmp_path: Path, name: str, member: str, piece: bytes,
                                                    size: int) -> None:
    bomb = zip_bomb(tmp_path / f"{name}.zip", member, piece, size)
    result, peak = peak_memory("index", "build", bomb, "--json", "--index", tmp_path / "ix")
    print(f"\n{bomb.name} ({bomb.stat().st_size:,} bytes, {size:,} inside): peak memory {peak:,.0f} MB")
    assert result.code in (0, 1) and "Traceback" not in result.err, result.err
    assert peak < 1536
    problems = result.json()["problems"] if result.code == 0 else [result.err]
    assert any(f"{bomb}!{member}: declares {size:,} bytes" in problem and "a zip bomb, not read" in problem
               for problem in problems), problems
