"""Completions and "did you mean" (search/suggest/), without Flask."""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from pathlib import Path

from search.engine import Engine
from search.query.request import parse_request
from search.query.syntax import QueryParts, split_query, words
from search.suggest.completions import Vocabulary, complete_query
from search.suggest.spelling import did_you_mean, edits, respell, terms
from search.text.analyzer import normal_form
from tests.support import build_index


class FakeCounts:
    """Document counts for terms, word families, headline word pairs and
    spellings as written, given by hand. A word given in ``words`` is written
    in as many documents as its term is in, unless ``written`` says otherwise."""

    clitics = None  # the stemmer's letter rules

    def __init__(self, words: dict[str, int], pairs: dict[tuple[str, str], int] | None = None,
                 written: dict[str, int] | None = None, families: dict[str, int] | None = None) -> None:
        self.terms = {terms(w)[0]: n for w, n in words.items()}
        self.pairs = {(terms(a)[0], terms(b)[0]): n for (a, b), n in (pairs or {}).items()}
        self.written_counts = {normal_form(w): n for w, n in {**words, **(written or {})}.items()}
        self.families = {terms(w)[0]: n for w, n in (families or {}).items()}  # documents of the rest of a family

    def frequency(self, term: str) -> int:
        return self.terms.get(term, 0)

    def known(self, term: str) -> int:
        return self.terms.get(term, 0) + self.families.get(term, 0)

    def adjacent(self, first: str, second: str) -> int:
        return self.pairs.get((first, second), 0)

    def written(self, term: str, spellings: Collection[str]) -> Counter[str]:
        return Counter({s: self.written_counts.get(normal_form(s), 0) for s in spellings if terms(s) == [term]})


VOCABULARY = Vocabulary.from_texts([
    "الاقتصاد السعودي ينمو", "الاقتصاد العالمي", "الاقتصادية", "أمير الرياض", "الأمير",
    "ولي العهد", "ولي العهد", "وأوكرانيا", "أوكرانيا", "رُوسِيَا", "في",
])


def test_completion_by_prefix_and_frequency() -> None:
    assert VOCABULARY.complete("الاقت", 5) == ["الاقتصاد", "الاقتصادية"]
    assert VOCABULARY.complete("الامي", 5) == ["الأمير"]       # hamza folded
    assert VOCABULARY.complete("رُو", 5) == ["رُوسِيَا"]          # diacritics folded, shown as written
    assert VOCABULARY.complete("اوك", 5) == ["أوكرانيا"]        # joined و counted with the word
    assert VOCABULARY.complete("ف", 5) == []                    # stop words are not offered
    assert VOCABULARY.complete("", 5) == []


def test_complete_query_keeps_what_was_typed() -> None:
    assert complete_query("ولي الع", VOCABULARY, 3) == ["ولي العهد"]  # العالمي never follows ولي
    assert complete_query("ولي ", VOCABULARY, 3) == []
    assert complete_query('"ولي الع', VOCABULARY, 1) == ['"ولي العهد']


def test_edits_are_one_step_away() -> None:
    found = set(edits("قلم"))
    assert {"قام", "لقم", "قلمي", "قل", "اقلم"} <= found
    assert "قلم" not in found
    assert set(edits("ab")) >= {"b", "ba", "abc", "xb"}


def ranked(text: str) -> QueryParts:
    """The parts of a query whose ranked text is ``text`` as it stands
    (operators included), as the engine hands them to did_you_mean."""
    return QueryParts(text, (), (), (), words(text), tuple(text.split()))


def test_did_you_mean_fixes_rare_words() -> None:
    counts = FakeCounts({"الرياض": 50, "ولي": 30})
    assert did_you_mean(split_query("الرياص"), counts) == "الرياض"
    assert did_you_mean(split_query("ولي الرياص"), counts) == "ولي الرياض"
    assert did_you_mean(split_query("الرياض"), counts) is None
    assert did_you_mean(split_query("كلمةغريبةجدا"), counts) is None
    assert did_you_mean(ranked("NOT الرياص"), counts) == "NOT الرياض"  # operators stay


def test_did_you_mean_prefers_the_word_that_fits_its_neighbour() -> None:
    counts = FakeCounts({"ولي": 30, "العهد": 20, "العدد": 80}, pairs={("ولي", "العهد"): 15})
    assert did_you_mean(split_query("ولي العحد"), counts) == "ولي العهد"
    assert did_you_mean(split_query("العحد"), counts) == "العدد"  # alone, the commonest wins


def test_did_you_mean_shows_the_spelling_written_most() -> None:
    # سلمن: سلمان and سلمه share a stem; headlines write سلمان.
    counts = FakeCounts({"سلمان": 40}, written={"سلمان": 9})
    assert did_you_mean(split_query("سلمن"), counts) == "سلمان"


def test_did_you_mean_leaves_common_words_alone() -> None:
    counts = FakeCounts({"الرياض": 50, "الرياش": 5})
    assert did_you_mean(split_query("الرياش"), counts) is None  # known: 5 documents


