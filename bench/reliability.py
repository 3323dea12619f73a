"""Sustained load on a real gunicorn, while the index is rebuilt and switched,
and (optionally) while a worker is killed: failures, throughput, latency, and
the memory of each worker.

    python bench/reliability.py          # all of SaudiNewsNet: 60 s at 32 clients, then a run with 2 rebuilds
    python bench/reliability.py --inputs ../shared/corpora/saudinewsnet/2015-07-23.zip --seconds 25 --rebuilds 2
    python bench/reliability.py --inputs sample --seconds 8 --kill-worker
    python bench/reliability.py --json out.json   # the figures as JSON as well
    python bench/reliability.py --hostile         # only: time the hostile query table over the index

A full rebuild of SaudiNewsNet takes about a minute alone and longer beside
the load, so the run with rebuilds lasts --rebuild-factor (5) times the first
build: long enough for both to finish while the clients keep asking. A run of
--seconds 0 instead lasts until its events are done: the rebuilds served by
every worker, or the killed worker's replacement serving.

The load is bench/performance.py's: ``--clients`` keep-alive clients in up to
4 processes, each sending /api/search requests drawn in turn from the query
mix (1,000 headlines and 500 one- and two-word queries of the corpus, as the
performance benchmark draws them; a small corpus gives all its headlines and
their words). Rebuilds run `bahth index build` on the same inputs, one after
the other from 15% of the run on (from when the clients are answered, in a run
of --seconds 0); each must be served by every worker before the next starts.
A request fails if it is answered with anything but 200 or not answered at all.
"""
from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import ROOT, SAUDINEWSNET  # noqa: E402
from bench.measure import children, rss_mb  # noqa: E402
from bench.performance import load, query_mix as performance_mix, serve  # noqa: E402
from search.ingest.documents import Document  # noqa: E402
from search.ingest.inputs import read_inputs  # noqa: E402

OUT = ROOT / "bench" / "out" / "reliability"


def articles_of(inputs: list[str]) -> list[Document]:
    return list({doc.id: doc for doc in read_inputs(inputs).articles}.values())


def query_mix(articles: list[Document]) -> list[str]:
    """The performance benchmark's mix; for a corpus too small to draw it
    from, every headline and every word of the headlines."""
    try:
        return performance_mix(articles)
    except (ValueError, IndexError):
        titles = [a.title for a in articles if a.title]
        return titles + sorted({w for t in titles for w in t.split() if len(w) > 2})


def build(inputs: list[str], index: Path) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "search.cli.main", "index", "build", *inputs, "--json",
                           "--index", str(index)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the build failed: {done.stderr}")
    summary = json.loads(done.stdout)
    return {"generation": summary["generation"], "documents": summary["documents"],
            "seconds": round(time.perf_counter() - started, 1)}


