"""Speed and memory of Bahth beside SQLite FTS5 and tantivy, on SaudiNewsNet.

    python bench/performance.py [build] [latency] [startup] [http] [growth] [--seconds 30]

Prints each table as it is measured and writes them, with the growth chart,
into docs/performance.md (between its results markers).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from multiprocessing import Process, Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from threading import Thread

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh.query import NullQuery, Or, Phrase, Query, Term  # noqa: E402

import search  # noqa: E402
from bench.corpus import ROOT, SAUDINEWSNET, headline_queries, load_articles  # noqa: E402
from bench.measure import (  # noqa: E402
    children,
    folder_mb,
    latencies_ms,
    mapped_mb,
    markdown_table as table,
    own_mb,
    percentile,
    run_process,
    summary_ms,
)
from search.engine import Engine  # noqa: E402
from search.ingest.documents import Document  # noqa: E402
from search.query.plan import Plan, Planner  # noqa: E402
from search.query.request import SearchRequest  # noqa: E402
from search.query.syntax import split_query  # noqa: E402
from search.scoring.model import DEFAULT, Ranking  # noqa: E402
from search.store.generations import IndexStore  # noqa: E402
from search.text.stopwords import STOP_WORDS  # noqa: E402

OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "performance.md"
CHART = ROOT / "docs" / "performance-growth.png"
START, END = "<!-- results:start -->", "<!-- results:end -->"


# -- building --------------------------------------------------------------

def build_bahth(corpus: Path, index: Path) -> dict[str, float]:
    shutil.rmtree(index, ignore_errors=True)
    run = run_process([sys.executable, "-m", "search.cli.main", "index", "build", str(corpus),
                       "--json", "--index", str(index)])
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    docs = json.loads(run.stdout)["documents"]
    return {"seconds": run.seconds, "docs": docs, "peak_mb": run.peak_mb, "size_mb": folder_mb(index)}


def build_baseline(kind: str, path: Path) -> dict[str, float]:
    run = run_process([sys.executable, __file__, "_build", kind, str(path)])
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    size = folder_mb(path) if path.is_dir() else path.stat().st_size / 1e6
    return {"seconds": run.seconds, "docs": int(run.stdout), "peak_mb": run.peak_mb, "size_mb": size}


def _build_inner(kind: str, path: str) -> None:
    from bench.baselines import Fts5, Tantivy
    articles = load_articles()
    (Fts5 if kind == "fts5" else Tantivy).build(Path(path), articles)
    print(len(articles))


_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")


def word_queries(articles: list[Document], count: int, seed: int = 2026) -> list[str]:
    """``count`` one- and two-word queries (half each), drawn with a fixed seed
    from the words that occur in at least 5 headlines."""
    counts = Counter(w for a in articles for w in set(_ARABIC_WORD.findall(a.title)))
    vocabulary = sorted(w for w, n in counts.items() if n >= 5 and w not in STOP_WORDS)
    rng = random.Random(seed)
    ones = [rng.choice(vocabulary) for _ in range(count // 2)]
    return ones + [f"{rng.choice(vocabulary)} {rng.choice(vocabulary)}" for _ in range(count - count // 2)]


def query_mix(articles: list[Document]) -> list[str]:
    """The latency mix: 1,000 headlines and 500 one- and two-word queries."""
    return [q.text for q in headline_queries(articles)] + word_queries(articles, 500)


# -- querying in process -----------------------------------------------------

def bahth_runner(index: Path, snippets: bool, ranking: Ranking = DEFAULT):
    engine = Engine(index, ranking=ranking)
    return lambda q: engine.search(SearchRequest(q=q, per_page=10), snippets=snippets)


def whoosh_runner(index: Path):
    """The same queries through Whoosh's own matchers, top 10 only (no total,
    no facets): the baseline of Bahth's array scorer."""
    ix = IndexStore(index).current().open()
    searcher, planner = ix.searcher(), Planner(ix.schema)
    return lambda q: searcher.search(whoosh_query(planner.plan(split_query(q))), limit=10)


def whoosh_query(plan: Plan) -> Query:
    """``plan`` as one Whoosh query (word families scored as their plain word)."""
    if plan.clauses is None:
        return plan.operators or NullQuery
    return Or([Term(c.field, c.terms[0], boost=c.boost) if len(c.terms) == 1
               else Phrase(c.field, list(c.terms), slop=c.slop, boost=c.boost) for c in plan.clauses])


def open_seconds(index: Path, ranking: Ranking = DEFAULT) -> float:
    """How long opening a generation for serving takes (searcher, field
    lengths, word families): at a worker's start, and beside the served
    index after each rebuild."""
    started = time.perf_counter()
    with Engine(index, ranking=ranking) as engine:
        engine.info()
    return time.perf_counter() - started