def test_engine_fills_suggestion_and_completes(index_dir: Path) -> None:
    engine = Engine(index_dir)
    try:
        assert engine.suggest("ولي الع")[0] == "ولي العهد"
        assert engine.search(parse_request({"q": "ولي العحد", "exact": "1"})).suggestion == "ولي العهد"
        assert engine.search(parse_request({"q": "الرياص", "exact": "1"})).suggestion == "الرياض"
        assert engine.search(parse_request({"q": "الرياض"})).suggestion is None
    finally:
        engine.close()


def test_a_word_known_in_another_form_is_no_misspelling() -> None:
    # العهد is in no document as it is, but its family is (المعهد, العهود):
    # it is a word, not a slip for العدد.
    counts = FakeCounts({"العدد": 80}, families={"العهد": 3})
    assert did_you_mean(split_query("العهد"), counts) is None
    assert did_you_mean(split_query("العحد"), counts) == "العدد"  # in no form at all


def test_only_real_words_are_offered() -> None:
    # الزال has the term of زال (زال, زالت), but no document writes it.
    counts = FakeCounts({"زال": 40}, written={"الزال": 0})
    assert did_you_mean(split_query("زلزال بركان"), counts) is None
    # A word written in fewer than three documents is not offered either.
    assert did_you_mean(split_query("الزلزاك"), FakeCounts({"الزلزال": 40}, written={"الزلزال": 2})) is None
    assert did_you_mean(split_query("الزلزاك"), FakeCounts({"الزلزال": 40})) == "الزلزال"


def test_short_words_are_left_alone() -> None:
    # Nearly every three letters are an Arabic root: ولي missing from the
    # index is a word it lacks, not a slip for دولي.
    assert did_you_mean(split_query("ولي"), FakeCounts({"دولي": 50})) is None


def test_a_joined_conjunction_need_not_be_written_joined() -> None:
    counts = FakeCounts({"النصر": 50}, written={"والنصر": 0})
    assert did_you_mean(split_query("والنصز"), counts) == "والنصر"


def test_a_correction_is_sure_by_its_neighbours() -> None:
    counts = FakeCounts({"الملك": 40, "سلمان": 30, "سلام": 60}, pairs={("الملك", "سلمان"): 12})
    found = respell(split_query("الملك سلمام"), counts)
    assert found is not None and found.text == "الملك سلمان" and found.sure
    # Standing next to الملك in no headline, it is only a suggestion.
    found = respell(split_query("الملك سلمام"), FakeCounts({"الملك": 40, "سلمان": 30, "سلام": 60}))
    assert found is not None and found.text == "الملك سلام" and not found.sure
    # Nor when another edit stands there nearly as often.
    close = FakeCounts({"الملك": 40, "سلمان": 30, "سلام": 60},
                       pairs={("الملك", "سلمان"): 12, ("الملك", "سلام"): 7})
    found = respell(split_query("الملك سلمام"), close)
    assert found is not None and found.text == "الملك سلمان" and not found.sure


def sure(q: str, counts: FakeCounts) -> bool:
    found = respell(split_query(q), counts)
    assert found is not None
    return found.sure


def test_a_word_alone_is_sure_by_its_documents() -> None:
    assert sure("السعودبة", FakeCounts({"السعودية": 900}))
    assert not sure("السعودبة", FakeCounts({"السعودية": 9}))  # too few documents
    assert sure("الاقتصاط", FakeCounts({"الاقتصاد": 900, "الاقتصاص": 40}))
    assert not sure("الاقتصاط", FakeCounts({"الاقتصاد": 900, "الاقتصاص": 50}))  # not 20 times the other
    found = respell(split_query("سلمام"), FakeCounts({"سلمان": 30, "سلام": 60}))
    assert found is not None and found.text == "سلام" and not found.sure  # سلمان is only half as common


def test_a_word_seen_twice_is_corrected_but_not_surely() -> None:
    found = respell(split_query("الرياص"), FakeCounts({"الرياض": 500, "الرياص": 2}))
    assert found is not None and found.text == "الرياض" and not found.sure
    found = respell(split_query("الرياص"), FakeCounts({"الرياض": 500, "الرياص": 1}))
    assert found is not None and found.sure


def test_a_word_the_index_cuts_a_clitic_from_is_no_misspelling(tmp_path: Path) -> None:
    """بشكل is ب + شكل to an index that learnt so from its corpus: the
    letter rules alone would take it for a word the index lacks, and offer
    شكل for it."""
    docs = [{"id": f"a{n}", "body": f"تحسن الأداء بشكل كبير في العام {n}"} for n in range(12)]
    docs += [{"id": f"b{n}", "body": f"شكل جديد للمنتج رقم {n}"} for n in range(12)]
    with Engine(build_index(tmp_path / "index", docs)) as engine:
        result = engine.search(parse_request({"q": "بشكل"}))
        assert result.total == 24 and result.suggestion is None and result.corrected is None
