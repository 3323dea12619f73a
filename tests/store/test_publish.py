"""`bahth index publish`: a generation built once, copied to other index folders
(directly, or through rsync) and switched there, where a server reading the
folder moves to it; a copy that fails changes nothing there."""
from __future__ import annotations

import os
import signal
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from tests.support import (
    CLI,
    SAMPLE,
    SAUDINEWSNET,
    Run,
    Server,
    bahth_process,
    bahth_run,
    build_index,
    fetch,
    need,
    records,
    start_server,
    synthetic,
    wait_for,
    write_jsonl,
)

# Copied directly, or by rsync to a local folder: the path to a remote one
# but for ssh (a shell there is `sh -c` here).
VIAS = ("copy", "rsync")


def publish(bahth: CLI, source: Path, dest: Path, via: str, *more: str) -> Run:
    return bahth("index", "publish", dest, "--index", source, "--via", via, *more)


def version(bahth: CLI, index: Path) -> str:
    stats = bahth("index", "stats", "--json", "--index", index)
    assert stats.code == 0, stats.err
    return str(stats.json()["version"])


def hits(bahth: CLI, index: Path, query: str) -> list[str]:
    return [h["id"] for h in bahth("search", query, "--json", "--index", index).json()["hits"]]


def generations(index: Path) -> list[str]:
    return sorted(p.name for p in (index / "generations").iterdir())


def leftovers(index: Path) -> list[Path]:
    """What a copy in progress would leave: .tmp-* names, rsync's dot files."""
    return [p for p in index.rglob("*") if p.name.startswith(".")]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return build_index(tmp_path / "builder", records())


@pytest.mark.parametrize("via", VIAS)
def test_publish_to_an_empty_folder_then_again(bahth: CLI, source: Path, tmp_path: Path, via: str) -> None:
    replica = tmp_path / "replica"
    built = version(bahth, source)
    result = publish(bahth, source, replica, via)
    assert result.code == 0, result.err
    assert f"published {built} to {replica}" in result.out
    # A normal index folder, serving what the builder serves.
    assert {"CURRENT", "generations"} <= set(os.listdir(replica)) <= {"CURRENT", "generations", "build.lock"}
    assert generations(replica) == [built] and not leftovers(replica)
    assert version(bahth, replica) == built
    assert hits(bahth, replica, "ولي العهد") == hits(bahth, source, "ولي العهد") != []
    switched = (replica / "CURRENT").stat().st_mtime_ns

    again = publish(bahth, source, replica, via, "--json")
    assert again.code == 0, again.err
    assert again.json()["published"] is False and again.json()["version"] == built
    assert (replica / "CURRENT").stat().st_mtime_ns == switched
    assert "already serves" in publish(bahth, source, replica, via).out


