"""Two Bahth servers as replicas behind nginx: one is killed (SIGKILL, master
and workers at once) under load, then started again; the clients see no
failed request, and nginx sends to the restarted one again. An answer the
app gave, a 503 too, is passed on and not tried again on the other. And a
generation built once and published to both under load fails no request."""
from __future__ import annotations

import os
import re
import signal
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

from tests.serving.proxy import FrontOf, address, get
from tests.support import Server, bahth_run, build_index, check_json_error, records, start_server, wait_for, write_jsonl

SOURCES = [f"127.0.0.{n}" for n in range(2, 8)]
# Each client under the per-address rate of the shipped configuration (5 a second).
CLIENT_INTERVAL = 0.25
QUERIES = [quote(q) for q in ("ولي العهد", "النفط", "السياسة الخارجية", "ممرات إنسانية", "الرياض")]
SEARCHES = re.compile(r'^bahth_http_requests_total\{([^}]*endpoint="/api/search"[^}]*)\} (\S+)$', re.MULTILINE)


def searches_served(server: Server, status: str = "") -> float:
    """Searches this server has answered (with ``status``, if given), by its own /metrics."""
    return sum(float(n) for labels, n in SEARCHES.findall(server.get("/metrics").text)
               if f'status="{status}"' in labels or not status)


def processes_of(pid: int) -> list[int]:
    """``pid`` and its children (gunicorn's master and its workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return [pid, *children]


def refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def finish(stop: threading.Event, clients: list[threading.Thread], servers: list[Server]) -> None:
    """Stop the clients, then the servers."""
    stop.set()
    for thread in clients:
        thread.join()
    for server in servers:
        server.stop()


def test_a_replica_killed_under_load_and_restarted_fails_no_request(index_dir: Path, tmp_path: Path,
                                                                    front_of: FrontOf) -> None:
    replicas = [start_server(index_dir, tmp_path / f"replica-{n}.log", workers=1) for n in range(2)]
    killed, other = replicas
    port = int(killed.url.rpartition(":")[2])
    proxy = front_of([address(r) for r in replicas])
    stop = threading.Event()
    answered: list[str] = []
    failed: list[str] = []

    def client(source: str) -> None:
        """Searches four times a second from ``source``; a failure is any answer but a 200."""
        n = 0
        while not stop.wait(CLIENT_INTERVAL):
            path = f"/api/search?q={QUERIES[n % len(QUERIES)]}"
            n += 1
            try:
                status = str(get(proxy, path, source).status)
            except OSError as error:
                status = repr(error)
            (answered if status == "200" else failed).append(f"{path}: {status}")

    clients = [threading.Thread(target=client, args=(source,)) for source in SOURCES]
    for thread in clients:
        thread.start()
    try:
        wait_for(lambda: searches_served(killed) >= 5 and searches_served(other) >= 5, "both replicas to serve")
        for pid in processes_of(killed.process.pid):
            os.kill(pid, signal.SIGKILL)
        killed.process.wait()
        wait_for(lambda: refuses(port), "the killed replica's port to close")
        at_kill = len(answered)
        wait_for(lambda: len(answered) >= at_kill + 40, "40 searches answered with one replica")
        restarted = start_server(index_dir, tmp_path / "restarted.log", workers=1, port=port)
        replicas.append(restarted)
        wait_for(lambda: searches_served(restarted) >= 5, "nginx to send searches to the restarted replica")
    finally:
        finish(stop, clients, replicas)
    print(f"\n{len(SOURCES)} clients through nginx, one of two replicas killed and restarted: "
          f"{len(answered) + len(failed)} requests, {len(failed)} failed, "
          f"{len(answered) - at_kill} answered after the kill")
    assert failed == []


def test_an_answer_of_the_app_a_503_too_is_not_tried_again(tmp_path: Path, front_of: FrontOf) -> None:
    # Servers without an index answer every search 503: the app's own
    # answer, as is its 503 for a search stopped at its time limit.
    replicas = [start_server(tmp_path / "no-index", tmp_path / f"replica-{n}.log", workers=1, healthy=False)
                for n in range(2)]
    try:
        proxy = front_of([address(r) for r in replicas])
        reply = get(proxy, f"/api/search?q={QUERIES[0]}", "127.0.0.2")
        assert reply.status == 503 and check_json_error(reply.body, 503)["code"] == "index_unavailable"
        assert sum(searches_served(r, "503") for r in replicas) == 1
    finally:
        for replica in replicas:
            replica.stop()


def test_a_generation_built_once_and_published_to_both_replicas_fails_no_request(
        tmp_path: Path, front_of: FrontOf) -> None:
    """One builder, two replicas each serving its own folder behind nginx: a
    new generation built once and published to both under load is served by
    both within 5 s of the publish, and no client sees a failure."""
    data = write_jsonl(tmp_path / "news.jsonl", records())
    builder = build_index(tmp_path / "builder", records())
    folders = [tmp_path / f"replica-{n}" for n in range(2)]
    for folder in folders:
        assert bahth_run("index", "publish", folder, "--index", builder).code == 0
    replicas = [start_server(folder, tmp_path / f"{folder.name}.log", workers=1) for folder in folders]
    proxy = front_of([address(r) for r in replicas])
    stop = threading.Event()
    answers: list[tuple[int, str]] = []  # (status, the version that answered)

    def client(source: str) -> None:
        n = 0
        while not stop.wait(CLIENT_INTERVAL):
            try:
                reply = get(proxy, f"/api/search?q={QUERIES[n % len(QUERIES)]}", source)
                answers.append((reply.status, reply.headers.get("x-bahth-generation", "")))
            except OSError as error:
                answers.append((0, repr(error)))
            n += 1

    clients = [threading.Thread(target=client, args=(source,)) for source in SOURCES]
    for thread in clients:
        thread.start()
    try:
        wait_for(lambda: searches_served(replicas[0]) >= 5 and searches_served(replicas[1]) >= 5,
                 "both replicas to serve")
        built = bahth_run("index", "build", data, "--index", builder)
        assert built.code == 0, built.err
        new = (builder / "CURRENT").read_text().strip()
        shipped = time.monotonic()
        for folder in folders:
            assert bahth_run("index", "publish", folder, "--index", builder).code == 0
        for replica in replicas:
            wait_for(lambda: replica.get("/readyz").json()["version"] == new,  # type: ignore[index]  # noqa: B023
                     f"{replica.url} did not move to {new}")
        both = time.monotonic() - shipped
        at_switch = len(answers)
        wait_for(lambda: len(answers) >= at_switch + len(SOURCES), "searches answered after the switch")
    finally:
        finish(stop, clients, replicas)
    failed = [a for a in answers if a[0] != 200]
    print(f"\npublished to two replicas behind nginx under load: {len(answers)} requests, {len(failed)} failed, "
          f"both on the new generation {both:.2f} s after the first publish began")
    assert not failed
    assert both <= 5
    assert answers[-1][1] == new
