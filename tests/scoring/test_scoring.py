"""Word and phrase queries scored with arrays rank exactly as Whoosh ranks
them; word families score as one term."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import scoring, sorting
from whoosh.query import Or, Phrase, Query, Term

from search.engine import Engine
from search.query.plan import Planner
from search.query.request import SearchRequest
from search.query.syntax import split_query
from search.results import to_json
from search.scoring.bm25 import Scorer
from search.scoring.columns import FACETS, Columns
from search.scoring.lexicon import Lexicon
from search.scoring.model import DEFAULT, Clause, Ranking
from search.scoring.postings import Postings, cache_limit
from search.scoring.topk import Matches, Page, rank
from search.store.generations import IndexStore
from tests.support import CLI, SAMPLE, synthetic, write_jsonl

QUERIES = ["روسيا", "أسعار النفط", "الذكاء الاصطناعي في المدارس", "مهرجان الأفلام في القاهرة",
           "البنك المركزي يرفع سعر الفائدة", "كأس الدوري والمنتخب", "OPEC iPhone", "مستشفى",
           '"أسعار النفط"', 'تراجع "سعر الفائدة" في المغرب', '"الذكاء الاصطناعي"']


@pytest.fixture
def searcher(bahth: CLI, tmp_path: Path) -> Iterator[Any]:
    assert bahth("index", "build", SAMPLE, "--index", tmp_path / "ix").code == 0
    # An update leaves deleted documents in the old segment: they must not count.
    write_jsonl(tmp_path / "u.jsonl", [{"id": "sample-006", "title": "روسيا", "body": "تحديث عن روسيا والنفط"}])
    assert bahth("index", "update", tmp_path / "u.jsonl", "--index", tmp_path / "ix").code == 0
    ix = IndexStore(tmp_path / "ix").current().open()
    # Whoosh scores with the BM25 parameters of the ranking compared.
    with ix.searcher(weighting=scoring.BM25F(B=DEFAULT.b, K1=DEFAULT.k1)) as s:
        yield s
    ix.close()


def whoosh_query(clauses: tuple[Clause, ...]) -> Query:
    """The same clauses as a Whoosh query, for Whoosh's own matchers to score."""
    return Or([Term(c.field, c.terms[0], boost=c.boost) if len(c.terms) == 1
               else Phrase(c.field, list(c.terms), slop=c.slop, boost=c.boost) for c in clauses])


def fast_search(searcher: Any, clauses: tuple[Clause, ...], ranking: Ranking,
                excluded: tuple[Clause, ...] = ()) -> Matches:
    """The first 100 matches of ``clauses`` scored with arrays, without documents holding ``excluded``."""
    reader = searcher.reader()
    scorer = Scorer(reader, Postings(reader, cache_limit(reader, 0)), Lexicon(reader))
    columns = Columns(reader)
    keep = columns.mask(None, None, None, None)
    if excluded:
        keep &= ~scorer.containing(excluded)
    scores = scorer.scores(clauses, ranking)
    return rank(columns, np.flatnonzero((scores > 0) & keep), scores, Page(0, 100))


@pytest.mark.parametrize("text", QUERIES)
def test_fast_scores_equal_whoosh_scores(searcher: Any, text: str) -> None:
    # Whoosh knows nothing of word families: compare the rest without them.
    ranking = Ranking(family=0)
    plan = Planner(searcher.schema, ranking).plan(split_query(text))
    assert plan.clauses is not None
    fast = fast_search(searcher, plan.clauses, ranking)
    slow = searcher.search(whoosh_query(plan.clauses), limit=100,
                           groupedby={n: sorting.FieldFacet(n) for n in FACETS}, maptype=sorting.Count)
    assert fast.total == len(slow) > 0
    assert [round(s, 3) for s in fast.scores] == [round(h.score, 3) for h in slow]
    # Equal scores may come in either order; the documents behind each score agree.
    assert sorted((round(s, 3), d) for s, d in zip(fast.scores, fast.docnums, strict=True)) == \
        sorted((round(h.score, 3), h.docnum) for h in slow)
    assert fast.facets == {n: {k: v for k, v in slow.groups(n).items() if k} for n in FACETS}


