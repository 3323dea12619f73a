"""How syndicated copies group on SaudiNewsNet: groups, sizes, precision.

    .venv/bin/python -m bench.copies [--show N] [--show-new N]

Precision is measured without reading: every member of a group is compared
with the group's best-scoring stand-in, its first member, by the overlap
(Jaccard) of their 5-word shingles; a pair below 0.5 is counted as doubtful.
``--show N`` prints N random groups (titles and sources) to read, and
``--show-new N`` N random groups that only the headline-and-opening rule
(search/ingest/stories.py) made, with their dates and openings; nothing of the
corpus is written into the project.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict

from bench.corpus import load_articles
from search.ingest.copies import fingerprints
from search.ingest.stories import copy_groups
from search.settings import DEFAULTS
from search.text.normalize import collapse_space

SHINGLE = 5


def shingles(text: str) -> set[tuple[str, ...]]:
    words = collapse_space(text).split()
    return {tuple(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many random groups to read")
    parser.add_argument("--show-new", type=int, default=0,
                        help="print this many random groups that only the headline rule made")
    args = parser.parse_args()
    articles = load_articles()
    started = time.perf_counter()
    bodies = fingerprints((a.body for a in articles), DEFAULTS.copy_min_letters)
    seconds = time.perf_counter() - started
    by_body = _groups(bodies)
    print(f"groups by body fingerprint alone: {len(by_body)}, holding {sum(map(len, by_body))} articles")
    started = time.perf_counter()
    keys = copy_groups(articles, bodies)
    print(f"with headline and opening (took {time.perf_counter() - started:.1f} s):")
    shared = _groups(keys)
    old = {frozenset(members) for members in by_body}
    new = [members for members in shared if frozenset(members) not in old]
    print(f"groups the headline rule made or changed: {len(new)}, holding {sum(map(len, new))} articles")
    sizes = Counter(len(m) for m in shared)
    overlaps = []
    for members in shared:
        first = shingles(articles[members[0]].body)
        overlaps += [jaccard(first, shingles(articles[m].body)) for m in members[1:]]
    print(f"articles: {len(articles)}, with a fingerprint: {sum(1 for k in bodies if k)} "
          f"(fingerprints took {seconds:.2f} s)")
    print(f"groups of copies: {len(shared)}, holding {sum(map(len, shared))} articles; "
          f"sizes: {dict(sorted(sizes.items()))}")
    print(f"copies compared with their group's first member: {len(overlaps)}; 5-word-shingle overlap "
          f"median {sorted(overlaps)[len(overlaps) // 2]:.2f}, below 0.5: {sum(o < 0.5 for o in overlaps)}, "
          f"below 0.2: {sum(o < 0.2 for o in overlaps)}")
    multi_source = sum(1 for m in shared if len({articles[i].source for i in m}) > 1)
    print(f"groups spanning more than one source: {multi_source}")
    for members in random.Random(1).sample(shared, min(args.show, len(shared))):
        print("--")
        for m in members:
            print(f"  [{articles[m].source}] {articles[m].title[:90]}")
    for number, members in enumerate(random.Random(2).sample(new, min(args.show_new, len(new))), start=1):
        print(f"-- {number}")
        for m in members:
            doc = articles[m]
            print(f"  [{doc.source} {doc.date:%m-%d}] {doc.title[:80]}\n      {collapse_space(doc.body)[:160]}")


def _groups(keys: list[str]) -> list[list[int]]:
    """The positions of the documents of each group of more than one."""
    groups: dict[str, list[int]] = defaultdict(list)
    for n, key in enumerate(keys):
        if key:
            groups[key].append(n)
    return [members for members in groups.values() if len(members) > 1]


if __name__ == "__main__":
    main()
