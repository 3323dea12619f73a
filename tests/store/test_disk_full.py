"""A build that runs out of disk space fails clearly and leaves the old index serving."""
from __future__ import annotations

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
