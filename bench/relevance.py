"""Relevance of Bahth's Arabic search beside tantivy's standard Arabic analysis.

    python bench/relevance.py            # everything (about 15 minutes the first time)

Known-item search on SaudiNewsNet, read in place:

- ``headline``: 1,000 headlines as queries over the articles with their
  headlines removed (body only); the answer is the headline's article.
- ``passage``: 1,000 passages from the middle of bodies as queries over the
  articles with their titles indexed; the answer is the passage's article.
- ``two-word`` and ``question``: our own queries, built differently (the two
  rarest words of a headline; a question or news phrase around its opening
  words), over the headline task's collection.

And ``precision`` (bench/precision.py): short queries of one and two words,
each result judged by patterns written in the benchmark, by relevance and
newest first, with each system's count of matches against the judge's.

Rows: tantivy (lowercase + Snowball Arabic, BM25) as the baseline; Bahth as
served (its index built by ``bahth index build``, searched by its engine);
ranking ideas switched on and off one at a time; and the analysis ablation
(no Arabic processing, normalization, stop words, each stemmer), each indexed
on its own and scored with plain BM25 over the body. Writes the tables into
docs/relevance.md between its results markers.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import shutil
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench import precision  # noqa: E402
from bench.analyzers import ANALYZERS  # noqa: E402
from bench.corpus import OUT, ROOT, SAUDINEWSNET, body_only, load_articles, query_sets, with_body  # noqa: E402
from bench.evaluate import DEPTH, Score, evaluate, id_column  # noqa: E402
from bench.indexes import IndexSpec, open_index  # noqa: E402
from bench.measure import markdown_table as table  # noqa: E402
from search.engine import Engine  # noqa: E402
from search.ingest.documents import Document  # noqa: E402
from search.query.request import SearchRequest  # noqa: E402
from search.scoring.bm25 import Scorer  # noqa: E402
from search.scoring.columns import Columns  # noqa: E402
from search.scoring.lexicon import Lexicon  # noqa: E402
from search.scoring.model import DEFAULT, Clause, Ranking  # noqa: E402
from search.scoring.postings import Postings, cache_limit  # noqa: E402
from search.scoring.topk import best  # noqa: E402
from search.settings import DEFAULTS  # noqa: E402
from search.store.build import build  # noqa: E402
from search.store.generations import IndexStore  # noqa: E402

DOC = ROOT / "docs" / "relevance.md"
WORK = OUT / "relevance"
START, END = "<!-- results:start -->", "<!-- results:end -->"
SETS = ("headline", "passage", "two-word", "question")
# Which collection each query set searches.
COLLECTION = {"headline": "body", "passage": "full", "two-word": "body", "question": "body"}
# The project's files that shape a Bahth index: a change rebuilds it.
_INDEX_SOURCES = ("search/text/normalize.py", "search/text/stopwords.py", "search/text/stemmer.py",
                  "search/text/analyzer.py", "search/text/clitics.py", "search/text/families.py",
                  "search/text/forms.py",
                  "search/store/schema.py", "search/store/build.py", "search/ingest/documents.py",
                  "search/ingest/furniture.py", "search/ingest/copies.py", "search/ingest/stories.py",
                  "search/corpus/contexts.py", "search/corpus/families.py", "search/corpus/variants.py",
                  "search/corpus/words.py")

Search = Callable[[str], list[str]]  # a query's top DEPTH ids, best first


# -- the systems ---------------------------------------------------------------

def bahth_index(collection: str, documents: list[Document], lead_words: int | None = None) -> Path:
    """A Bahth index of ``documents``, built as users build one (cached);
    ``lead_words`` overrides the setting BAHTH_LEAD_WORDS for the build."""
    setting = "default" if lead_words is None else f"lead{lead_words}"
    digest = hashlib.sha1(f"{collection}/{len(documents)}/{setting}".encode())
    for name in _INDEX_SOURCES:
        digest.update((ROOT / name).read_bytes())
    root = WORK / f"bahth-{collection}-{setting}-{digest.hexdigest()[:10]}"
    if (root / "CURRENT").exists():
        return root
    for stale in WORK.glob(f"bahth-{collection}-{setting}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    records = WORK / f"{collection}.jsonl"
    with open(records, "w", encoding="utf-8") as out:
        for d in documents:
            out.write(json.dumps({"id": d.id, "title": d.title, "body": d.body, "source": d.source,
                                  "date": d.date.isoformat() if d.date else None}, ensure_ascii=False) + "\n")
    settings = DEFAULTS if lead_words is None else dataclasses.replace(DEFAULTS, lead_words=lead_words)
    started = time.perf_counter()
    build(root, [str(records)], settings=settings)
    print(f"built the Bahth {collection} index ({setting}) in {time.perf_counter() - started:.0f} s", flush=True)
    records.unlink()
    return root


def bahth_search(engine: Engine) -> Search:
    def search(text: str) -> list[str]:
        # Every copy ranked: the known item may be any of a story's copies.
        result = engine.search(SearchRequest(q=text, per_page=DEPTH, collapse=False), snippets=False)
        return [hit.id for hit in result.hits]
    return search


def copy_groups(root: Path) -> dict[str, frozenset[str]]:
    """The ids of each copy group of a Bahth index, by group key."""
    ix = IndexStore(root).current().open()
    with ix.searcher() as searcher:
        ids, columns = id_column(searcher), Columns(searcher.reader())
        members: dict[str, set[str]] = {}
        for docnum, doc_id in enumerate(ids):
            key = columns.group_key(docnum)
            if key is not None and doc_id:
                members.setdefault(key, set()).add(doc_id)
    ix.close()
    return {key: frozenset(ids) for key, ids in members.items()}


def bahth_collapsed_search(engine: Engine, groups: dict[str, frozenset[str]]) -> Callable[[str], list[frozenset[str]]]:
    """Results as the page shows them: a story's copies are one result."""
    def search(text: str) -> list[frozenset[str]]:
        hits = engine.search(SearchRequest(q=text, per_page=DEPTH), snippets=False).hits
        return [groups[hit.copies.group] if hit.copies else frozenset([hit.id])
                for hit in hits]
    return search


