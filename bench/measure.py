"""Measuring tools shared by the benchmarks: percentiles, process trees, timers."""
from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value at ``fraction`` (0–1) of the sorted values (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[rank]


def latencies_ms(run: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary_ms(times: Sequence[float]) -> dict[str, float]:
    return {"p50": percentile(times, 0.50), "p95": percentile(times, 0.95),
            "p99": percentile(times, 0.99), "mean": sum(times) / len(times)}


def _status_mb(pid: int, name: str) -> float:
    """One memory line of a process's status, in MB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB (0 if it is gone)."""
    return _status_mb(pid, "VmRSS")


def own_mb(pid: int) -> float:
    """The memory of one process that is its own (anonymous), in MB: what
    a worker holds beyond the index files it maps, whose pages are the
    page cache's, shared by every worker and given back under pressure."""
    return _status_mb(pid, "RssAnon")


def mapped_mb(pid: int) -> float:
    """The file pages one process has resident, in MB: the index files a
    worker maps, and the program's own files (about 12 MB without the maps)."""
    return _status_mb(pid, "RssFile")


def children(pid: int) -> list[int]:
    """Every live descendant of ``pid``."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class ProcessRun:
    seconds: float
    peak_mb: float  # the largest sum of resident memory over the whole process tree
    returncode: int
    stdout: str
    stderr: str


def run_process(argv: Sequence[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run a command, sampling the memory of its whole process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_mb(proc.pid) + sum(rss_mb(c) for c in children(proc.pid)))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    return ProcessRun(time.perf_counter() - started, peak, proc.returncode, out, err)


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def markdown_table(header: list[str], rows: list[list[object]], decimals: int = 1) -> str:
    """A Markdown table (printed as well, so a long run shows its progress)."""
    def cell(v: object) -> str:
        return f"{v:,.{decimals}f}" if isinstance(v, float) else str(v)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    text = "\n".join(lines)
    print(text + "\n", flush=True)
    return text
