"""Atomic rebuilds: killed builds, concurrent builds, leftovers, in-place updates."""
from __future__ import annotations

import json
import random
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from search.engine import Engine
from search.query.request import SearchRequest
from search.settings import DEFAULTS
from tests.support import CLI, bahth_process, synthetic, wait_for, write_jsonl


@pytest.fixture
def served(bahth: CLI, tmp_path: Path) -> Path:
    """An index of a few documents, already built and answering."""
    write_jsonl(tmp_path / "old.jsonl", [
        {"id": "old-1", "title": "عنوان قديم عن الذهب", "body": "نص عن أسعار الذهب"},
        {"id": "old-2", "title": "خبر عن النفط", "body": "نص عن أسعار النفط والذهب"},
    ])
    assert bahth("index", "build", tmp_path / "old.jsonl", "--index", tmp_path / "ix").code == 0
    return tmp_path / "ix"


def answers(bahth: CLI, index: Path) -> tuple[str, list[tuple[str, float]]]:
    stats = bahth("index", "stats", "--json", "--index", index)
    assert stats.code == 0, stats.err
    result = bahth("search", "الذهب", "--json", "--index", index).json()
    return stats.json()["generation"], [(h["id"], h["score"]) for h in result["hits"]]


@pytest.fixture
def big_input(tmp_path: Path) -> Path:
    """Enough input that a build takes a few seconds."""
    return write_jsonl(tmp_path / "big.jsonl", synthetic(10000, seed=7, prefix="new"))