@pytest.mark.parametrize("text", ["الاقتصاد -النفط", 'أسعار -"أسعار النفط"', "روسيا NOT (النفط OR أوكرانيا)"])
def test_exclusions_mask_as_whoosh_does(searcher: Any, text: str) -> None:
    """The fast path drops what Whoosh's mask drops, and ranks the rest alike."""
    ranking = Ranking(family=0)
    plan = Planner(searcher.schema, ranking).plan(split_query(text))
    assert plan.clauses is not None and plan.excluded
    fast = fast_search(searcher, plan.clauses, ranking, plan.excluded)
    query = whoosh_query(plan.clauses)
    slow = searcher.search(query, limit=100, mask=whoosh_query(plan.excluded))
    everything = searcher.search(query, limit=100)
    assert 0 < fast.total == len(slow) < len(everything)
    assert sorted((round(s, 3), d) for s, d in zip(fast.scores, fast.docnums, strict=True)) == \
        sorted((round(h.score, 3), h.docnum) for h in slow)


def _index(bahth: CLI, folder: Path, bodies: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "in.jsonl", [{"id": f"d{n}", "body": b} for n, b in enumerate(bodies)])
    assert bahth("index", "build", folder / "in.jsonl", "--index", folder / "ix").code == 0
    return folder / "ix"


FILLER = ["موعد الامتحان في المدرسة", "قطار الشمال السريع", "رحلة البحر الطويلة"]


def test_word_family_scores_as_one_term(bahth: CLI, tmp_path: Path) -> None:
    """يقترب and اقترب are one family: where families may find documents
    (the benchmark's measure of what that would add), the document holding
    يقترب scores exactly as it would if it held اقترب itself."""
    mixed = _index(bahth, tmp_path / "mixed", ["اقترب " + FILLER[0], "يقترب " + FILLER[1], FILLER[2]])
    same = _index(bahth, tmp_path / "same", ["اقترب " + FILLER[0], "اقترب " + FILLER[1], FILLER[2]])

    def scores(root: Path, family: float) -> dict[str, float]:
        ranking = Ranking(fields=(("body", 1.0),), family=family, family_finds=True)
        with Engine(root, ranking=ranking) as engine:
            hits = engine.search(SearchRequest("اقترب"), snippets=False).hits
        return {h.id: h.score for h in hits}

    as_one_word, exact_only, with_family = scores(same, 0), scores(mixed, 0), scores(mixed, 1.0)
    assert set(with_family) == {"d0", "d1"} and set(exact_only) == {"d0"}
    # The relative scores as the word itself would; the word as written
    # scores as itself and once more among its family.
    assert with_family["d1"] == pytest.approx(as_one_word["d1"], abs=1e-3)
    assert with_family["d0"] == pytest.approx(exact_only["d0"] + as_one_word["d0"], abs=1e-3)


def marked(html: str) -> list[str]:
    """The words inside the <mark>s of ``html`` (marked words side by side are one mark)."""
    return [word for mark in re.findall("<mark>(.*?)</mark>", html) for word in mark.split()]


def test_a_family_member_alone_is_no_match_but_raises_a_match(bahth: CLI, tmp_path: Path) -> None:
    """What a reader is told matched holds the word typed: a document with
    only يقترب is not a result for اقترب; one holding both outranks one
    holding اقترب alone (same length), and its يقترب is marked."""
    root = _index(bahth, tmp_path, ["اقترب يقترب " + FILLER[0], "اقترب قطار " + FILLER[0],
                                    "يقترب " + FILLER[1], FILLER[2]])
    with Engine(root) as engine:
        result = engine.search(SearchRequest("اقترب"))
    assert [h.id for h in result.hits] == ["d0", "d1"] and result.total == 2
    assert "يقترب" in marked(to_json(result)["hits"][0]["snippet"])


def test_a_family_member_is_found_ranked_below_and_marked(bahth: CLI, tmp_path: Path) -> None:
    root = _index(bahth, tmp_path, ["الأسعار تقترب من القمة " + FILLER[0],
                                    "اقتربت الأسعار من القمة " + FILLER[1], FILLER[2]])
    with Engine(root) as engine:
        found = to_json(engine.search(SearchRequest("تقترب الأسعار")))
        quoted = to_json(engine.search(SearchRequest('"تقترب" الأسعار')))
    assert [h["id"] for h in found["hits"]] == ["d0", "d1"]
    assert "اقتربت" in marked(found["hits"][1]["snippet"])
    # Quotes mean the word as written: no word family.
    assert "اقتربت" not in marked(quoted["hits"][1]["snippet"])


