"""Completions and "did you mean" (search/suggest/), without Flask."""
from __future__ import annotations

from pathlib import Path

from search.engine import Engine
from search.query.request import parse_request
from search.query.syntax import QueryParts, split_query, words
from search.suggest.completions import Vocabulary, complete_query
from search.suggest.spelling import did_you_mean, edits, terms


class FakeCounts:
    """Document counts for terms and for headline word pairs, given by hand."""

    def __init__(self, words: dict[str, int], pairs: dict[tuple[str, str], int] | None = None,
                 written: dict[str, int] | None = None) -> None:
        self.terms = {terms(w)[0]: n for w, n in words.items()}
        self.pairs = {(terms(a)[0], terms(b)[0]): n for (a, b), n in (pairs or {}).items()}
        self.written_counts = written or {}

    def frequency(self, term: str) -> int:
        return self.terms.get(term, 0)

    def adjacent(self, first: str, second: str) -> int:
        return self.pairs.get((first, second), 0)

    def written(self, spelling: str) -> int:
        return self.written_counts.get(spelling, 0)


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
    assert complete_query("ولي الع", VOCABULARY, 3) == ["ولي العهد", "ولي العالمي"]
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
        assert engine.search(parse_request({"q": "ولي العحد"})).suggestion == "ولي العهد"
        assert engine.search(parse_request({"q": "الرياص"})).suggestion == "الرياض"
        assert engine.search(parse_request({"q": "الرياض"})).suggestion is None
    finally:
        engine.close()