def wait_for_lock(index: Path, pid: int, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lock = index / "build.lock"
        if lock.exists() and f"pid {pid}," in lock.read_text():
            return lock.read_text()
        time.sleep(0.01)
    raise AssertionError("the build never took the lock")


@pytest.mark.slow
def test_killed_builds_leave_the_old_index_answering(bahth: CLI, served: Path, big_input: Path) -> None:
    before = answers(bahth, served)
    rng = random.Random(2026)
    kills = 0
    for _ in range(20):
        build = bahth_process("index", "build", big_input, "--index", served)
        wait_for_lock(served, build.pid)
        time.sleep(rng.uniform(0.0, 1.5))
        if build.poll() is None:
            build.send_signal(signal.SIGKILL)
            kills += 1
        build.wait()
        if build.returncode == 0:  # finished before the kill: put the old index back
            break
        assert answers(bahth, served) == before
    assert kills >= 10, "the builds ended before they could be killed: make the input bigger"
    result = bahth("index", "build", big_input, "--json", "--index", served)
    assert result.code == 0, result.err
    generations = served / "generations"
    assert not [p for p in generations.iterdir() if p.name.startswith(".tmp-")]
    assert result.json()["articles"] == 10000
    assert answers(bahth, served)[0] == result.json()["generation"]


@pytest.mark.slow
def test_a_second_build_is_refused_while_one_runs(bahth: CLI, served: Path, big_input: Path) -> None:
    before = answers(bahth, served)
    build = bahth_process("index", "build", big_input, "--index", served)
    try:
        holder = wait_for_lock(served, build.pid)
        # Stopped, it holds the lock however fast the machine would finish it.
        build.send_signal(signal.SIGSTOP)
        assert build.poll() is None, "the build ended before it could be stopped: make the input bigger"
        second = bahth("index", "build", big_input, "--index", served)
        assert second.code == 1
        assert "another build or update is running" in second.err
        assert f"pid {build.pid}," in second.err and "bahth index build" in holder
        update = bahth("index", "update", big_input, "--index", served)
        assert update.code == 1 and "another build or update is running" in update.err
        assert answers(bahth, served) == before  # still serving the old one meanwhile
    finally:
        build.send_signal(signal.SIGCONT)
        build.wait(timeout=600)
    assert build.returncode == 0
    assert answers(bahth, served)[0] != before[0]


def test_the_last_three_generations_are_kept_and_older_ones_removed(bahth: CLI, served: Path,
                                                                     tmp_path: Path) -> None:
    names = [answers(bahth, served)[0]]
    for n in range(4):
        write_jsonl(tmp_path / "in.jsonl", synthetic(5, seed=n, prefix=f"g{n}-"))
        assert bahth("index", "build", tmp_path / "in.jsonl", "--index", served).code == 0
        names.append(answers(bahth, served)[0])
    assert sorted(p.name for p in (served / "generations").iterdir()) == names[-3:]
    assert (served / "CURRENT").read_text().strip() == names[-1]


def test_update_adds_and_replaces_documents_by_id(bahth: CLI, served: Path, tmp_path: Path) -> None:
    generation, _ = answers(bahth, served)
    write_jsonl(tmp_path / "update.jsonl", [
        {"id": "old-1", "title": "عنوان جديد عن الفضة", "body": "نص عن أسعار الفضة"},
        {"id": "new-1", "title": "خبر جديد عن الذهب", "body": "نص جديد عن الذهب"},
    ])
    result = bahth("index", "update", tmp_path / "update.jsonl", "--json", "--index", served)
    assert result.code == 0, result.err
    assert result.json()["articles"] == 2
    gen_after, hits = answers(bahth, served)
    assert gen_after == generation
    assert sorted(doc for doc, _ in hits) == ["new-1", "old-2"]
    silver = bahth("search", "الفضة", "--json", "--index", served).json()["hits"]
    assert [h["id"] for h in silver] == ["old-1"]
    stats = bahth("index", "stats", "--json", "--index", served).json()
    assert stats["documents"] == 3 and stats["updated_at"]


def test_update_without_an_index_says_how_to_build_one(bahth: CLI, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "u.jsonl", [{"id": "a", "title": "عنوان"}])
    result = bahth("index", "update", tmp_path / "u.jsonl", "--index", tmp_path / "none")
    assert result.code == 1 and "bahth index build" in result.err


def test_stats_describe_the_index(bahth: CLI, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "s.jsonl", [
        {"id": "a", "title": "أ", "body": "نص أول", "source": "alwasat", "date": "2026-01-02"},
        {"id": "b", "title": "ب", "body": "نص ثان", "source": "alyawm", "date": "2026-03-04T05:06:07Z"},
        {"id": "c", "title": "ج", "body": "نص ثالث", "source": "alwasat"},
    ])
    assert bahth("index", "build", tmp_path / "s.jsonl", "--index", tmp_path / "ix").code == 0
    stats = bahth("index", "stats", "--json", "--index", tmp_path / "ix").json()
    assert stats["documents"] == 3 and stats["by_kind"] == {"article": 3}
    assert stats["by_source"] == {"alwasat": 2, "alyawm": 1}
    assert stats["date_range"] == {"from": "2026-01-02", "to": "2026-03-04T05:06:07"}
    assert stats["size_bytes"] > 0 and stats["built_at"]
    human = bahth("index", "stats", "--index", tmp_path / "ix").out
    assert "documents  3" in human and "alwasat" in human
    assert json.loads(bahth("index", "stats", "--json", "--index", tmp_path / "ix").out) == stats


@pytest.mark.parametrize("change", ["rebuild", "update"])
def test_a_server_opens_the_new_index_beside_the_old_one(bahth: CLI, served: Path, tmp_path: Path,
                                                         change: str) -> None:
    """The request that notices a rebuild (or an update in place) is answered
    from what was served; the new index is served once it is open."""
    write_jsonl(tmp_path / "new.jsonl", [{"id": "new-1", "title": "الفضة", "body": "نص عن أسعار الفضة"}])
    with Engine(served, replace(DEFAULTS, reload_seconds=0), switch_in_background=True) as engine:
        before = engine.info()
        assert engine.search(SearchRequest("الفضة")).total == 0
        command = "build" if change == "rebuild" else "update"
        assert bahth("index", command, tmp_path / "new.jsonl", "--index", served).code == 0
        assert engine.search(SearchRequest("الفضة")).total == 0  # still the old one
        wait_for(lambda: engine.search(SearchRequest("الفضة")).total, "the new index was never served")
        after = engine.info()
    if change == "rebuild":
        assert after.generation != before.generation and after.documents == 1
    else:
        assert after.generation == before.generation and after.documents == 3


def test_the_version_told_is_the_one_the_answer_came_from(bahth: CLI, served: Path, tmp_path: Path) -> None:
    """A generation opened beside the served one may be switched to between
    a search and its reply: the version a reply names (the
    X-Bahth-Generation header) is the one its search read, per thread."""
    write_jsonl(tmp_path / "new.jsonl", [{"id": "new-1", "title": "الفضة", "body": "نص عن أسعار الفضة"}])
    with Engine(served, replace(DEFAULTS, reload_seconds=0), switch_in_background=True) as engine:
        old = engine.info().version
        assert bahth("index", "build", tmp_path / "new.jsonl", "--index", served).code == 0
        assert engine.search(SearchRequest("الفضة")).total == 0  # the old one answers, the new one opens beside
        assert engine.version == old
        other: list[str | None] = []

        def another_request() -> None:  # another thread's requests see the switch...
            wait_for(lambda: engine.info().version != old, "the new index was never served")
            other.append(engine.version)

        thread = threading.Thread(target=another_request)
        thread.start()
        thread.join()
        assert other and other[0] != old
        assert engine.version == old  # ...while this thread's last answer still came from the old one
        assert engine.search(SearchRequest("الفضة")).total == 1
        assert engine.version == other[0]