def tantivy_search(collection: str, documents: list[Document]) -> Search:
    from bench.baselines import Tantivy
    path = WORK / f"tantivy-{collection}-{len(documents)}"
    engine = Tantivy(path) if (path / "meta.json").exists() else Tantivy.build(path, documents)
    return lambda text: engine.search(text, limit=DEPTH)


def ablation_search(analysis: str, documents: list[Document]) -> Search:
    """Plain BM25 over the body of an index analyzed by ``analysis`` alone."""
    ix, _ = open_index(IndexSpec(analysis, "body"), documents, f"{len(documents)}")
    searcher = ix.searcher()
    reader = searcher.reader()
    scorer = Scorer(reader, Postings(reader, cache_limit(reader, 0)), Lexicon(reader))
    analyzer = ix.schema["body"].analyzer
    ids = id_column(searcher)

    def search(text: str) -> list[str]:
        terms = dict.fromkeys(t.text for t in analyzer(text))
        scores = scorer.scores(tuple(Clause("body", (term,)) for term in terms), DEFAULT)
        return [ids[d] for d in best(np.flatnonzero(scores > 0), scores, 0, DEPTH)]
    return search


# -- ranking ideas, each on its own over the default ---------------------------------

def _title(weight: float) -> Ranking:
    return dataclasses.replace(DEFAULT, fields=(("title", weight), ("teaser", 1.0), ("body", 1.0)))


# name → (ranking, BAHTH_LEAD_WORDS of the index; None: the default)
VARIANTS: dict[str, tuple[Ranking, int | None]] = {
    "default": (DEFAULT, None),
    "no lead boost": (DEFAULT, 0),
    "no word families": (dataclasses.replace(DEFAULT, family=0.0), None),
    "matching as before: stems and word families alone find documents": (
        dataclasses.replace(DEFAULT, family_finds=True), None),
    "word families ×1.0": (dataclasses.replace(DEFAULT, family=1.0), None),
    "word families ×2.0": (dataclasses.replace(DEFAULT, family=2.0), None),
    "BM25 k1 0.9": (dataclasses.replace(DEFAULT, k1=0.9), None),
    "BM25 k1 1.6": (dataclasses.replace(DEFAULT, k1=1.6), None),
    "BM25 b 0.5": (dataclasses.replace(DEFAULT, b=0.5), None),
    "BM25 b 0.9": (dataclasses.replace(DEFAULT, b=0.9), None),
    "title weight ×0.5": (_title(0.5), None),
    "title weight ×2": (_title(2.0), None),
    "proximity: adjacent pairs in the body ×0.3": (
        dataclasses.replace(DEFAULT, proximity=(("body", 0.3),)), None),
}


