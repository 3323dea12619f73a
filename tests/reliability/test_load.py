"""Sustained load on a real gunicorn, through bench/reliability.py (a shorter
run than the benchmark's): no request fails while the index is rebuilt and
switched twice, worker memory stays bounded, and a worker killed under load
is replaced with only its own request lost."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, SAMPLE, SAUDINEWSNET, need

pytestmark = pytest.mark.slow

# The smallest day of SaudiNewsNet (1,316 articles).
DAY = SAUDINEWSNET / "2015-07-23.zip"
# What a worker may add over a run: its caches of postings (256 MB at most,
# BAHTH_POSTINGS_CACHE_MB) and the completions of the generation it serves.
RSS_GROWTH_MB = 150


def bench(tmp_path: Path, *args: str, timeout: float = 1200) -> tuple[dict, dict]:
    """Run bench/reliability.py for one run: all its figures, and the run's. The
    run lasts until its events are done (--seconds 0); ``timeout`` only guards
    against one that hangs."""
    out = tmp_path / "figures.json"
    done = subprocess.run([sys.executable, "bench/reliability.py", "--index", str(tmp_path / "index"),
                           "--json", str(out), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    print(done.stdout)  # the figures, for the log
    figures = json.loads(out.read_text(encoding="utf-8"))
    return figures, figures["phases"][0]


def test_no_request_fails_while_the_index_is_rebuilt_twice(tmp_path: Path) -> None:
    # The clients keep asking from before the first rebuild until every
    # worker serves the second.
    figures, result = bench(tmp_path, "--inputs", str(need(DAY)), "--seconds", "0", "--clients", "32",
                            "--rebuilds", "2")
    load = result["load"]
    assert load["errors"] == 0 and load["requests"] >= 32, load
    rebuilds = [e for e in result["events"] if e["event"] == "rebuild"]
    generations = {figures["initial_build"]["generation"], *(e["generation"] for e in rebuilds)}
    assert len(rebuilds) == 2 and len(generations) == 3
    assert not result["replacement_workers"]
    for pid, start in result["rss_start_mb"].items():
        assert result["rss_end_mb"][pid] < start + RSS_GROWTH_MB, (pid, start, result["rss_end_mb"][pid])


def test_a_worker_killed_under_load_is_replaced(tmp_path: Path) -> None:
    # The clients keep asking until the worker that replaced the killed one answers.
    _, result = bench(tmp_path, "--inputs", str(SAMPLE), "--seconds", "0", "--clients", "8", "--kill-worker")
    load = result["load"]
    # A sync worker answers one request at a time: only the one it was
    # answering when it died may fail.
    assert load["errors"] <= 1 and load["requests"] >= 8, load
    assert len(result["replacement_workers"]) == 1
    assert len(result["rss_end_mb"]) == result["workers"]
