"""Every search is bounded in time: past BAHTH_QUERY_TIMEOUT_SECONDS (2 s by
default) it is stopped and answered with a 503 "timeout" and Retry-After, and
the worker goes on serving."""
from __future__ import annotations

import random
import statistics
import time
import urllib.parse
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.deadline import Deadline, QueryTimeout
from search.engine import Engine
from search.query.request import MAX_QUERY_CHARS, SearchRequest
from search.settings import Settings
from tests.support import WORDS, app_client, check_json_error, check_page, closed, metric, start_server, timed
from web import ENGINE, create_app


def up_to_the_cap(piece: str, seed: int) -> str:
    """Pieces made from ``piece`` ("{} AND {}") with random common words,
    joined up to the query length cap."""
    rng = random.Random(seed)
    query = ""
    while True:
        more = piece.format(rng.choice(WORDS), rng.choice(WORDS))
        if len(query) + len(more) + 1 > MAX_QUERY_CHARS:
            return query
        query = f"{query} {more}".strip()


STOP_WORDS_ONLY = "في من على"


def heavy_query(seed: int = 1) -> str:
    """Groups of ANDed common words: Whoosh's own matchers (not the array
    scorer of plain word queries) collect them."""
    return up_to_the_cap("({} AND {})", seed)


def test_the_limit_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAHTH_QUERY_TIMEOUT_SECONDS", raising=False)
    assert Settings.from_env().query_timeout_seconds == 2.0
    monkeypatch.setenv("BAHTH_QUERY_TIMEOUT_SECONDS", "0.5")
    assert Settings.from_env().query_timeout_seconds == 0.5
    assert create_app({"INDEX": "nowhere"}).extensions[ENGINE].time_limit == 0.5
    assert create_app({"INDEX": "nowhere", "QUERY_TIMEOUT_SECONDS": 0}).extensions[ENGINE].time_limit is None


def test_a_search_is_stopped_before_it_would_finish(large_index: Path) -> None:
    query = SearchRequest(q=heavy_query())
    unlimited, limited = Engine(large_index), Engine(large_index, time_limit=0.05)
    full, stopped = [], []
    for _ in range(3):
        started = time.perf_counter()
        unlimited.search(query)
        full.append(time.perf_counter() - started)
        started = time.perf_counter()
        with pytest.raises(QueryTimeout, match="longer than 0.05 s"):
            limited.search(query)
        stopped.append(time.perf_counter() - started)
    # Stopped between matched documents: what remains is Whoosh setting up
    # the query's matchers, which no flag can interrupt.
    assert statistics.median(stopped) < 0.85 * statistics.median(full), (stopped, full)
    # The same engine, and its searcher, go on answering (under a limit no
    # machine misses: reading postings and building hits watch it too).
    limited.time_limit = 60
    assert limited.search(SearchRequest(q=WORDS[0])).total == 3000
    assert limited.document("doc-7") is not None
    closed(unlimited)
    closed(limited)


def phrase_query(seed: int = 2) -> str:
    """Quoted pairs of common words: the array scorer checks each phrase's
    positions document by document."""
    return up_to_the_cap('"{} {}"', seed)


def test_a_phrase_search_is_stopped_before_it_would_finish(large_index: Path) -> None:
    query = SearchRequest(q=phrase_query())
    with Engine(large_index) as unlimited, Engine(large_index, time_limit=0.05) as limited:
        started = time.perf_counter()
        assert unlimited.search(query, snippets=False).total == 3000
        full = time.perf_counter() - started
        started = time.perf_counter()
        with pytest.raises(QueryTimeout, match="longer than 0.05 s"):
            limited.search(query, snippets=False)
        stopped = time.perf_counter() - started
        assert stopped < 0.5 * full, (stopped, full)
        # The same engine, and its searcher, go on answering.
        limited.time_limit = 60
        assert limited.search(SearchRequest(q=WORDS[0])).total == 3000


