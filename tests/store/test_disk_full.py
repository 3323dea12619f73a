"""A build or an update that runs out of disk space fails clearly and leaves
the index serving as it was, and the disk as it was."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.support import CLI, SAMPLE, bahth_run, synthetic, write_jsonl


def test_out_of_disk_space_keeps_the_old_index(bahth: CLI, small_disk: Path, tmp_path: Path) -> None:
    index = small_disk / "ix"
    assert bahth("index", "build", SAMPLE, "--index", index).code == 0
    before = bahth("search", "روسيا", "--json", "--index", index).json()["hits"]
    big = write_jsonl(tmp_path / "big.jsonl", synthetic(4000, seed=3, prefix="big"))
    # In a process of its own: a failing Whoosh writer leaves files open.
    result = bahth_run("index", "build", big, "--index", index)
    assert result.code == 1
    assert "out of disk space" in result.err and "the index was not changed" in result.err
    assert bahth("search", "روسيا", "--json", "--index", index).json()["hits"] == before
    # What the failed build wrote is gone, so the next (smaller) build fits.
    assert [p.name for p in (index / "generations").iterdir()] == [(index / "CURRENT").read_text().strip()]
    assert bahth("index", "build", SAMPLE, "--index", index).code == 0


def test_an_update_that_fills_the_disk_leaves_the_index_as_it_was(bahth: CLI, small_disk: Path,
                                                                   tmp_path: Path) -> None:
    index = small_disk / "ix"
    assert bahth("index", "build", SAMPLE, "--index", index).code == 0
    live = index / "generations" / (index / "CURRENT").read_text().strip()
    before = bahth("index", "stats", "--json", "--index", index).json()
    hits = bahth("search", "روسيا", "--json", "--index", index).json()["hits"]
    files, used = sorted(os.listdir(live)), shutil.disk_usage(small_disk).used
    big = write_jsonl(tmp_path / "big.jsonl", synthetic(4000, seed=3, prefix="big"))
    result = bahth_run("index", "update", big, "--index", index)
    assert result.code == 1
    assert "the update failed: out of disk space" in result.err and "the index was not changed" in result.err
    # The partial segment and the writer's MAIN.tmp are gone, and their space with them.
    assert sorted(os.listdir(live)) == files
    assert shutil.disk_usage(small_disk).used == used
    assert bahth("index", "stats", "--json", "--index", index).json() == before
    assert bahth("search", "روسيا", "--json", "--index", index).json()["hits"] == hits
    # An update that fits succeeds.
    small = write_jsonl(tmp_path / "small.jsonl", synthetic(20, seed=4, prefix="small"))
    assert bahth_run("index", "update", small, "--index", index).code == 0
    after = bahth("index", "stats", "--json", "--index", index).json()
    assert after["documents"] == before["documents"] + 20 and after["version"] == before["version"] + "+1"