STARTUP_RUNS = 7
# Where the cold commands find Python's bytecode (PYTHONPYCACHEPREFIX).
PYCACHE = OUT / "pycache"


def compiled_env() -> dict[str, str]:
    """The environment of the cold commands: with Python's bytecode cached
    (under PYCACHE, not beside the sources), as an installed package has it
    compiled. With PYTHONDONTWRITEBYTECODE=1 and no bytecode, a checkout
    would compile Bahth's own sources at every start."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(PYCACHE)}


def wall_seconds(argv: list[str], env: dict[str, str]) -> float:
    """The median wall time of ``argv`` run as a new process, as a person runs
    a command, after one run that is not counted (it fills the page cache,
    and with ``compiled_env`` the bytecode cache)."""
    times = []
    for _ in range(STARTUP_RUNS + 1):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - started)
    return percentile(times[1:], 0.5)


def uncompiled_env() -> dict[str, str]:
    """``compiled_env`` without the bytecode of Bahth's own sources, and
    none written: Python, NumPy and Whoosh come compiled, Bahth is compiled
    from its sources at every start (a checkout run with PYTHONDONTWRITEBYTECODE=1)."""
    subprocess.run([sys.executable, "-c", "import search.cli.main"], check=True, env=compiled_env())
    sources = Path(search.__file__).parent
    compiled = PYCACHE / sources.relative_to(sources.anchor)
    if not compiled.is_dir():
        raise SystemExit(f"no bytecode of {sources} in {PYCACHE}: the row would measure it compiled")
    shutil.rmtree(compiled)
    return {**compiled_env(), "PYTHONDONTWRITEBYTECODE": "1"}


def startup_rows(index: Path, word: str, rare: str) -> list[list[object]]:
    """Cold commands (a new process each time; the files in the page cache;
    the bytecode compiled), the interpreter and the imports they cannot
    avoid, and a server's first answer after opening a generation (the open
    itself included)."""
    cli = [sys.executable, "-m", "search"]  # the command, as the installed script runs it
    imports = [sys.executable, "-c", "import search.cli.main"]
    env = compiled_env()
    rows: list[list[object]] = [
        ["python, nothing imported", wall_seconds([sys.executable, "-c", "pass"], env)],
        ["python, the CLI's imports", wall_seconds(imports, env)],
        [f"`bahth search {word}`", wall_seconds(cli + ["search", word, "--index", str(index)], env)],
        [f"`bahth search {rare}` (unknown word: did-you-mean)",
         wall_seconds(cli + ["search", rare, "--index", str(index)], env)],
        ["`bahth index stats`", wall_seconds(cli + ["index", "stats", "--index", str(index)], env)],
    ]
    # Measured last, as it takes Bahth's bytecode away (the next run compiles it again).
    rows.insert(2, ["python, the CLI's imports, Bahth's sources compiled at each start",
                    wall_seconds(imports, uncompiled_env())])
    firsts = []
    for _ in range(STARTUP_RUNS):
        started = time.perf_counter()
        with Engine(index) as engine:
            engine.search(SearchRequest(q=word, per_page=10), snippets=True)
        firsts.append(time.perf_counter() - started)
    rows.append(["a generation opened, then its first answer (with snippets)", percentile(firsts, 0.5)])
    return rows


def latency_rows(index: Path, queries: list[str], warmup: list[str]) -> list[list[object]]:
    from bench.baselines import Fts5, Tantivy
    engines = {
        "Bahth, no snippets": bahth_runner(index, snippets=False),
        "Bahth, with snippets": bahth_runner(index, snippets=True),
        "Bahth, no snippets, without word families": bahth_runner(
            index, snippets=False, ranking=dataclasses.replace(DEFAULT, family=0.0)),
        "Bahth's index through Whoosh's matchers": whoosh_runner(index),
        "SQLite FTS5": Fts5(OUT / "fts5.db").search,
        "tantivy": Tantivy(OUT / "tantivy").search,
    }
    rows = []
    for name, run in engines.items():
        for q in warmup:
            run(q)
        s = summary_ms(latencies_ms(run, queries))
        rows.append([name, s["p50"], s["p95"], s["p99"], s["mean"]])
    return rows


# -- HTTP under gunicorn -------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(index: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "search.cli.main", "serve", "--port", str(port),
         "--workers", str(workers), "--index", str(index)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _client(port: int, queries: list[str], offset: int, threads: int, seconds: float, stop: Event | None,
            results: Queue) -> None:
    import http.client

    def loop(n: int, out: list[tuple[float, int]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset + n * 7919
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (stop and stop.is_set()):
            path = "/api/search?" + urllib.parse.urlencode({"q": queries[i % len(queries)], "per_page": 10})
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            out.append(((time.perf_counter() - started) * 1000, status))

    outs: list[list[tuple[float, int]]] = [[] for _ in range(threads)]
    pool = [Thread(target=loop, args=(n, outs[n])) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    results.put([x for out in outs for x in out])


def load(port: int, queries: list[str], clients: int, seconds: float, stop: Event | None = None) -> dict[str, float]:
    """``clients`` concurrent keep-alive clients, spread over up to 4 processes,
    for ``seconds`` or until ``stop`` is set."""
    procs = min(4, clients)
    results: Queue = Queue()
    workers = [Process(target=_client, args=(port, queries, p * 104729, clients // procs, seconds, stop, results))
               for p in range(procs)]
    began = time.monotonic()
    for w in workers:
        w.start()
    samples = [x for _ in workers for x in results.get()]
    for w in workers:
        w.join()
    seconds = min(seconds, time.monotonic() - began)
    times = [ms for ms, status in samples if status == 200]
    return {"seconds": seconds, "requests": len(samples), "rps": len(times) / seconds, **summary_ms(times),
            "errors": sum(1 for _, status in samples if status != 200)}


def worker_memory(server: subprocess.Popen[bytes]) -> list[tuple[float, float]]:
    """Each worker's own memory and its resident file pages (MB)."""
    return [(own_mb(pid), mapped_mb(pid)) for pid in children(server.pid)]