@pytest.mark.parametrize("asked, written", [
    ("يتراجع", "تراجعت"),      # form VI: the ت after the present-tense prefix
    ("يستخدم", "استخدام"),     # form X, and the long vowel of its verbal noun
    ("انتظار", "ينتظرون"),     # form VIII: the verbal noun asked, the verb written
    ("يستمر", "استمرت"),       # endings go before the prefix is judged: استمرت → ستمر
    ("بدء", "بدأت"),           # a final hamza on the line, written as أ elsewhere
    ("5", "خمسة"),             # a digit and its number word
    ("نقصان", "ينقص"),         # the verbal noun in ان
])
def test_derived_verb_forms_and_verbal_nouns_are_one_family(bahth: CLI, tmp_path: Path, asked: str,
                                                            written: str) -> None:
    """The build learns the family: a document holding the other form ranks
    above one without it, and the form is marked; alone it is no match."""
    root = _index(bahth, tmp_path, ["الأسعار في السوق", f"الأسعار {written} في السوق", *FILLER])
    with Engine(root) as engine:
        found = to_json(engine.search(SearchRequest(f"{asked} الأسعار")))
        quoted = engine.search(SearchRequest(f'"{asked}" الأسعار'))
        alone = engine.search(SearchRequest(asked))
    assert [h["id"] for h in found["hits"]] == ["d1", "d0"]
    assert written in marked(found["hits"][0]["snippet"])
    assert [h.id for h in quoted.hits] == ["d0", "d1"]  # quotes: the word as written
    assert alone.total == 0


def test_an_excluded_word_brings_no_word_family(bahth: CLI, tmp_path: Path) -> None:
    root = _index(bahth, tmp_path, ["الأسعار تقترب من القمة", "اقتربت ساعة " + FILLER[0], "القمة " + FILLER[1]])
    with Engine(root) as engine:
        found = engine.search(SearchRequest("القمة -تقترب"))
    # d1 holds only a family member of the excluded word: neither found through it nor excluded for it.
    assert [h.id for h in found.hits] == ["d2"]


def _whoosh_postings(reader: Any, field: str, term: str) -> list[tuple[int, float]]:
    """(document, weight) of each posting of ``term``, walked by Whoosh's matcher (deleted documents left out)."""
    found = []
    matcher = reader.postings(field, term)
    while matcher.is_active():
        found.append((matcher.id(), float(np.float32(matcher.weight()))))
        matcher.next()
    return found


def test_postings_are_read_as_whoosh_reads_them(bahth: CLI, tmp_path: Path) -> None:
    """Every term's postings, read block by block from the files, are
    Whoosh's own: terms of many blocks (every word of 300 articles) and of
    one document, in several segments, with weights of every kind (all 1,
    all alike, mixed), the deleted documents masked."""
    docs = synthetic(300, 7, "s")
    for doc in docs:  # once in each lead, which weighs more: one weight for a whole block
        doc["body"] = "افتتاحية " + doc["body"]
    docs[5]["body"] += " كلمةوحيدة كلمةوحيدة"  # in one document
    write_jsonl(tmp_path / "a.jsonl", docs)
    assert bahth("index", "build", tmp_path / "a.jsonl", "--index", tmp_path / "ix").code == 0
    write_jsonl(tmp_path / "u.jsonl", synthetic(3, 8, "s"))  # replaces s0-s2: deletions in the first segment
    assert bahth("index", "update", tmp_path / "u.jsonl", "--index", tmp_path / "ix").code == 0
    ix = IndexStore(tmp_path / "ix").current().open()
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) > 1 and reader.has_deletions()
        live = np.ones(reader.doc_count_all(), dtype=bool)
        live[[n for n in range(len(live)) if reader.is_deleted(n)]] = False
        postings = Postings(reader, cache_limit(reader, 0))
        blocks = kinds = 0
        for field in ("title", "body", "forms"):
            for raw in reader.lexicon(field):
                term = raw.decode("utf-8")
                ids, weights = postings.get(field, term)
                kept = live[ids]
                assert [(int(i), float(w)) for i, w in zip(ids[kept], weights[kept], strict=True)] == \
                    _whoosh_postings(reader, field, term), (field, term)
                blocks = max(blocks, len(ids) // 128)
                kinds |= (1 if set(weights) == {1.0} else 2 if len(set(weights)) == 1 else 4)
        assert blocks >= 2 and kinds == 7
    ix.close()


def test_a_lexicon_reads_its_vocabulary_after_many_lookups(searcher: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Terms are looked up one at a time until looking them up would cost
    more than reading them all; the answers do not change when it switches."""
    monkeypatch.setattr("search.scoring.lexicon.LOOKUPS_BEFORE_READING", 3)
    reader = searcher.reader()
    known = next(raw.decode("utf-8") for raw in reader.lexicon("body"))
    lexicon = Lexicon(reader)
    answers = [lexicon.holds(term) for term in (known, "لاكلمةكهذه", known)]
    assert lexicon._known is None
    answers += [lexicon.holds(term) for term in (known, "لاكلمةكهذه")]
    assert lexicon._known is not None
    assert answers == [True, False, True, True, False]