@pytest.mark.parametrize("via", VIAS)
def test_a_server_on_the_destination_moves_to_each_version_published(
        bahth: CLI, source: Path, tmp_path: Path, via: str) -> None:
    replica = tmp_path / "replica"
    assert publish(bahth, source, replica, via).code == 0
    # One worker, which answers every request and so moves at each step.
    server = start_server(replica, tmp_path / "server.log", workers=1)

    def finds(query: str, expected: str) -> list[str] | None:
        """The ids found for ``query`` if the answer came from version ``expected``."""
        reply = server.get("/api/search?q=" + urllib.parse.quote(query))
        if reply.headers["X-Bahth-Generation"] != expected:
            return None
        return [h["id"] for h in reply.json()["hits"]]

    try:
        assert finds("خبر", version(bahth, source)) is not None
        first = generations(replica)
        # A new generation, an update in place of it, then new generations
        # until the first is pruned.
        steps = [("build", {"id": "gold", "title": "أسعار الذهب ترتفع", "body": "خبر عن أسعار الذهب"}),
                 ("update", {"id": "silver", "title": "أسعار الفضة تنخفض", "body": "خبر عن أسعار الفضة"}),
                 ("build", {"id": "copper", "title": "أسعار النحاس تستقر", "body": "خبر عن أسعار النحاس"}),
                 ("build", {"id": "iron", "title": "أسعار الحديد تهبط", "body": "خبر عن أسعار الحديد"})]
        for n, (command, doc) in enumerate(steps):
            data = write_jsonl(tmp_path / f"step-{n}.jsonl", [doc])
            shrink = ["--allow-shrink"] if command == "build" else []  # one document replaces many
            assert bahth("index", command, data, "--index", source, *shrink).code == 0
            built = version(bahth, source)
            result = publish(bahth, source, replica, via, "--json")
            assert result.code == 0, result.err
            assert result.json()["published"] and result.json()["version"] == built
            wait_for(lambda: doc["id"] in (finds(doc["title"], built) or []),  # noqa: B023
                     f"the server did not move to {built}")
        # Pruned as the builder prunes.
        assert result.json()["removed"] == first and first[0] not in generations(source)
        assert generations(replica) == generations(source)
        assert not leftovers(replica)
    finally:
        server.stop()


@pytest.mark.parametrize("small_disk", ["640k"], indirect=True)
@pytest.mark.parametrize("via", VIAS)
def test_a_copy_that_fails_leaves_the_destination_serving_as_before(
        bahth: CLI, source: Path, small_disk: Path, tmp_path: Path, via: str) -> None:
    replica = small_disk / "replica"
    assert publish(bahth, source, replica, via).code == 0
    served = version(bahth, replica)
    before = hits(bahth, replica, "ولي العهد")
    files = sorted(os.listdir(replica / "generations" / served))

    def unchanged() -> None:
        assert (replica / "CURRENT").read_text().strip() == served
        assert generations(replica) == [served] and not leftovers(replica)
        assert sorted(os.listdir(replica / "generations" / served)) == files
        assert version(bahth, replica) == served and hits(bahth, replica, "ولي العهد") == before

    # A new generation too big for the disk left (the sample corpus, 0.9 MB).
    bigger = tmp_path / "bigger"
    assert bahth("index", "build", SAMPLE, "--index", bigger).code == 0
    failed = publish(bahth, bigger, replica, via)
    assert failed.code == 1
    assert "out of disk space" in failed.err and f"it still serves {served}" in failed.err
    unchanged()
    # The served generation updated in place with more than the disk holds.
    assert bahth("index", "update", SAMPLE, "--index", source).code == 0
    failed = publish(bahth, source, replica, via)
    assert failed.code == 1 and f"it still serves {served}" in failed.err
    unchanged()


def test_publish_refuses_its_own_index_a_remote_folder_without_rsync_and_an_unreachable_host(
        bahth: CLI, source: Path, tmp_path: Path) -> None:
    own = bahth("index", "publish", source, "--index", source)
    assert own.code == 1 and "is the index being published" in own.err
    remote = bahth("index", "publish", "replica.example:index", "--index", source, "--via", "copy")
    assert remote.code == 1 and "rsync destination" in remote.err
    # A host that cannot be reached (.invalid never resolves): a message, and no local folder by that name.
    unreachable = bahth("index", "publish", "replica.invalid:index", "--index", source)
    assert unreachable.code == 1 and "cannot publish to replica.invalid:index (" in unreachable.err
    assert not Path("replica.invalid:index").exists()
    nothing = bahth("index", "publish", tmp_path / "replica", "--index", tmp_path / "none")
    assert nothing.code == 1 and "bahth index build" in nothing.err
    assert not (tmp_path / "replica").exists()


