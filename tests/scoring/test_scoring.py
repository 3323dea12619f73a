"""Word and phrase queries scored with arrays rank exactly as Whoosh ranks
them; related forms score as one term."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import sorting

from clitools import CLI, SAMPLE, write_jsonl
from search.engine import FACETS
from search.engine import Engine
from search.ranking import Ranker, Ranking
from search.request import SearchRequest
from search.scoring import FastScorer, clauses_of
from search.store import IndexStore
from search.syntax import split_query

QUERIES = ["روسيا", "أسعار النفط", "الذكاء الاصطناعي في المدارس", "مهرجان الأفلام في القاهرة",
           "البنك المركزي يرفع سعر الفائدة", "كأس الدوري والمنتخب", "OPEC iPhone", "مستشفى",
           '"أسعار النفط"', 'تراجع "سعر الفائدة" في المغرب', '"الذكاء الاصطناعي"']


@pytest.fixture
def searcher(bahth: CLI, tmp_path: Path):
    assert bahth("index", "build", SAMPLE, "--index", tmp_path / "ix").code == 0
    # An update leaves deleted documents in the old segment: they must not count.
    write_jsonl(tmp_path / "u.jsonl", [{"id": "sample-006", "title": "روسيا", "body": "تحديث عن روسيا والنفط"}])
    assert bahth("index", "update", tmp_path / "u.jsonl", "--index", tmp_path / "ix").code == 0
    ix = IndexStore(tmp_path / "ix").current().open()
    with ix.searcher() as s:
        yield s
    ix.close()


@pytest.mark.parametrize("text", QUERIES)
def test_fast_scores_equal_whoosh_scores(searcher, text: str) -> None:
    # Whoosh knows nothing of related forms: compare the rest without them.
    query = Ranker(searcher.schema, Ranking(related=0)).query(text)
    words = clauses_of(query)
    assert words is not None
    scorer = FastScorer(searcher, FACETS)
    fast = scorer.search(*words, scorer.mask(None, None, None, None), 0, 100, newest=False)
    slow = searcher.search(query, limit=100, groupedby={n: sorting.FieldFacet(n) for n in FACETS},
                           maptype=sorting.Count)
    assert fast.total == len(slow) > 0
    assert [round(s, 3) for s in fast.scores] == [round(h.score, 3) for h in slow]
    # Equal scores may come in either order; the documents behind each score agree.
    assert sorted((round(s, 3), d) for s, d in zip(fast.scores, fast.docnums)) == \
        sorted((round(h.score, 3), h.docnum) for h in slow)
    assert fast.facets == {n: {k: v for k, v in slow.groups(n).items() if k} for n in FACETS}


def test_operators_are_left_to_whoosh(searcher) -> None:
    ranker = Ranker(searcher.schema)
    for text in ["روسيا AND النفط", "روسيا ANDNOT النفط"]:
        assert clauses_of(ranker.query(text)) is None


@pytest.mark.parametrize("text", ["الاقتصاد -النفط", 'أسعار -"أسعار النفط"', "روسيا NOT (النفط OR أوكرانيا)"])
def test_exclusions_mask_as_whoosh_does(searcher, text: str) -> None:
    """The fast path drops what Whoosh's mask drops, and ranks the rest alike."""
    ranker = Ranker(searcher.schema, Ranking(related=0))
    parts = split_query(text)
    query, excluded = ranker.query(parts.text), ranker.excluded(parts.excluded)
    words, unwanted = clauses_of(query), clauses_of(excluded)
    assert words is not None and unwanted is not None
    scorer = FastScorer(searcher, FACETS)
    keep = scorer.mask(None, None, None, None) & ~scorer.containing(unwanted[0])
    fast = scorer.search(*words, keep, 0, 100, newest=False)
    slow = searcher.search(query, limit=100, mask=excluded)
    everything = searcher.search(query, limit=100)
    assert 0 < fast.total == len(slow) < len(everything)
    assert sorted((round(s, 3), d) for s, d in zip(fast.scores, fast.docnums)) == \
        sorted((round(h.score, 3), h.docnum) for h in slow)


def _index(bahth: CLI, folder: Path, bodies: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "in.jsonl", [{"id": f"d{n}", "body": b} for n, b in enumerate(bodies)])
    assert bahth("index", "build", folder / "in.jsonl", "--index", folder / "ix").code == 0
    return folder / "ix"


FILLER = ["موعد الامتحان في المدرسة", "قطار الشمال السريع", "رحلة البحر الطويلة"]


