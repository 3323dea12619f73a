"""SaudiNewsNet read in place, and the query sets of the relevance benchmark.

Nothing here copies corpus text into the project: documents are read from
``../shared/corpora/saudinewsnet`` through the project's own input code, and
query sets are rebuilt from it (cached under ``bench/out/``, which git ignores).
"""
from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from search.ingest.documents import Document
from search.ingest.inputs import read_inputs
from search.text.normalize import WORD, collapse_space, normalize
from search.text.stopwords import STOP_WORDS

ROOT = Path(__file__).resolve().parent.parent
SAUDINEWSNET = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
OUT = ROOT / "bench" / "out"

HEADLINE_SEED = 20150721
PASSAGE_SEED = 20150811
OWN_SEED = 4
QUERIES_PER_TASK = 1000
OWN_QUERIES_PER_KIND = 500


@dataclass(frozen=True)
class Query:
    text: str
    answer: str  # the id of the one right article
    kind: str


def load_articles(path: Path = SAUDINEWSNET) -> list[Document]:
    """Every article of the corpus, in a fixed order, with the project's ids (urls)."""
    batch = read_inputs([str(path)])
    by_id: dict[str, Document] = {}
    for doc in batch.articles:
        by_id[doc.id] = doc
    return list(by_id.values())


def words(text: str) -> list[str]:
    return [m.group() for m in WORD.finditer(text)]


def drawn(articles: Iterable[Document], seed: int) -> list[Document]:
    """``articles`` in the order of a draw by ``seed``: each one's place is a
    hash of its id, so an article keeps its place however many others are
    eligible, and a change in how text is read that adds or removes a few
    does not draw the rest anew."""
    return sorted(articles, key=lambda a: hashlib.sha1(f"{seed}:{a.id}".encode()).digest())


def headline_queries(articles: list[Document], n: int = QUERIES_PER_TASK,
                     seed: int = HEADLINE_SEED) -> list[Query]:
    """Task 1: headlines of at least 4 words, unique among the corpus's
    headlines (compared normalized), of articles with a body."""
    counts = Counter(collapse_space(a.title) for a in articles)
    eligible = (a for a in articles
                if a.body and len(words(a.title)) >= 4 and counts[collapse_space(a.title)] == 1)
    return [Query(a.title, a.id, "headline") for a in drawn(eligible, seed)[:n]]


_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")
PASSAGE_MIN_WORDS = 12
PASSAGE_MAX_WORDS = 30


def _middle_passage(body: str) -> str | None:
    """One or two sentences from the middle of ``body``: whole sentences from the
    middle one on until at least 12 words, cut at 30 words."""
    sentences = [s.strip() for s in _SENTENCE_END.split(body) if s and s.strip()]
    if len(sentences) < 3:
        return None
    middle = len(sentences) // 2
    picked: list[str] = []
    for sentence in sentences[middle : middle + 2]:
        picked.append(sentence)
        if len(words(" ".join(picked))) >= PASSAGE_MIN_WORDS:
            break
    text = " ".join(picked)
    found = list(WORD.finditer(text))
    if len(found) < PASSAGE_MIN_WORDS:
        return None
    if len(found) > PASSAGE_MAX_WORDS:
        text = text[: found[PASSAGE_MAX_WORDS - 1].end()]
    return text


def passage_queries(articles: list[Document], n: int = QUERIES_PER_TASK,
                    seed: int = PASSAGE_SEED) -> list[Query]:
    """Task 2 (titles indexed): a sentence or two from the middle of a body; the
    passage must occur in no other article (wire copies are not known items)."""
    candidates = drawn((a for a in articles if a.body), seed)
    bodies = [collapse_space(a.body) for a in articles]
    queries: list[Query] = []
    for article in candidates:
        passage = _middle_passage(article.body)
        if passage is None:
            continue
        needle = collapse_space(passage)
        if sum(1 for b in bodies if needle in b) != 1:
            continue
        queries.append(Query(passage, article.id, "passage"))
        if len(queries) == n:
            break
    return queries