# -- the report ----------------------------------------------------------------------

def score_row(name: str, scores: dict[str, Score]) -> list[object]:
    row: list[object] = [name, f"{scores['headline'].p50_ms:.1f}"]
    for s in SETS:
        if s in scores:
            row += [scores[s].mrr10, scores[s].r10] + ([scores[s].r100] if s == "headline" else [])
        else:
            row += ["–", "–"] + (["–"] if s == "headline" else [])
    return row


HEADER = ["system", "headline p50 ms", "headline MRR@10", "headline R@10", "headline R@100", "passage MRR@10",
          "passage R@10", "two-word MRR@10", "two-word R@10", "question MRR@10", "question R@10"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-ablation", action="store_true", help="leave out the analysis ablation")
    parser.add_argument("--skip-precision", action="store_true", help="leave out the precision task")
    args = parser.parse_args()
    if not SAUDINEWSNET.is_dir():
        raise SystemExit(f"{SAUDINEWSNET} is absent: the benchmark needs SaudiNewsNet")
    WORK.mkdir(parents=True, exist_ok=True)
    articles = load_articles()
    sets = query_sets(articles)
    collections = {"body": body_only(articles), "full": with_body(articles)}
    print(", ".join(f"{name}: {len(qs)} queries" for name, qs in sets.items()), flush=True)

    tantivy = {c: tantivy_search(c, docs) for c, docs in collections.items()}
    systems_rows = [score_row("tantivy, Snowball Arabic, BM25 (baseline)",
                              {s: evaluate(tantivy[COLLECTION[s]], sets[s]) for s in SETS})]
    print(systems_rows[-1], flush=True)
    for name, (ranking, lead_words) in VARIANTS.items():
        scores = {}
        for c, docs in collections.items():
            with Engine(bahth_index(c, docs, lead_words), ranking=ranking) as engine:
                search = bahth_search(engine)
                scores.update({s: evaluate(search, sets[s]) for s in SETS if COLLECTION[s] == c})
        systems_rows.append(score_row(f"Bahth: {name}", scores))
        print(systems_rows[-1], flush=True)
    # What a reader of the page sees: the answer counts as found where its
    # story is, whichever paper's copy stands for it.
    scores = {}
    for c, docs in collections.items():
        root = bahth_index(c, docs)
        with Engine(root) as engine:
            search = bahth_collapsed_search(engine, copy_groups(root))
            scores.update({s: evaluate(search, sets[s]) for s in SETS if COLLECTION[s] == c})
    systems_rows.append(score_row("Bahth: default, copies collapsed (as the page shows results)", scores))
    print(systems_rows[-1], flush=True)

    stamp = f"_Measured {datetime.now():%Y-%m-%d %H:%M}._\n\n"
    parts = ["### Bahth beside tantivy, and Bahth's ranking ideas one at a time\n\n" + stamp
             + table(HEADER, systems_rows, decimals=3)]
    if not args.skip_ablation:
        rows = []
        for analysis in ANALYZERS:
            search = ablation_search(analysis, collections["body"])
            rows.append(score_row(analysis, {s: evaluate(search, sets[s])
                                             for s in SETS if COLLECTION[s] == "body"}))
            print(rows[-1], flush=True)
        parts.append("### Analysis ablation: plain BM25 over the body, headline task and our own queries\n\n"
                     + stamp + table(HEADER, rows, decimals=3))
    text = DOC.read_text(encoding="utf-8")
    before, after = text.split(START)[0], text.split(END)[1]
    DOC.write_text(before + START + "\n\n" + "\n\n".join(parts) + "\n\n" + END + after, encoding="utf-8")
    if not args.skip_precision:
        precision.run(collections["full"])


if __name__ == "__main__":
    main()
