"""A damaged or missing index at start-up: the server starts, /healthz answers
503 with what is wrong, the page says the search is unavailable, the log says
how to fix it, and once the index is rebuilt it is served without a restart.

(Builds killed at random moments, a second build or an update while one
runs, and a disk that fills up are in tests/store/test_generations.py and
tests/store/test_disk_full.py; the server started with no index at all is in
tests/web/test_gunicorn.py.)"""
from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.store.generations import DamagedIndex, IndexStore
from tests.support import (
    SAMPLE,
    app_client,
    bahth_run,
    check_json_error,
    check_not_ready,
    check_page,
    start_server,
    timed,
    wait_for,
)


def generation(index: Path) -> Path:
    return index / "generations" / (index / "CURRENT").read_text().strip()


def each(pattern: str, change: Callable[[Path], None]) -> Callable[[Path], None]:
    """Apply ``change`` to the generation's files that match ``pattern``
    ("segment" files: a compound .seg, or a segment's files one by one)."""
    def damage(index: Path) -> None:
        files = sorted(p for p in generation(index).glob(pattern) if "WRITELOCK" not in p.name)
        assert files, pattern
        for path in files:
            change(path)
    return damage


def flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(64, len(data), 61):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGES: dict[str, Callable[[Path], None]] = {
    "table of contents overwritten": each("*.toc", lambda p: p.write_bytes(random.Random(1).randbytes(300))),
    "table of contents truncated": each("*.toc", lambda p: p.write_bytes(p.read_bytes()[:40])),
    "table of contents missing": each("*.toc", Path.unlink),
    "segment overwritten": each("MAIN_*", lambda p: p.write_bytes(random.Random(2).randbytes(p.stat().st_size))),
    "segment truncated": each("MAIN_*", lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
    "segment emptied": each("MAIN_*", lambda p: p.write_bytes(b"")),
    "segment missing": each("MAIN_*", Path.unlink),
    "segment bytes flipped": each("MAIN_*", flip_bytes),
    # One file of a segment, which Whoosh would read only when a search needs it.
    "postings emptied": each("*.pst", lambda p: p.write_bytes(b"")),
    "postings cut short": each("*.pst", lambda p: p.write_bytes(p.read_bytes()[:-10])),
    "kind column emptied": each("*.kind.col", lambda p: p.write_bytes(b"")),
    "copy group column emptied": each("*.copy_group.col", lambda p: p.write_bytes(b"")),
    "copy group column cut short": each("*.copy_group.col", lambda p: p.write_bytes(p.read_bytes()[:-5])),
    "stored fields missing": each("*._stored.col", Path.unlink),
    "generation folder emptied": lambda ix: [p.unlink() for p in generation(ix).iterdir()],
    "CURRENT names a missing generation": lambda ix: (ix / "CURRENT").write_text("20990101T000000000000Z\n"),
    "CURRENT unreadable": lambda ix: (ix / "CURRENT").write_bytes(b"\xff\xfe\x00garbage\n"),
    "CURRENT names a path": lambda ix: (ix / "CURRENT").write_text("../../../etc\n"),
    "CURRENT is a folder": lambda ix: ((ix / "CURRENT").unlink(), (ix / "CURRENT").mkdir()),
}
WHAT_IS_WRONG = ("damaged", "missing", "cannot be read", "not the name of a generation")


@pytest.fixture
def damaged_copy(copies_index: Path, tmp_path: Path) -> Callable[[str], Path]:
    def make(damage: str) -> Path:
        index = tmp_path / "index"
        shutil.copytree(copies_index, index)
        DAMAGES[damage](index)
        return index
    return make


# Whoosh leaves a damaged file open when it fails to read it; the file is
# closed when collected, with a ResourceWarning.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_index_is_a_503_that_says_why(damaged_copy: Callable[[str], Path], damage: str,
                                               caplog: pytest.LogCaptureFixture) -> None:
    with app_client(INDEX=str(damaged_copy(damage))) as client:
        check_damaged(client, caplog)