def test_related_forms_score_as_one_term(bahth: CLI, tmp_path: Path) -> None:
    """يقترب and اقترب share a related key: in a query for اقترب, the document
    holding يقترب scores exactly as it would if it held اقترب itself."""
    mixed = _index(bahth, tmp_path / "mixed", ["اقترب " + FILLER[0], "يقترب " + FILLER[1], FILLER[2]])
    same = _index(bahth, tmp_path / "same", ["اقترب " + FILLER[0], "اقترب " + FILLER[1], FILLER[2]])
    def scores(root: Path, related: float) -> dict[str, float]:
        with Engine(root, ranking=Ranking(fields=(("body", 1.0),), related=related)) as engine:
            hits = engine.search(SearchRequest("اقترب"), snippets=False)["hits"]
        return {h["id"]: h["score"] for h in hits}

    as_one_word, exact_only, with_related = scores(same, 0), scores(mixed, 0), scores(mixed, 1.0)
    assert set(with_related) == {"d0", "d1"} and set(exact_only) == {"d0"}
    # The relative scores as the word itself would; the word as written
    # scores as itself and once more among its related forms.
    assert with_related["d1"] == pytest.approx(as_one_word["d1"], abs=1e-3)
    assert with_related["d0"] == pytest.approx(exact_only["d0"] + as_one_word["d0"], abs=1e-3)


def test_a_related_form_is_found_ranked_below_and_marked(bahth: CLI, tmp_path: Path) -> None:
    root = _index(bahth, tmp_path, ["الأسعار تقترب من القمة " + FILLER[0],
                                    "اقتربت الأسعار من القمة " + FILLER[1], FILLER[2]])
    with Engine(root) as engine:
        found = engine.search(SearchRequest("تقترب الأسعار"))
        quoted = engine.search(SearchRequest('"تقترب" الأسعار'))
    assert [h["id"] for h in found["hits"]] == ["d0", "d1"]
    assert "<mark>اقتربت</mark>" in found["hits"][1]["snippet"]
    # Quotes mean the word as written: no related forms.
    assert "<mark>اقتربت</mark>" not in quoted["hits"][1]["snippet"]


@pytest.mark.parametrize("asked, written", [
    ("يتراجع", "تراجعت"),      # form VI: the ت after the present-tense prefix
    ("يستخدم", "استخدام"),     # form X, and the long vowel of its verbal noun
    ("انتظار", "ينتظرون"),     # form VIII: the verbal noun asked, the verb written
    ("يستمر", "استمرت"),       # endings go before the prefix is judged: استمرت → ستمر
    ("بدء", "بدأت"),           # a final hamza on the line, written as أ elsewhere
    ("5", "خمسة"),             # a digit and its number word
    ("نقصان", "ينقص"),         # the verbal noun in ان
])
def test_derived_verb_forms_and_verbal_nouns_are_related(bahth: CLI, tmp_path: Path, asked: str,
                                                         written: str) -> None:
    root = _index(bahth, tmp_path, [f"الأسعار {written} في السوق", *FILLER])
    with Engine(root) as engine:
        found = engine.search(SearchRequest(asked))
        quoted = engine.search(SearchRequest(f'"{asked}"'))
    assert [h["id"] for h in found["hits"]] == ["d0"]
    assert f"<mark>{written}</mark>" in found["hits"][0]["snippet"]
    assert quoted["total"] == 0


def test_an_excluded_word_brings_no_related_forms(bahth: CLI, tmp_path: Path) -> None:
    root = _index(bahth, tmp_path, ["الأسعار تقترب من القمة", "اقتربت ساعة " + FILLER[0], "القمة " + FILLER[1]])
    with Engine(root) as engine:
        found = engine.search(SearchRequest("القمة -تقترب"))
    # d1 holds only a related form of the excluded word: neither found through it nor excluded for it.
    assert [h["id"] for h in found["hits"]] == ["d2"]


PLAIN = ["روسيا", "أسعار النفط", "من هو ولي العهد؟", "«داعش» تتراجع.. في الرقة", "OPEC iPhone 2015",
         "العهد العهد", "في من على", "الإِمَارَات", "كأس الدوري والمنتخب!"]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_make_the_parsers_query(searcher, text: str) -> None:
    """Plain words skip Whoosh's parser: the query built must be the parser's."""
    for ranking in (Ranking(), Ranking(fields=(("title", 2.0), ("teaser", 1.0), ("body", 0.5)))):
        ranker = Ranker(searcher.schema, ranking)
        built = ranker._plain_words(text)
        assert built is not None
        assert built == ranker.parser.parse(text)


@pytest.mark.parametrize("text", ['"أسعار النفط"', "(روسيا)", "روسيا OR النفط", "روسيا AND النفط",
                                  "كوفيد-19", "ولي:العهد"])
def test_syntax_and_words_of_several_terms_go_through_the_parser(searcher, text: str) -> None:
    assert Ranker(searcher.schema)._plain_words(text) is None
