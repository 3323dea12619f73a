"""A real gunicorn on loopback: `bahth serve`, metrics across workers, and a
rebuild while requests keep coming."""
from __future__ import annotations

import re
import subprocess
import threading
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

from tests.support import (
    BAHTH,
    ROOT,
    Server,
    build_index,
    check_not_ready,
    fetch,
    records,
    start_server,
    wait_for,
    write_jsonl,
)

pytestmark = pytest.mark.slow


def search(server: Server, q: str, **params: str) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": q, **params})


def metric_samples(text: str, name: str) -> list[tuple[dict[str, str], float]]:
    samples = []
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            samples.append((labels, float(match.group(2))))
    return samples


def test_contract_over_http(live_server: Server) -> None:
    reply = live_server.get(search(live_server, "ولي العهد", per_page="3"))
    assert reply.status == 200 and reply.headers["Content-Type"] == "application/json"
    data = reply.json()
    assert isinstance(data, dict) and data["total"] == 13 and len(data["hits"]) == 3
    assert reply.headers["X-Bahth-Generation"] == (live_server.index / "CURRENT").read_text().strip()
    assert "gunicorn/" not in reply.headers.get("Server", "")  # no version given away
    for bad in ({"q": ""}, {"q": "خبر", "page": "0"}, {"q": "خبر", "per_page": "1000"},
                {"q": "خبر", "from": "yesterday"}, {"q": "خبر", "sort": "oldest"}):
        failed = live_server.get("/api/search?" + urllib.parse.urlencode(bad))
        assert failed.status == 400 and "error" in failed.json()  # type: ignore[operator]
    page = live_server.get("/search?" + urllib.parse.urlencode({"q": "<script>x</script>"}))
    assert page.status == 200 and "<script>x" not in page.text
    assert live_server.get("/api/documents/russia-1").status == 200
    assert live_server.get("/api/documents/none").status == 404
    assert live_server.get("/api/suggest?" + urllib.parse.urlencode({"q": "ولي الع"})).json() == {
        "query": "ولي الع", "suggestions": ["ولي العهد"]}
    assert live_server.get("/openapi.json").status == 200


def test_metrics_add_up_over_workers(live_server: Server) -> None:
    def served() -> float:
        text = live_server.get("/metrics").text
        return sum(v for labels, v in metric_samples(text, "bahth_http_requests_total")
                   if labels["endpoint"] == "/api/documents/<path:doc_id>" and labels["status"] == "200")

    before = served()
    n, threads = 40, 4

    def client() -> None:
        for _ in range(n // threads):
            assert live_server.get("/api/documents/economy-1").status == 200

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    text = live_server.get("/metrics").text
    assert served() == before + n
    # Both workers answered, and each reports the generation it serves.
    pids = {labels["pid"] for labels, v in metric_samples(text, "bahth_index_generation") if v == 1}
    assert len(pids) == 2
    assert ("bahth_index_documents 19.0") in text
    assert metric_samples(text, "bahth_http_request_duration_seconds_bucket")


def test_rebuild_while_serving(tmp_path: Path) -> None:
    """Every worker moves to the new generation; no request fails and none sees
    a mix of the two."""
    old_docs = records()
    new_docs = [{**d, "body": d.get("body", "") + " تحديث"} for d in old_docs if "crown" in d.get("id", "")][:5]
    index = build_index(tmp_path / "index", old_docs)
    old = (index / "CURRENT").read_text().strip()
    server = start_server(index, tmp_path / "server.log", workers=2, reload_seconds=0.5)
    answers: list[tuple[int, str, int]] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            reply = fetch(server.url + "/api/search?" + urllib.parse.urlencode({"q": "ولي العهد"}))
            total = reply.json()["total"] if reply.status == 200 else -1  # type: ignore[index]
            answers.append((reply.status, reply.headers.get("X-Bahth-Generation", ""), total))

    clients = [threading.Thread(target=hammer) for _ in range(4)]
    try:
        for client in clients:
            client.start()
        wait_for(lambda: answers, "no request was answered")
        data = write_jsonl(tmp_path / "new.jsonl", new_docs)
        # Five documents where there were nineteen: a shrink, allowed on purpose.
        subprocess.run([*BAHTH, "index", "build", str(data), "--index", str(index), "--allow-shrink"],
                       cwd=ROOT, check=True, capture_output=True)
        new = (index / "CURRENT").read_text().strip()
        assert new != old

        def all_workers_on_new() -> bool:
            samples = metric_samples(server.get("/metrics").text, "bahth_index_generation")
            serving = {labels["pid"]: labels["generation"] for labels, v in samples if v == 1}
            return len(serving) == 2 and set(serving.values()) == {new}

        wait_for(all_workers_on_new, "the workers did not all move to the new generation")
        switched = len(answers)
        wait_for(lambda: len(answers) >= switched + len(clients), "no request was answered after the switch")
    finally:
        stop.set()
        for client in clients:
            client.join()
        server.stop()

    assert answers and all(status == 200 for status, _, _ in answers), Counter(s for s, _, _ in answers)
    by_generation = {(generation, total) for _, generation, total in answers}
    assert by_generation == {(old, 13), (new, 5)}  # each answer wholly from one generation
    assert answers[-1][1] == new


def test_starts_without_an_index(tmp_path: Path) -> None:
    server = start_server(tmp_path / "missing", tmp_path / "server.log", workers=1, healthy=False)
    try:
        health = server.get("/healthz")
        assert check_not_ready(health.body, health.status)["code"] == "no_index"
        assert server.get("/livez").status == 200
        page = server.get("/")
        assert page.status == 503 and "البحث غير متاح الآن" in page.text
    finally:
        server.stop()
    log = server.log.read_text()
    assert "bahth index build" in log and "Traceback" not in log


def test_a_worker_idle_while_its_generation_is_pruned_still_answers(tmp_path: Path) -> None:
    """A worker that opened a generation and answered nothing from it while
    three newer builds pruned it answers its next search from the files it
    holds open (then moves on), not with a 500."""
    data = write_jsonl(tmp_path / "news.jsonl", records())
    index = build_index(tmp_path / "index", records())
    server = start_server(index, tmp_path / "server.log", workers=1, reload_seconds=0.5)
    try:
        def build() -> str:
            done = subprocess.run([*BAHTH, "index", "build", str(data), "--index", str(index)],
                                  cwd=ROOT, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            return (index / "CURRENT").read_text().strip()

        second = build()
        # A search sees the new generation and opens it beside the served one;
        # /livez, which reads nothing of the index, shows when the worker switched.
        assert server.get(search(server, "ولي العهد")).status == 200
        wait_for(lambda: server.get("/livez").headers.get("X-Bahth-Generation") == second,
                 "the worker did not move to the second generation")
        for _ in range(3):
            build()
        assert not (index / "generations" / second).exists()  # three generations are kept
        reply = server.get(search(server, "ولي العهد"))
        assert reply.status == 200 and reply.json()["total"] == 13  # type: ignore[index]
    finally:
        server.stop()