def served_generations(port: int) -> dict[str, str]:
    """The generation each live worker serves, from /metrics."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    serving = {}
    for line in text.splitlines():
        match = re.fullmatch(r'bahth_index_generation\{generation="([^"]+)",pid="(\d+)"\} 1\.0', line)
        if match:
            serving[match.group(2)] = match.group(1)
    return serving


def searches_answered(port: int) -> float:
    """/api/search requests answered with 200 so far, from /metrics."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    match = re.search(r'^bahth_http_requests_total\{endpoint="/api/search",method="GET",status="200"\} (\S+)$',
                      text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def wait_for(done: Callable[[], bool], what: str, timeout: float = 600) -> float:
    """Seconds until ``done()``; ``timeout`` only guards against a run that hangs."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if done():
                return round(time.monotonic() - started, 1)
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} within {timeout:.0f} s")


def wait_until_served(port: int, generation: str, workers: int) -> float:
    def served() -> bool:
        serving = served_generations(port)
        return len(serving) >= workers and set(serving.values()) == {generation}

    return wait_for(served, f"the workers did not all move to generation {generation}")


@dataclass
class Phase:
    """One load run: how long (0: until what happens meanwhile is done), and what happens meanwhile."""

    seconds: float
    rebuilds: int = 0
    kill_worker: bool = False


def load_phase(server: subprocess.Popen[bytes], port: int, phase: Phase, inputs: list[str], index: Path,
               queries: list[str], clients: int, workers: int) -> dict[str, Any]:
    seconds = phase.seconds or math.inf
    started_pids = children(server.pid)
    result: dict[str, Any] = {"clients": clients, "workers": workers, "load_average_before": os.getloadavg(),
                              "rss_start_mb": {str(pid): round(rss_mb(pid), 1) for pid in started_pids}}
    outcome: dict[str, Any] = {}
    stop = multiprocessing.Event()
    loader = threading.Thread(target=lambda: outcome.update(load(port, queries, clients, seconds, stop)))
    began = time.monotonic()
    loader.start()
    events: list[dict[str, Any]] = []
    try:
        if not phase.seconds:
            answered = searches_answered(port)
            wait_for(lambda: searches_answered(port) >= answered + clients, "the clients were not answered")
        if phase.kill_worker:
            if phase.seconds:
                time.sleep(seconds / 2)
            victim = started_pids[0]
            os.kill(victim, signal.SIGKILL)
            events.append({"at_s": round(time.monotonic() - began, 1), "event": "SIGKILL", "worker": victim})
            if not phase.seconds:
                old = {str(pid) for pid in started_pids}
                wait_for(lambda: bool(set(served_generations(port)) - old), "no replacement worker answered")
        elif phase.rebuilds and phase.seconds:
            time.sleep(seconds * 0.15)
        for _ in range(phase.rebuilds):
            at = round(time.monotonic() - began, 1)
            rebuilt = build(inputs, index)
            switched = wait_until_served(port, rebuilt["generation"], workers)
            events.append({"at_s": at, "event": "rebuild", **rebuilt, "all_workers_switched_after_s": switched,
                           "done_at_s": round(time.monotonic() - began, 1),
                           "rss_mb": {str(pid): round(rss_mb(pid), 1) for pid in children(server.pid)}})
    finally:
        if not phase.seconds:
            stop.set()
        loader.join()
    result["seconds"] = round(outcome["seconds"], 1)
    result["events"] = events
    result["rebuilds_within_load"] = all(e.get("done_at_s", 0) <= seconds for e in events)
    ended_pids = children(server.pid)
    result["rss_end_mb"] = {str(pid): round(rss_mb(pid), 1) for pid in ended_pids}
    result["replacement_workers"] = sorted(set(ended_pids) - set(started_pids))
    result["load"] = {k: round(v, 1) if isinstance(v, float) else v for k, v in outcome.items()}
    result["load_average_after"] = os.getloadavg()
    return result


def run(inputs: list[str], index: Path, clients: int, workers: int, phases: list[Phase],
        rebuild_factor: float | None = None) -> dict[str, Any]:
    """Build, serve, and run each phase in turn on the same server. A phase of
    0 seconds lasts ``rebuild_factor`` times the first build if one is given,
    else until its events are done."""
    articles = articles_of(inputs)
    queries = query_mix(articles)
    first = build(inputs, index)
    server, port = serve(index, workers)
    result: dict[str, Any] = {
        "inputs": inputs, "articles": len(articles), "documents": first["documents"], "queries": len(queries),
        "initial_build": first, "cpus": os.cpu_count(), "phases": [],
    }
    try:
        for q in queries[:100]:  # every worker opens the index and warms up
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q})).read()
        wait_until_served(port, first["generation"], workers)
        for phase in phases:
            if not phase.seconds and rebuild_factor:
                phase = Phase(round(rebuild_factor * first["seconds"]), phase.rebuilds, phase.kill_worker)
            result["phases"].append(load_phase(server, port, phase, inputs, index, queries, clients, workers))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    return result


def report(result: dict[str, Any]) -> str:
    lines = [f"{result['documents']:,} documents (built in {result['initial_build']['seconds']} s), "
             f"{result['queries']:,} queries, {result['cpus']} CPUs", ""]
    for phase in result["phases"]:
        load = phase["load"]
        lines += [
            f"### {phase['seconds']:.0f} s at {phase['clients']} clients, {phase['workers']} workers"
            + (f", {len(phase['events'])} event{'s' * (len(phase['events']) > 1)}" if phase["events"] else ""),
            "",
            "| requests | failed | requests/s | p50 ms | p95 ms | p99 ms |",
            "|---|---|---|---|---|---|",
            f"| {round(load['rps'] * phase['seconds']):,} | {load['errors']} | {load['rps']:.1f} | "
            f"{load['p50']:.1f} | {load['p95']:.1f} | {load['p99']:.1f} |",
            "",
        ]
        for event in phase["events"]:
            if event["event"] == "rebuild":
                rss = ", ".join(f"{mb} MB" for mb in event["rss_mb"].values())
                lines.append(f"- at {event['at_s']} s: rebuild ({event['seconds']} s), "
                             f"generation {event['generation']} served by every worker "
                             f"{event['all_workers_switched_after_s']} s after it finished "
                             f"(workers' RSS then: {rss})")
            else:
                lines.append(f"- at {event['at_s']} s: SIGKILL to worker {event['worker']}")
        lines += ["", "| worker | RSS at start (MB) | RSS at end (MB) |", "|---|---|---|"]
        for pid, mb in phase["rss_start_mb"].items():
            lines.append(f"| {pid} | {mb} | {phase['rss_end_mb'].get(pid, '(killed)')} |")
        for pid in phase["replacement_workers"]:
            lines.append(f"| {pid} (replacement) | – | {phase['rss_end_mb'][str(pid)]} |")
        lines += ["", f"load average {phase['load_average_before'][0]:.1f} before, "
                       f"{phase['load_average_after'][0]:.1f} after", ""]
    return "\n".join(lines)


def hostile_timings(index: Path) -> str:
    """Time every query of the hostile table (tests/reliability) through the
    app, with the default time limit in force, over the index."""
    from tests.support import HOSTILE_QUERIES
    from web import create_app

    client = create_app({"INDEX": str(index)}).test_client()
    client.get("/api/search", query_string={"q": "السعودية"})  # open the index
    times = []
    for name, q, _ in HOSTILE_QUERIES:
        started = time.perf_counter()
        status = client.get("/api/search", query_string={"q": q, "per_page": 100}).status_code
        times.append(((time.perf_counter() - started) * 1000, name, status))
    times.sort()
    slowest = ", ".join(f"{name} {ms:.0f} ms" for ms, name, _ in reversed(times[-3:]))
    statuses = Counter(status for _, _, status in times)
    return (f"{len(times)} hostile queries: median {times[len(times) // 2][0]:.0f} ms, slowest {slowest}; "
            f"answers {dict(sorted(statuses.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", nargs="+", default=[str(SAUDINEWSNET)],
                        help="what to index (default: SaudiNewsNet)")
    parser.add_argument("--index", type=Path, default=OUT / "index")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float,
                        help="one run of this length, 0: until its rebuilds or killed worker are done "
                             "(default: the two runs below)")
    parser.add_argument("--rebuilds", type=int, default=0, help="rebuilds during the one run")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL a worker halfway through the one run")
    parser.add_argument("--steady-seconds", type=float, default=60, help="the first of the two runs: no rebuild")
    parser.add_argument("--rebuild-factor", type=float, default=5.0,
                        help="the second of the two runs, with two rebuilds, lasts this many times the first build")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--hostile", action="store_true",
                        help="only time the hostile query table over the index (built if absent)")
    args = parser.parse_args()
    for path in args.inputs:
        if not Path(path).exists():
            raise SystemExit(f"{path} is absent: nothing to index")
    args.index.parent.mkdir(parents=True, exist_ok=True)
    if args.hostile:
        if not (args.index / "CURRENT").exists():
            build(args.inputs, args.index)
        print(hostile_timings(args.index))
        return
    if args.seconds is not None:
        if not args.seconds and not (args.rebuilds or args.kill_worker):
            raise SystemExit("--seconds 0 runs until its rebuilds or killed worker are done: give one")
        phases = [Phase(args.seconds, args.rebuilds, args.kill_worker)]
    else:
        phases = [Phase(args.steady_seconds), Phase(0, rebuilds=2)]
    result = run(args.inputs, args.index, args.clients, args.workers, phases,
                 args.rebuild_factor if args.seconds is None else None)
    print(report(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
