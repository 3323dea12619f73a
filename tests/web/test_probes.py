"""Probes, the request id, the 405's Allow header and the metrics the
operations guide says to watch, through Flask's test client.

The server's logs, which gunicorn writes, are tested on a real gunicorn
(tests/web/test_server_logs.py)."""
from __future__ import annotations

import json
import random
import re
from datetime import datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.support import app_client, build_index, check_json_error, check_not_ready, metric, sample_app, validator


def test_livez_needs_no_index(tmp_path: Path) -> None:
    with app_client(INDEX=str(tmp_path / "nothing-here")) as client:
        live = client.get("/livez")
        assert live.status_code == 200 and live.get_json() == {"status": "ok"}
        validator("Live").validate(live.get_json())
        for probe in ("/readyz", "/healthz"):
            reply = client.get(probe)
            error = check_not_ready(reply.get_data(), reply.status_code)
            assert error["code"] == "no_index" and "bahth index build" in error["message"]
            assert str(tmp_path) not in reply.get_data(as_text=True)


# Opening checks each file's size and headers (search/store/integrity.py);
# bytes overwritten inside postings or stored fields are seen only by a real
# lookup that reads them.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("files, start, stop", [("*.pst", 0.25, 0.75), ("*._stored.col", 0.0, 0.5)])
def test_readyz_runs_a_lookup(tmp_path: Path, files: str, start: float, stop: float,
                              caplog: pytest.LogCaptureFixture) -> None:
    index = build_index(tmp_path / "index", [{"id": f"doc-{n}", "title": "عنوان", "body": "نص"} for n in range(5)])
    for path in index.glob(f"generations/*/{files}"):
        data = bytearray(path.read_bytes())
        middle = slice(int(len(data) * start), int(len(data) * stop))  # records, not headers or tables
        data[middle] = random.Random(3).randbytes(middle.stop - middle.start)
        path.write_bytes(bytes(data))
    with app_client(INDEX=str(index)) as client:
        reply = client.get("/readyz")
        assert check_not_ready(reply.get_data(), reply.status_code)["code"] == "index_unavailable"
        assert str(tmp_path) not in reply.get_data(as_text=True)
        assert client.get("/livez").status_code == 200
    # The log has what the answer leaves out.
    assert any(r.exc_info and "readiness check" in r.getMessage() for r in caplog.records)


def test_readyz_and_healthz_say_what_is_served(client: FlaskClient, index_dir: Path) -> None:
    name = (index_dir / "CURRENT").read_text().strip()
    for probe in ("/readyz", "/healthz"):
        reply = client.get(probe)
        assert reply.status_code == 200
        validator("Health").validate(reply.get_json())
        assert reply.get_json() == {"status": "ok", "generation": name, "version": name, "documents": 19}


@pytest.mark.parametrize("method,path", [("POST", "/api/search"), ("DELETE", "/livez"), ("PUT", "/readyz"),
                                         ("POST", "/metrics"), ("PATCH", "/api/documents/russia-1"),
                                         ("POST", "/search"), ("BREW", "/api/suggest")])
def test_a_405_says_which_methods_are_allowed(client: FlaskClient, method: str, path: str) -> None:
    reply = client.open(path, method=method)
    assert reply.status_code == 405
    assert reply.headers["Allow"] == "GET, HEAD, OPTIONS"
    if path != "/search":  # the page answers people with a page
        assert check_json_error(reply.get_data(), 405)["code"] == "method_not_allowed"
    # What the header names is what the address answers.
    allowed = client.open(path, method="OPTIONS").headers["Allow"]
    assert set(allowed.split(", ")) == set(reply.headers["Allow"].split(", "))


def test_a_client_chosen_method_is_no_metrics_label(client: FlaskClient) -> None:
    def others() -> float:
        return metric(client.get("/metrics").get_data(as_text=True), "bahth_http_requests_total", method="other")

    before = others()
    methods = [f"X{n}RANDOM" for n in range(20)]
    for method in methods:
        assert client.open("/api/search", method=method).status_code == 405
    text = client.get("/metrics").get_data(as_text=True)
    assert others() == before + len(methods)
    assert not any(method in text for method in methods)


def test_the_request_id_is_taken_or_made(client: FlaskClient) -> None:
    given = "4f6c1c0e9d2b4a7f8e3d2c1b0a9f8e7d"  # what nginx's $request_id looks like
    assert client.get("/livez", headers={"X-Request-Id": given}).headers["X-Request-Id"] == given
    made = [client.get("/api/search?q=ولي").headers["X-Request-Id"] for _ in range(3)]
    assert all(re.fullmatch("[0-9a-f]{32}", m) for m in made) and len(set(made)) == 3
    # A header that is no id is not echoed (nor logged): a new id replaces it.
    for bad in ("x" * 129, "has space", "<script>", "a\tb", "-starts-with-dash", "تعريف"):
        echoed = client.get("/livez", headers={"X-Request-Id": bad.encode().decode("latin-1")}).headers
        assert re.fullmatch("[0-9a-f]{32}", echoed["X-Request-Id"]), bad
    # Errors carry it too.
    assert client.get("/api/documents/nothing", headers={"X-Request-Id": "req-1.2:3"}).headers[
        "X-Request-Id"] == "req-1.2:3"


def test_metrics_show_the_build_and_the_postings_cache(tmp_path: Path) -> None:
    # An app of its own: without gunicorn the gauges are this process's, set by the app answering last.
    with sample_app(tmp_path / "index") as client:
        assert client.get("/api/search?q=ولي العهد").status_code == 200
        text = client.get("/metrics").get_data(as_text=True)
    name = (tmp_path / "index" / "CURRENT").read_text().strip()
    meta = json.loads((tmp_path / "index" / "generations" / name / "meta.json").read_text())
    assert metric(text, "bahth_index_built_timestamp_seconds") == datetime.fromisoformat(meta["built_at"]).timestamp()
    assert metric(text, "bahth_index_build_duration_seconds") == meta["seconds"] > 0
    assert metric(text, "bahth_postings_cache_bytes") > 0
    assert metric(text, "bahth_postings_cache_entries") >= 2  # ولي and العهد at least