def http_rows(index: Path, queries: list[str], seconds: float) -> tuple[list[list[object]], list[list[object]]]:
    server, port = serve(index, workers=2)
    try:
        for q in queries[:50]:  # open the index in every worker
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q})).read()
        started = worker_memory(server)
        rows = []
        for clients in (1, 8, 32):
            r = load(port, queries, clients, seconds)
            rows.append([clients, r["rps"], r["p50"], r["p95"], r["p99"], r["errors"]])
            print(rows[-1], flush=True)
        memory = [[f"worker {n + 1}", start[0], end[0], end[1]]
                  for n, (start, end) in enumerate(zip(started, worker_memory(server), strict=False))]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    return rows, memory


# -- growth ----------------------------------------------------------------------

def write_copies(articles: list[Document], factor: int, path: Path) -> Path:
    """``factor`` copies of the corpus as JSON Lines, with new ids and shifted dates."""
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(factor):
            shift = timedelta(days=30 * copy)
            for a in articles:
                out.write(json.dumps({
                    "id": f"{a.id}#{copy}", "url": a.url, "title": a.title, "body": a.body,
                    "source": a.source, "date": (a.date + shift).isoformat() if a.date else None,
                }, ensure_ascii=False) + "\n")
    return path


def growth_rows(articles: list[Document], queries: list[str], warmup: list[str],
                factors: tuple[int, ...]) -> list[list[object]]:
    rows = []
    for factor in factors:
        index = OUT / f"bahth-{factor}x"
        built = build_bahth(write_copies(articles, factor, OUT / f"copies-{factor}x.jsonl"), index)
        run = bahth_runner(index, snippets=False)
        for q in warmup:
            run(q)
        s = summary_ms(latencies_ms(run, queries))
        rows.append([f"{factor}×", built["docs"], built["seconds"], built["size_mb"], s["p50"], s["p95"]])
        (OUT / f"copies-{factor}x.jsonl").unlink()
        print(rows[-1], flush=True)
    return rows


