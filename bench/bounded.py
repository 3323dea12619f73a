"""Every search within its time limit, over a real index: the hostile query
table of tests/reliability, 500 characters of the corpus's commonest words
with 100 hits a page on a cold cache, and "more like this" (100 a page) for
the longest documents and for documents drawn at random. Each request goes
through the app with the time limit in force (BAHTH_QUERY_TIMEOUT_SECONDS,
2 s by default); the figures are each group's median and slowest request,
and the answers by status.

    python bench/bounded.py --index /tmp/snn                  # built from SaudiNewsNet if absent
    python bench/bounded.py --index /tmp/snn --related 200    # more documents for "more like this"
    python bench/bounded.py --index /tmp/big --big            # with a 50 MB page and a 3 MB record too
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import ROOT, SAUDINEWSNET  # noqa: E402
from search.query.request import MAX_QUERY_CHARS  # noqa: E402
from search.settings import Settings  # noqa: E402
from search.text.normalize import WORD, normalize_word  # noqa: E402
from search.text.stopwords import is_stop_word  # noqa: E402
from tests.support import HOSTILE_QUERIES, NO_CAP, write_big_collection  # noqa: E402
from web import ENGINE, create_app  # noqa: E402

LONGEST = 20


def common_words(bodies: list[str]) -> str:
    """The commonest words of ``bodies`` that are not stop words, up to the query length cap."""
    counts = Counter(w for body in bodies for w in WORD.findall(body)
                     if len(w) > 2 and not is_stop_word(normalize_word(w), w))
    query = ""
    for word, _ in counts.most_common():
        if len(query) + len(word) + 1 > MAX_QUERY_CHARS:
            break
        query = f"{query} {word}".strip()
    return query


def timed_group(client: FlaskClient, paths: list[str]) -> tuple[list[tuple[float, str, int]], Counter[int]]:
    times = []
    for path in paths:
        started = time.perf_counter()
        status = client.get(path).status_code
        times.append((time.perf_counter() - started, path, status))
    return sorted(times), Counter(status for _, _, status in times)


def line(name: str, times: list[tuple[float, str, int]], statuses: Counter[int]) -> str:
    median = times[len(times) // 2][0]
    slowest, path, _ = times[-1]
    shown = urllib.parse.unquote(path)[:70]
    return (f"{name}: {len(times)} requests, median {median * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms "
            f"({shown}…); answers {dict(sorted(statuses.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="the index (built from --inputs if absent)")
    parser.add_argument("--inputs", nargs="+", default=[str(SAUDINEWSNET)])
    parser.add_argument("--related", type=int, default=100, help='documents drawn at random for "more like this"')
    parser.add_argument("--big", action="store_true",
                        help="build with a page dump of 50 MB and a record of 3 MB, indexed whole, beside the inputs")
    args = parser.parse_args()
    if not (args.index / "CURRENT").exists():
        inputs = args.inputs
        if args.big:
            big = args.index.with_name(args.index.name + "-big-input")
            if not big.exists():
                write_big_collection(big, 50_000_000)
            inputs = [*inputs, str(big)]
        subprocess.run([sys.executable, "-m", "search.cli.main", "index", "build", *inputs,
                        "--index", str(args.index)], cwd=ROOT, check=True, env=NO_CAP if args.big else os.environ)
    app = create_app({"INDEX": str(args.index)})
    client = app.test_client()
    started = time.perf_counter()
    assert client.get("/healthz").status_code == 200
    print(f"limit {Settings.from_env().query_time_limit} s; index opened in {time.perf_counter() - started:.2f} s")

    with app.extensions[ENGINE].live.use() as index:
        reader = index.searcher.reader()
        # By words indexed: a stored record keeps only the start of a long text.
        docs = [(reader.doc_field_length(docnum, "body") or 0, fields["id"], fields.get("body", ""))
                for docnum, fields in reader.iter_docs()]
    docs.sort(reverse=True)
    query = common_words([body for _, _, body in random.Random(1).sample(docs, min(2000, len(docs)))])
    # First, while the postings cache is cold.
    cold = [f"/api/search?{urllib.parse.urlencode({'q': query, 'per_page': 100})}"]
    print(line("500 characters of common words, cold cache", *timed_group(client, cold)))
    hostile = [f"/api/search?{urllib.parse.urlencode({'q': q, 'per_page': 100})}" for _, q, _ in HOSTILE_QUERIES]
    print(line("the hostile query table, 100 hits a page", *timed_group(client, hostile)))
    print(f"the longest documents: {', '.join(f'{size:,}' for size, _, _ in docs[:5])} words…")
    chosen = docs[:LONGEST] + random.Random(2).sample(docs[LONGEST:], min(args.related, len(docs) - LONGEST))
    related = [f"/api/related?{urllib.parse.urlencode({'id': doc_id, 'per_page': 100})}" for _, doc_id, _ in chosen]
    print(line(f'"more like this", the {LONGEST} longest documents', *timed_group(client, related[:LONGEST])))
    print(line(f'"more like this", {len(related) - LONGEST} documents at random',
               *timed_group(client, related[LONGEST:])))
    print(line('"more like this" again (term vectors cached)', *timed_group(client, related[:LONGEST])))


if __name__ == "__main__":
    main()