def test_a_word_search_on_a_cold_cache_is_stopped_while_it_reads(large_index: Path) -> None:
    """500 characters of common words, 100 hits a page, each engine's first
    search: the deadline is checked while postings are read from disk and
    while hits are built (neither was, and such a search answered 200 long
    past its limit)."""
    query = SearchRequest(q=up_to_the_cap("{} {}", seed=3), per_page=100)
    with Engine(large_index) as unlimited:
        unlimited.open_now()
        found, full = timed(unlimited.search, query)
    assert len(found.hits) == 100
    with Engine(large_index, time_limit=0.05) as limited:
        limited.open_now()
        started = time.perf_counter()
        with pytest.raises(QueryTimeout, match="longer than 0.05 s"):
            limited.search(query)
        stopped = time.perf_counter() - started
    print(f"\ncold, 100 hits: {full:.2f} s without a limit, stopped after {stopped:.2f} s at 0.05 s")
    assert stopped < 0.5 * full, (stopped, full)


def test_deadline() -> None:
    assert Deadline(None).remaining() is None and not Deadline(None).passed()
    soon = Deadline(0.001)
    time.sleep(0.01)
    assert soon.passed() and soon.remaining() == 0.0
    with pytest.raises(QueryTimeout):
        soon.check()
    later = Deadline(10)
    assert later.at_most(0.25).remaining() <= 0.25 and later.at_most(60) is later


def test_timeout_answers_through_the_app(large_index: Path) -> None:
    with app_client(INDEX=str(large_index), QUERY_TIMEOUT_SECONDS=0.001) as client:
        check_timeout_answers(client)


def timeouts(metrics: str, endpoint: str) -> float:
    return metric(metrics, "bahth_search_timeouts_total", endpoint=endpoint)


def check_timeout_answers(client: FlaskClient) -> None:
    q = heavy_query()
    before = client.get("/metrics").get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": q})
    assert api.status_code == 503 and api.headers["Retry-After"] == "1"
    error = check_json_error(api.get_data(), 503)
    assert error["code"] == "timeout" and "0.001 s" in error["message"]
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 503 and page.headers["Retry-After"] == "1"
    html = page.get_data(as_text=True)
    parsed = check_page(html)
    assert 'role="alert"' in html and "فأُوقف" in html
    assert [i.get("value") for i in parsed.all("input") if i.get("id") == "q"] == [q]
    # The next requests are served.
    assert client.get("/api/documents/doc-1").status_code == 200
    assert client.get("/healthz").status_code == 200
    after = client.get("/metrics").get_data(as_text=True)
    for endpoint in ("/api/search", "/search"):  # counted once each
        assert timeouts(after, endpoint) == timeouts(before, endpoint) + 1
    # Under 1 ms, only a search that reads nothing answers 200 (stop words);
    # one that reads postings or builds hits is stopped as cleanly.
    assert client.get("/api/search", query_string={"q": STOP_WORDS_ONLY}).status_code == 200
    word = client.get("/api/search", query_string={"q": WORDS[1]})
    assert word.status_code == 200 or check_json_error(word.get_data(), 503)["code"] == "timeout"


@pytest.mark.slow
def test_timeout_over_gunicorn_keeps_the_worker(large_index: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAHTH_QUERY_TIMEOUT_SECONDS", "0.001")
    server = start_server(large_index, tmp_path / "server.log", workers=1)
    try:
        q = urllib.parse.urlencode({"q": heavy_query()})
        for _ in range(3):
            reply = server.get("/api/search?" + q)
            assert reply.status == 503 and reply.headers["Retry-After"] == "1"
            assert check_json_error(reply.body, 503)["code"] == "timeout"
        page = server.get("/search?" + q)
        assert page.status == 503 and "فأُوقف" in page.text
        assert server.get("/healthz").status == 200
        assert server.get("/api/documents/doc-1").status == 200
        metrics = server.get("/metrics").text
        assert (timeouts(metrics, "/api/search"), timeouts(metrics, "/search")) == (3, 1)
        assert server.get("/api/search?" + urllib.parse.urlencode({"q": STOP_WORDS_ONLY})).status == 200
        word = server.get("/api/search?" + urllib.parse.urlencode({"q": WORDS[2]}))
        assert word.status == 200 or check_json_error(word.body, 503)["code"] == "timeout"
    finally:
        server.stop()
    log = server.log.read_text()
    assert "search stopped at its time limit of 0.001 s" in log
    assert log.count("Booting worker") == 1, "the worker was replaced"
    assert "Traceback" not in log and "WORKER TIMEOUT" not in log
