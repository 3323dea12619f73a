"""The clitic table (search/text/clitics.py): learnt from word counts, it tells
a clitic و ب ل ك ف from a word's first letter where the letter rules cannot,
and travels, small, inside every index's pickled analyzer."""
from __future__ import annotations

import copy
import pickle
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from search.engine import Engine
from search.query.request import SearchRequest
from search.store.schema import TEXT_FIELDS, build_schema
from search.text.analyzer import ArabicAnalyzer, analyze, arabic_analyzer
from search.text.clitics import Clitics
from search.text.families import family_key
from search.text.normalize import WORD, normalize
from search.text.stemmer import light_stem
from tests.support import FIXTURES, SAUDINEWSNET, need

# Invented counts of normalized words, as a corpus would give them.
COUNTS = {
    # و: a conjunction in front of words that stand alone, the first letter
    # of words that take the article
    "مصر": 40, "ومصر": 10, "وزير": 30, "الوزير": 20, "وزاره": 30, "الوزاره": 25, "واشنطن": 120,
    # ب ل: prepositions in front of words that stand alone
    "جده": 40, "بجده": 12, "مكه": 30, "بمكه": 8, "مدينه": 50, "المدينه": 20, "بمدينه": 15,
    "سبب": 8, "السبب": 6, "بسبب": 40,
    # and first letters: of words that take the article, or whose rest never stands alone
    "برنامج": 20, "البرنامج": 15, "باريس": 60, "لبنان": 50, "بنان": 1, "بطوله": 30, "البطوله": 25, "طوله": 4,
    # ف ك: rarely clitics, but before a common word
    "قال": 100, "فقال": 10, "فريق": 30, "الفريق": 40, "جزء": 60, "كجزء": 5,
    # لل: ل with the article, or ل before a word of its own that begins with ل
    "لعب": 20, "اللعب": 15, "للعب": 10, "حج": 10, "الحج": 30, "للحج": 5,
    # stop words count too, and are no clitic's rest
    "علي": 500, "وعلي": 40, "ذلك": 300, "بذلك": 30,
}
TABLE = Clitics.learn(COUNTS)


def test_the_table_keeps_only_what_the_letter_rules_get_wrong() -> None:
    assert TABLE.keep == {"وزير", "وزاره", "واشنطن", "برنامج", "باريس", "لبنان", "للعب"}
    assert TABLE.cut == {"بجده", "بمكه", "بمدينه", "بسبب", "فقال", "كجزء"}
    # ومصر, للحج: the rules cut them already; فريق, بطوله: they keep them already.


@pytest.mark.parametrize("a,b", [
    ("وزير", "الوزير"), ("وزارة", "الوزارة"), ("ومصر", "مصر"),
    ("بجدة", "جدة"), ("بمكة", "مكة"), ("بمدينة", "مدينة"), ("بمدينة", "المدينة"), ("بسبب", "سبب"),
    ("برنامج", "البرنامج"), ("بطولة", "البطولة"), ("فقال", "قال"), ("كجزء", "جزء"), ("للعب", "اللعب"),
    ("للحج", "حج"),
])
def test_with_the_table_the_forms_of_a_word_meet(a: str, b: str) -> None:
    assert analyze(a, TABLE) == analyze(b, TABLE) != []


@pytest.mark.parametrize("word,term", [
    ("وزير", "وزير"), ("واشنطن", "واشنطن"), ("برنامج", "برنامج"), ("باريس", "باريس"), ("لبنان", "لبنان"),
    ("بطولة", "بطول"), ("فريق", "فريق"),
])
def test_with_the_table_first_letters_stay(word: str, term: str) -> None:
    assert analyze(word, TABLE) == [term]


def test_words_the_table_never_saw_follow_the_letter_rules() -> None:
    for word in ("ومكة", "بعسير", "لمشاريع", "وبرلين", "كبير", "بيت"):
        assert analyze(word, TABLE) == analyze(word)


def test_the_name_ali_takes_the_conjunction_and_the_preposition_does_not_become_it() -> None:
    assert analyze("وعلي", TABLE) == analyze("علي", TABLE) == ["علي"]
    assert analyze("وعلى", TABLE) == analyze("على", TABLE) == []
    assert analyze("بذلك", TABLE) == ["بذلك"]  # ب before a stop word: a word of its own, as before


@pytest.mark.parametrize("words", [("استمرت", "يستمر"), ("نقصان", "ينقص"), ("بدء", "بدأت"), ("وزير", "الوزير")])
def test_word_families_hold_with_a_table(words: tuple[str, ...]) -> None:
    keys = {family_key(term) for word in words for term in analyze(word, TABLE)}
    assert len(keys) == 1


def test_without_evidence_the_table_says_nothing() -> None:
    assert Clitics.learn({"وفلان": 1, "بفلان": 2, "فلان": 1}) == Clitics()
    assert Clitics.learn({}) == Clitics()


