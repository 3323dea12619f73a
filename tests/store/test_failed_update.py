"""An update stopped mid-way leaves the live generation as it was: interrupted,
it removes what it wrote itself; killed outright, the next update does."""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.support import BAHTH, CLI, ROOT, synthetic, wait_for, write_jsonl


def as_from_a_terminal() -> None:
    """Ctrl-C as a terminal's shell gives it to the command it runs: a test run
    started in the background by a script inherits SIGINT ignored, and so
    would the update, which would then rightly not stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stopped_while_writing(index: Path, live: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    """An update of many documents, stopped once it writes into ``live``."""
    before = set(os.listdir(live))
    big = write_jsonl(tmp_path / "big.jsonl", synthetic(4000, seed=3, prefix="big"))
    update = subprocess.Popen([*BAHTH, "index", "update", str(big), "--index", str(index)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              preexec_fn=as_from_a_terminal)
    wait_for(lambda: update.poll() is not None
             or {name for name in set(os.listdir(live)) - before if not name.startswith(".")},
             "the update never began writing")
    # Stopped, it is caught mid-way however fast the machine would finish it.
    update.send_signal(signal.SIGSTOP)
    assert update.poll() is None, "the update ended before it could be stopped: make the input bigger"
    return update


@pytest.fixture
def index(bahth: CLI, tmp_path: Path) -> Path:
    write_jsonl(tmp_path / "old.jsonl", synthetic(30, seed=1, prefix="old"))
    assert bahth("index", "build", tmp_path / "old.jsonl", "--index", tmp_path / "ix").code == 0
    return tmp_path / "ix"


def served(bahth: CLI, index: Path) -> tuple[object, ...]:
    """What the index answers (not its size: a killed update's files are on disk until undone)."""
    stats = bahth("index", "stats", "--json", "--index", index).json()
    hits = bahth("search", "نفط", "--json", "--index", index).json()["hits"]
    return stats["version"], stats["documents"], hits


def test_an_interrupted_update_removes_what_it_wrote(bahth: CLI, index: Path, tmp_path: Path) -> None:
    live = index / "generations" / (index / "CURRENT").read_text().strip()
    files, before = sorted(os.listdir(live)), served(bahth, index)
    size = bahth("index", "stats", "--json", "--index", index).json()["size_bytes"]
    update = stopped_while_writing(index, live, tmp_path)
    update.send_signal(signal.SIGINT)
    update.send_signal(signal.SIGCONT)
    _, err = update.communicate(timeout=600)
    assert update.returncode == 130, err.decode(errors="replace")[-3000:]
    assert b"interrupted; the index was not changed" in err and b"Traceback" not in err
    assert sorted(os.listdir(live)) == files
    assert served(bahth, index) == before
    assert bahth("index", "stats", "--json", "--index", index).json()["size_bytes"] == size


def test_the_next_update_removes_what_a_killed_one_wrote(bahth: CLI, index: Path, tmp_path: Path) -> None:
    live = index / "generations" / (index / "CURRENT").read_text().strip()
    files, before = set(os.listdir(live)), served(bahth, index)
    update = stopped_while_writing(index, live, tmp_path)
    update.send_signal(signal.SIGKILL)
    update.communicate(timeout=600)
    left = set(os.listdir(live)) - files
    assert "MAIN.tmp" in left  # the writer's sorting runs, which the next update removes
    assert served(bahth, index) == before
    write_jsonl(tmp_path / "small.jsonl", synthetic(5, seed=4, prefix="small"))
    assert bahth("index", "update", tmp_path / "small.jsonl", "--index", index).code == 0
    assert not left & set(os.listdir(live))
    assert bahth("index", "stats", "--json", "--index", index).json()["documents"] == 35