def test_publish_is_refused_while_a_build_holds_the_builders_lock(bahth: CLI, source: Path, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "big.jsonl", synthetic(3000, seed=5, prefix="big"))
    build = bahth_process("index", "build", data, "--index", source)
    try:
        wait_for(lambda: f"pid {build.pid}," in (source / "build.lock").read_text(), "the build took the lock")
        # Stopped, it holds the lock however fast the machine would finish it.
        build.send_signal(signal.SIGSTOP)
        assert build.poll() is None, "the build ended before it could be stopped: make the input bigger"
        refused = publish(bahth, source, tmp_path / "replica", "copy")
        assert refused.code == 1 and "another build or update is running" in refused.err
        assert f"pid {build.pid}," in refused.err and not (tmp_path / "replica").exists()
    finally:
        build.kill()  # its leftovers are the next build's to remove
        build.wait()


# -- replicas under load --------------------------------------------------------

# The smallest day of SaudiNewsNet (1,316 articles): the generation built once.
DAY = SAUDINEWSNET / "2015-07-23.zip"
QUERIES = ("ولي العهد", "أسعار النفط", "الهلال", "وزارة الصحة", "الرياض")


@pytest.mark.slow
def test_two_replicas_move_to_a_generation_built_once_with_no_request_failing(tmp_path: Path) -> None:
    builder = tmp_path / "builder"
    assert bahth_run("index", "build", SAMPLE, "--index", builder).code == 0
    replicas = [tmp_path / "replica-1", tmp_path / "replica-2"]
    vias = ("copy", "rsync")
    for replica, via in zip(replicas, vias, strict=True):
        assert bahth_run("index", "publish", replica, "--index", builder, "--via", via).code == 0
    servers = [start_server(r, tmp_path / f"{r.name}.log") for r in replicas]
    # Per replica: (answered at, status, version) of every answer; the wall
    # clock, to compare with the time CURRENT was replaced.
    answers: list[list[tuple[float, int, str]]] = [[], []]
    stop = threading.Event()

    def client(n: int, server: Server, seed: int) -> None:
        while not stop.is_set():
            query = QUERIES[seed % len(QUERIES)]
            seed += 1
            reply = fetch(server.url + "/api/search?q=" + urllib.parse.quote(query))
            answers[n].append((time.time(), reply.status, reply.headers.get("X-Bahth-Generation", "")))

    clients = [threading.Thread(target=client, args=(n, s, k)) for n, s in enumerate(servers) for k in range(2)]
    published: list[tuple[float, dict[str, Any]]] = []  # (returned at, summary) per replica
    try:
        for thread in clients:
            thread.start()
        wait_for(lambda: all(answers), "the replicas did not answer")
        assert bahth_run("index", "build", need(DAY), "--index", builder).code == 0
        new = bahth_run("index", "stats", "--json", "--index", builder).json()["version"]
        for replica, via in zip(replicas, vias, strict=True):
            result = bahth_run("index", "publish", replica, "--index", builder, "--via", via, "--json")
            assert result.code == 0, result.err
            published.append((time.time(), result.json()))
        # Every client has been answered by the new generation twice.
        for n in range(2):
            wait_for(lambda: sum(v == new for _, _, v in answers[n][-4:]) == 4,  # noqa: B023
                     f"replica {n + 1} did not move to {new}")
    finally:
        stop.set()
        for thread in clients:
            thread.join()
        for server in servers:
            server.stop()
    for n, replica in enumerate(replicas):
        returned, summary = published[n]
        switched = (replica / "CURRENT").stat().st_mtime
        last_old = max(at for at, _, v in answers[n] if v != new)
        failed = sum(status != 200 for _, status, _ in answers[n])
        print(f"{replica.name} ({vias[n]}): {len(answers[n])} requests, {failed} failed; "
              f"published {summary['files']} files ({summary['bytes'] / 1e6:.1f} MB) in {summary['seconds']} s; "
              f"last answer from the old generation {last_old - switched:.2f} s after CURRENT was replaced, "
              f"{last_old - returned:.2f} s after the publish returned")
        assert failed == 0
        assert last_old - returned <= 5.0
