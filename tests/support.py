"""Helpers of the CLI tests: running ``bahth`` and finding shared material."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed"
SAUDINEWSNET = SHARED / "corpora" / "saudinewsnet"
SAMPLE = ROOT / "sample"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


CLI = Callable[..., Run]


def bahth_process(*args: str | os.PathLike[str]) -> subprocess.Popen[bytes]:
    """Start ``bahth ARGS`` as a separate process (for tests that kill it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "search.cli", *map(str, args)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def bahth_run(*args: str | os.PathLike[str], timeout: float = 600) -> Run:
    """Run ``bahth ARGS`` as a separate process and wait for it."""
    done = subprocess.run(
        [sys.executable, "-m", "search.cli", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the shared corpus in place")
    return path


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