def draw_growth(rows: list[list[object]]) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    docs = [r[1] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(docs, [r[4] for r in rows], "o-", label="p50")
    left.plot(docs, [r[5] for r in rows], "s-", label="p95")
    left.set(xlabel="documents", ylabel="ms per query (no snippets)", title="Query latency")
    left.legend()
    right.plot(docs, [r[2] for r in rows], "o-")
    right.set(xlabel="documents", ylabel="seconds", title="Build time")
    fig.tight_layout()
    fig.savefig(CHART, dpi=100)


# -- the report ------------------------------------------------------------------

SECTIONS = ("build", "latency", "startup", "http", "growth")


def measure(section: str, args: argparse.Namespace, articles: list[Document],
            queries: list[str], warmup: list[str]) -> str:
    """Measure one section and return its Markdown."""
    stamp = f"_Measured {datetime.now():%Y-%m-%d %H:%M} on {os.cpu_count()} CPUs._\n\n"
    if section == "build":
        built = {"Bahth": build_bahth(SAUDINEWSNET, OUT / "bahth"),
                 "SQLite FTS5": build_baseline("fts5", OUT / "fts5.db"),
                 "tantivy": build_baseline("tantivy", OUT / "tantivy")}
        return "### Build: all of SaudiNewsNet from its zips\n\n" + stamp + table(
            ["engine", "documents", "seconds", "documents/s", "peak memory (MB)", "index size (MB)"],
            [[name, b["docs"], b["seconds"], b["docs"] / b["seconds"], b["peak_mb"], b["size_mb"]]
             for name, b in built.items()])
    if section == "latency":
        opening = open_seconds(OUT / "bahth")
        opening_plain = open_seconds(OUT / "bahth", dataclasses.replace(DEFAULT, family=0.0))
        latency = latency_rows(OUT / "bahth", queries, warmup)
        fts5_p50 = next(r[1] for r in latency if r[0] == "SQLite FTS5")
        return ("### Query latency in process, top 10, warm (ms)\n\n" + stamp
                + f"{len(queries):,} queries: 1,000 headlines and 500 one- and two-word queries "
                "(fixed seed), after 200 other headlines as warm-up.\n\n"
                + table(["engine", "p50", "p95", "p99", "mean", "FTS5 p50 ÷ p50"],
                        [r + [f"{fts5_p50 / r[1]:.2f}×"] for r in latency])
                + f"\n\nOpening the index for serving (searcher, field lengths, word families), as a "
                f"worker does at start and beside the served index after a rebuild: {opening:.2f} s "
                f"({opening_plain:.2f} s without word families).")
    if section == "startup":
        rows = startup_rows(OUT / "bahth", "الرياض", "الرياضيهن")
        return ("### Start-up: cold commands and a new generation's first answer (s)\n\n" + stamp
                + f"Median of {STARTUP_RUNS} runs after one not counted; each command is a new process, with "
                "Python's bytecode compiled (as an installed package has it) unless said.\n\n"
                + table(["what", "seconds"], rows, decimals=2))
    if section == "http":
        http, memory = http_rows(OUT / "bahth", queries, args.seconds)
        return (f"### HTTP: `/api/search` with snippets, gunicorn with 2 workers, {args.seconds:.0f} s a run\n\n"
                + stamp + table(["clients", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"], http)
                + "\n\n### Memory of each gunicorn worker (MB)\n\n"
                + "Its own (anonymous) memory, and its resident file pages: the index files it maps "
                "(the page cache's, shared by the workers) and the program's own files.\n\n"
                + table(["worker", "own, after start-up", "own, after the load runs", "file pages resident"],
                        memory))
    growth = growth_rows(articles, queries, warmup, tuple(int(f) for f in args.growth.split(",")))
    draw_growth(growth)
    return ("### Growth: copies of the corpus with new ids and shifted dates\n\n" + stamp
            + table(["size", "documents", "build s", "index MB", "p50 ms", "p95 ms"], growth)
            + f"\n\np50 at the largest size is {growth[-1][4] / growth[0][4]:.1f}× the p50 at 1×.\n\n"
            + f"![growth]({CHART.name})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sections", nargs="*", metavar="section",
                        help=f"what to measure: {', '.join(SECTIONS)} (default: everything)")
    parser.add_argument("--seconds", type=float, default=30, help="duration of each HTTP load run")
    parser.add_argument("--growth", default="1,3,10", help="corpus multiples to measure")
    args = parser.parse_args()
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if not SAUDINEWSNET.is_dir():
        raise SystemExit(f"{SAUDINEWSNET} is absent: the benchmark needs SaudiNewsNet")
    OUT.mkdir(parents=True, exist_ok=True)
    articles = load_articles()
    queries = query_mix(articles)
    warmup = [a.title for a in articles[::150] if a.title][:200]
    for section in args.sections or SECTIONS:
        print(f"## {section}", flush=True)
        (OUT / f"performance-{section}.md").write_text(
            measure(section, args, articles, queries, warmup), encoding="utf-8")
    # The report holds the latest figures of every section measured so far.
    parts = [(OUT / f"performance-{name}.md").read_text(encoding="utf-8")
             for name in SECTIONS if (OUT / f"performance-{name}.md").exists()]
    text = DOC.read_text(encoding="utf-8")
    before, after = text.split(START)[0], text.split(END)[1]
    DOC.write_text(before + START + "\n\n" + "\n\n".join(parts) + "\n\n" + END + after, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "_build":
        _build_inner(sys.argv[2], sys.argv[3])
    else:
        main()