def test_learning_ignores_the_order_of_the_counts() -> None:
    items = list(COUNTS.items())
    random.Random(7).shuffle(items)
    assert Clitics.learn(dict(items)) == TABLE
    assert pickle.dumps(Clitics.learn(dict(items)), 2) == pickle.dumps(TABLE, 2)


def test_the_table_pickles_small_and_whole() -> None:
    many = Clitics(frozenset(f"ب{n:05d}س" for n in range(5000)), frozenset(f"و{n:05d}ص" for n in range(5000)))
    data = pickle.dumps(many, 2)  # Whoosh's protocol
    assert pickle.loads(data) == many and hash(pickle.loads(data)) == hash(many)
    assert len(data) < len(pickle.dumps((many.keep, many.cut), 2)) / 3  # zipped
    assert pickle.loads(pickle.dumps(Clitics(), 2)) == Clitics()
    assert copy.deepcopy(TABLE) == TABLE
    assert repr(TABLE) == "Clitics(7 kept whole, 6 cut)"
    # Equal tables, however made, share one memo of the analysis; others do not.
    assert pickle.loads(pickle.dumps(TABLE, 2)).fingerprint() == Clitics.learn(COUNTS).fingerprint()
    assert len({TABLE.fingerprint(), Clitics().fingerprint(), many.fingerprint()}) == 3


def test_a_schema_holds_one_table_for_all_its_fields() -> None:
    schema = build_schema(40, 2.0, TABLE)
    assert all(schema[name].analyzer.clitics is TABLE for name in TEXT_FIELDS)
    with_table, without = pickle.dumps(schema, 2), pickle.dumps(build_schema(40, 2.0), 2)
    assert len(with_table) - len(without) < len(pickle.dumps(TABLE, 2)) + 200
    assert pickle.loads(with_table)["body"].analyzer == arabic_analyzer(40, 2.0, TABLE)


def test_analyzers_with_different_tables_differ_and_keep_their_own_memo() -> None:
    assert arabic_analyzer(clitics=TABLE) != arabic_analyzer()
    assert arabic_analyzer(clitics=copy.deepcopy(TABLE)) == arabic_analyzer(clitics=TABLE)
    assert hash(arabic_analyzer(clitics=copy.deepcopy(TABLE))) == hash(arabic_analyzer(clitics=TABLE))
    # One process, one word, three tables: each answer is its table's.
    for _ in range(2):
        assert analyze("برنامج", TABLE) == ["برنامج"]
        assert analyze("برنامج") == ["رنامج"]
        assert analyze("برنامج", Clitics(cut=frozenset({"برنامج"}))) == ["رنامج"]
        assert analyze("برنامج", Clitics(keep=frozenset({"برنامج"}))) == ["برنامج"]
        assert arabic_analyzer(clitics=TABLE).word_forms("بجدة") == ("بجده", "جده")
        assert light_stem("بجده", TABLE) == "جده" and light_stem("بجده") == "بجد"


def test_an_analyzer_pickled_before_the_table_existed_opens_without_one() -> None:
    old = ArabicAnalyzer.__new__(ArabicAnalyzer)
    old.__dict__.update({"lead_words": 40, "lead_boost": 2.0})  # what such an index holds
    opened = pickle.loads(pickle.dumps(old, 2))
    assert opened.clitics is None and opened == arabic_analyzer(40, 2.0)
    assert [t.text for t in opened("ومصر بجدة")] == analyze("ومصر بجدة")


def test_an_index_built_before_the_table_existed_opens_and_answers(tmp_path: Path) -> None:
    copy_ = tmp_path / "index"
    shutil.copytree(FIXTURES / "index-before-the-move", copy_)
    with Engine(copy_) as engine:
        result = engine.search(SearchRequest("مكتبة"), snippets=False)
    assert result.total == 2


@pytest.mark.slow
def test_on_saudinewsnet_the_table_decides_as_a_reader_would() -> None:
    from bench.corpus import load_articles

    counts: Counter[str] = Counter()
    for article in load_articles(need(SAUDINEWSNET)):
        for text in (article.title, article.teaser, article.body):
            counts.update(normalize(m.group()) for m in WORD.finditer(text or ""))
    table = Clitics.learn(counts)
    assert len(pickle.dumps(table, 2)) < 80_000
    for word in ("وزير", "وزارة", "وكالة", "وجود", "وسائل", "وحدة", "وفاة", "وصول", "واشنطن",
                 "برنامج", "باريس", "لبنان", "فرنسا", "بطولة", "بلاد", "بيان"):
        assert analyze(word, table) == analyze("ال" + word, table), word
        assert len(analyze(word, table)[0]) >= len(word) - 2, word  # its first letter kept
    for word, rest in (("ومصر", "مصر"), ("والرياض", "الرياض"), ("بجدة", "جدة"), ("بمكة", "مكة"),
                       ("بمدينة", "مدينة"), ("بنسبة", "نسبة"), ("بشكل", "شكل"), ("بسبب", "سبب"), ("فقال", "قال")):
        assert analyze(word, table) == analyze(rest, table), word