# Our own query set, built differently from the headlines, to check that what
# the headline task rewards also holds for the queries people type.
QUESTION_FORMS = (
    "ما هي {}؟", "ما هو {}؟", "متى {}؟", "من هو {}؟", "أين {}؟", "كيف {}؟", "هل {}؟",
    "لماذا {}؟", "كم {}؟", "ماذا عن {}؟", "ما حقيقة {}", "آخر أخبار {}", "تفاصيل {}",
)


def _document_frequencies(articles: list[Document]) -> Counter[str]:
    df: Counter[str] = Counter()
    for a in articles:
        df.update({normalize(w) for w in words(a.body)})
    return df


def own_queries(articles: list[Document], exclude: set[str], n: int = OWN_QUERIES_PER_KIND,
                seed: int = OWN_SEED) -> list[Query]:
    """Two kinds, ``n`` each, from headlines not in the headline task:

    - ``two-word``: the two rarest words of the headline in the bodies (by
      document frequency of the normalized word, stop words left out), in the
      headline's order; words found in no body are passed over;
    - ``question``: a question word or news boilerplate around a short slice
      (3 to 5 words from the start) of the headline.
    """
    df = _document_frequencies(articles)
    counts = Counter(collapse_space(a.title) for a in articles)
    eligible = (a for a in articles
                if a.body and a.id not in exclude and len(words(a.title)) >= 4
                and counts[collapse_space(a.title)] == 1)
    chosen = drawn(eligible, seed)[: 2 * n]
    queries: list[Query] = []
    for article in chosen[:n]:
        title_words = [w for w in words(article.title)
                       if normalize(w) not in STOP_WORDS and df[normalize(w)] > 0 and len(normalize(w)) > 1]
        if len(title_words) < 2:
            title_words = words(article.title)
        rarest = sorted(range(len(title_words)), key=lambda i: (df[normalize(title_words[i])], i))[:2]
        queries.append(Query(" ".join(title_words[i] for i in sorted(rarest)), article.id, "two-word"))
    for article in chosen[n:]:
        rng = random.Random(f"{seed}:{article.id}")  # a str seeds alike in every process
        title_words = words(article.title)
        size = min(len(title_words), rng.randint(3, 5))
        form = rng.choice(QUESTION_FORMS)
        queries.append(Query(form.format(" ".join(title_words[:size])), article.id, "question"))
    return queries


def _fingerprint(articles: list[Document]) -> str:
    digest = hashlib.sha1(b"drawn by a hash of each id")  # sets drawn before are not read
    for a in articles:
        digest.update(a.id.encode())
        digest.update(str(len(a.title)).encode() + b"/" + str(len(a.body)).encode())
    return digest.hexdigest()[:12]


def query_sets(articles: list[Document]) -> dict[str, list[Query]]:
    """The query sets, built once per corpus and cached in bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    cache = OUT / f"queries-{_fingerprint(articles)}.json"
    if cache.exists():
        raw = json.loads(cache.read_text(encoding="utf-8"))
        return {name: [Query(**q) for q in qs] for name, qs in raw.items()}
    headlines = headline_queries(articles)
    own = own_queries(articles, exclude={q.answer for q in headlines})
    sets = {
        "headline": headlines,
        "passage": passage_queries(articles),
        "two-word": [q for q in own if q.kind == "two-word"],
        "question": [q for q in own if q.kind == "question"],
    }
    cache.write_text(json.dumps({k: [q.__dict__ for q in v] for k, v in sets.items()},
                                ensure_ascii=False), encoding="utf-8")
    return sets


def body_only(articles: list[Document]) -> list[Document]:
    """Task 1's collection: the articles that have a body, headlines removed."""
    return [Document(**{**a.__dict__, "title": ""}) for a in articles if a.body]


def with_body(articles: list[Document]) -> list[Document]:
    return [a for a in articles if a.body]


def mean(values: list[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0