def check_damaged(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    for probe in ("/readyz", "/healthz"):
        check_not_ready(client.get(probe).get_data(), client.get(probe).status_code)
    assert client.get("/livez").status_code == 200  # alive, only not ready
    # The log, not the answer, says what is wrong and where.
    assert any(words in r.getMessage() for r in caplog.records for words in WHAT_IS_WRONG)
    for path in ("/api/search?q=ولي", "/api/suggest?q=ولي", "/api/documents/russia-1"):
        reply = client.get(path)
        assert reply.status_code == 503 and check_json_error(reply.get_data(), 503)["code"] == "index_unavailable"
    for path in ("/", "/search?q=ولي", "/documents/russia-1"):
        page = client.get(path)
        assert page.status_code == 503 and "البحث غير متاح الآن" in page.get_data(as_text=True)
        check_page(page.get_data(as_text=True))
    assert client.get("/metrics").status_code == 200
    assert any("bahth index build" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records), "a traceback was logged"


ONE_FILE = ["postings emptied", "postings cut short", "kind column emptied", "copy group column emptied",
            "copy group column cut short", "stored fields missing"]


@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("damage", ONE_FILE)
def test_damage_to_one_file_is_found_at_open(damaged_copy: Callable[[str], Path], copies_index: Path,
                                             damage: str) -> None:
    """Found when the generation is opened, not by the first search that
    reads the file: `bahth index stats` says so and exits 1."""
    index = damaged_copy(damage)
    started = time.perf_counter()
    with pytest.raises(DamagedIndex, match="is damaged"):
        IndexStore(index).current().open()
    seconds = time.perf_counter() - started
    _, healthy = timed(IndexStore(copies_index).current().open)
    print(f"\n{damage}: found at open in {seconds * 1000:.1f} ms (a sound index opens in {healthy * 1000:.1f} ms)")
    stats = bahth_run("index", "stats", "--index", index)
    assert stats.code == 1 and "is damaged" in stats.err and "bahth index build" in stats.err, stats.err
    assert "Traceback" not in stats.err + stats.out
    search = bahth_run("search", "ولي", "--index", index)
    assert search.code == 1 and "is damaged" in search.err and "Traceback" not in search.err


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["segment truncated", "CURRENT names a missing generation", *ONE_FILE[:3]])
def test_server_starts_on_a_damaged_index_and_serves_the_rebuilt_one(
        damaged_copy: Callable[[str], Path], tmp_path: Path, damage: str) -> None:
    index = damaged_copy(damage)
    server = start_server(index, tmp_path / "server.log", workers=1, reload_seconds=0.5, healthy=False)
    try:
        health = server.get("/readyz")
        check_not_ready(health.body, health.status)
        assert server.get("/livez").status == 200
        page = server.get("/")
        assert page.status == 503 and "البحث غير متاح الآن" in page.text
        found = server.get("/api/search?q=%D9%88%D9%84%D9%8A")  # q=ولي
        assert found.status == 503 and check_json_error(found.body, 503)["code"] == "index_unavailable"
        # The fix the log gives works without a restart.
        rebuilt = bahth_run("index", "build", SAMPLE, "--index", index)
        assert rebuilt.code == 0, rebuilt.err
        wait_for(lambda: server.get("/readyz").status == 200, "the rebuilt index was not served")
        assert server.get("/api/search?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7").status == 200
    finally:
        server.stop()
    log = server.log.read_text()
    assert "serving without an index" in log and "bahth index build" in log
    assert "Traceback" not in log


def test_a_build_repairs_an_unreadable_current(damaged_copy: Callable[[str], Path]) -> None:
    index = damaged_copy("CURRENT unreadable")
    assert bahth_run("index", "build", SAMPLE, "--index", index).code == 0
    with app_client(INDEX=str(index)) as client:
        assert client.get("/healthz").status_code == 200
    assert (index / "CURRENT").read_text().strip() in os.listdir(index / "generations")
