"""A real gunicorn's logs: the application's messages timestamped and
levelled through gunicorn's error log, the access log (on by default) with
each request's duration and id, JSON lines with BAHTH_LOG_FORMAT=json, and
ids that reach the application only raw (dot segments, a newline)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support import build_index, raw_get, start_server

# gunicorn's error log line: [time] [pid] [LEVEL] message
TEXT_LINE = re.compile(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[\d+\] \[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\] ")
MADE_ID = re.compile("[0-9a-f]{32}")
SEARCH = "/api/search?q=%D9%88%D9%84%D9%8A"  # q=ولي


def test_text_logs(tmp_path: Path) -> None:
    # No index: the application logs why, at ERROR, the first time a request finds none.
    server = start_server(tmp_path / "nothing-here", tmp_path / "server.log", workers=1, healthy=False)
    try:
        given = server.get(SEARCH, headers={"X-Request-Id": "edge-7f3a"})
        made = server.get("/livez").headers["X-Request-Id"]
    finally:
        server.stop()
    assert given.status == 503 and given.headers["X-Request-Id"] == "edge-7f3a"
    assert MADE_ID.fullmatch(made)
    lines = server.log.read_text().splitlines()
    app_line = next(line for line in lines if "cannot serve the index" in line)
    assert TEXT_LINE.match(app_line) and "[ERROR]" in app_line, app_line
    # The access log: address, time, request, status, bytes, duration, id, referrer, agent.
    searched = next(line for line in lines if "id=edge-7f3a" in line)
    assert re.search(rf'"GET {re.escape(SEARCH)} HTTP/1.1" 503 \d+ \d+\.\d{{6}}s id=edge-7f3a ', searched), searched
    assert any('"GET /livez HTTP/1.1" 200' in line and f"id={made}" in line for line in lines)
    print(f"\naccess log line: {searched}\napplication line: {app_line}")


def test_json_logs(tmp_path: Path) -> None:
    access = tmp_path / "access.log"
    server = start_server(tmp_path / "nothing-here", tmp_path / "server.log", workers=1, healthy=False,
                          env={"BAHTH_LOG_FORMAT": "json", "BAHTH_ACCESS_LOG": str(access)})
    try:
        assert server.get(SEARCH, headers={"X-Request-Id": "edge-json-1"}).status == 503
        assert server.get("/livez").status == 200
    finally:
        server.stop()
    # Every line of both logs is a JSON object.
    errors = [json.loads(line) for line in server.log.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in access.read_text().splitlines() if line.strip()]
    assert all({"time", "level", "logger", "pid", "message"} <= set(e) for e in errors), errors
    app = next(e for e in errors if "cannot serve the index" in e["message"])
    assert app["level"] == "ERROR" and app["logger"] == "web.errors"
    # It names the request that logged it (the first probe of start_server), as the access log does.
    assert [e["path"] for e in entries if e["request_id"] == app["request_id"]] == ["/healthz"]
    assert any(e["logger"] == "gunicorn.error" and e["message"].startswith("Booting worker") for e in errors)
    searched = next(e for e in entries if e["request_id"] == "edge-json-1")
    assert (searched["method"], searched["path"], searched["query"], searched["status"]) == (
        "GET", "/api/search", SEARCH.split("?")[1], 503)
    assert isinstance(searched["duration_s"], float) and searched["duration_s"] >= 0
    assert searched["bytes"] > 0 and searched["time"]
    live = next(e for e in entries if e["path"] == "/livez")
    assert live["status"] == 200 and MADE_ID.fullmatch(live["request_id"])
    print(f"\naccess log entry: {json.dumps(searched, ensure_ascii=False)}\napplication entry: {json.dumps(app)}")


def test_raw_ids_are_found_and_the_access_log_can_be_off(tmp_path: Path) -> None:
    docs = [{"id": doc_id, "title": f"عنوان {n}", "body": f"نص الوثيقة {n}."}
            for n, doc_id in enumerate(["a/../b", "b", "x\ny", "a/./c", ".."])]
    index = build_index(tmp_path / "index", docs)
    server = start_server(index, tmp_path / "server.log", workers=1, env={"BAHTH_ACCESS_LOG": "off"})
    try:
        # As sent: gunicorn and the application resolve nothing in the path.
        for target, doc_id in ((b"/api/documents/a/../b", "a/../b"), (b"/api/documents/b", "b"),
                               (b"/api/documents/x%0Ay", "x\ny"), (b"/api/documents/a/./c", "a/./c"),
                               (b"/api/documents/..", ".."), (b"/api/documents?id=a%2F..%2Fb", "a/../b")):
            reply = raw_get(server.url, target)
            assert reply.status == 200 and json.loads(reply.body)["id"] == doc_id, target
        assert raw_get(server.url, b"/documents/x%0Ay").status == 200
    finally:
        server.stop()
    assert "/api/documents" not in server.log.read_text()  # no access log
