"""The analyzer: what matches what, and offsets into the original text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from search.text.analyzer import ArabicStemFilter, ArabicStopFilter, ArabicTokenizer, analyze, arabic_analyzer

# (one spelling, another spelling): each pair must be indexed alike.
SAME = [
    ("كَتَبَ", "كتب"),                       # harakat
    ("مُحَمَّدٌ", "محمد"),                    # shadda, tanween
    ("رَحْمٰن", "رحمن"),                      # dagger alef
    ("سْمَاء", "سماء"),                       # sukun
    ("الاقتصـــاد", "الاقتصاد"),              # tatweel
    ("أحمد", "احمد"), ("إسلام", "اسلام"), ("آمال", "امال"), ("ٱلله", "الله"),  # hamza/alef
    ("مستشفى", "مستشفي"),                    # alef maksura / yeh
    ("مدرسة", "مدرسه"),                      # ta marbuta / heh
    ("مسؤول", "مسوول"), ("رئيس", "رييس"),    # hamza on waw / yeh
    ("کتاب", "كتاب"), ("فارسی", "فارسي"),    # Persian letter forms
    ("ﻻعب", "لاعب"), ("ﷲ", "الله"),          # presentation forms
    # invisible controls
    ("ك\u200cتاب", "كتاب"), ("كت\u200dاب", "كتاب"), ("كتا\u200fب", "كتاب"), ("\u200eكتاب", "كتاب"),
    ("٢٠٢٦", "2026"), ("۲۰۲۶", "2026"),      # Arabic-Indic and Persian digits
    ("OPEC", "opec"), ("iPhone", "IPHONE"),  # Latin case
    ("والمدرسة", "مدرسة"), ("بالمدرسة", "المدرسة"), ("للمدرسة", "مدرسة"), ("فالكتاب", "كتاب"),  # prefixes
    ("المعلمون", "معلمين"), ("الطالبات", "طالب"), ("كتابها", "كتاب"), ("الكتابان", "كتاب"),  # suffixes
    ("الاقتصادية", "الاقتصاد"), ("رُوسِيَا", "روسيا"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_spellings_are_indexed_alike(a: str, b: str) -> None:
    assert analyze(a) == analyze(b) != []
    assert analyze(b) == analyze(a)  # both directions


@pytest.mark.parametrize("text,expected", [
    ("قال، «الرئيس» ؛ هل؟ نعم", ["قال", "رييس"]),   # Arabic punctuation; stop words
    ("“الذهب” و‘النفط’", ["ذهب", "نفط"]),            # curly quotes
    ("بـ\"الانتصار\"", ["انتصار"]),                   # tatweel after a lone letter
    ("سعر-النفط/2026", ["سعر", "نفط", "2026"]),
])
def test_tokens_split_on_punctuation(text: str, expected: list[str]) -> None:
    assert analyze(text) == expected


@pytest.mark.parametrize("word", ["في", "من", "على", "إلى", "الذي", "هذا", "عن", "مع"])
def test_stop_words_are_dropped(word: str) -> None:
    assert analyze(word) == []


@pytest.mark.parametrize("word", ["بيت", "قلم", "ولد", "امن", "اب"])
def test_short_words_are_not_cut_below_the_stem_length(word: str) -> None:
    assert analyze(word) == [word]


def test_stemming_never_leaves_fewer_than_three_letters() -> None:
    for word in ["والدها", "بالها", "كتبوا", "الماء", "وجوه", "المها", "ليات"]:
        for term in analyze(word):
            assert len(term) >= 3 or term == word, (word, term)


def test_positions_skip_stop_words_so_phrases_stay_honest() -> None:
    tokens = [(t.text, t.pos) for t in arabic_analyzer()("سفير في الخارجية", positions=True)]
    assert tokens == [("سفير", 0), ("خارج", 2)]


ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويىةأإآؤئء٠١٢٣٤٥")
        + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "ـ", "\u200c", "\u200f", "\u202e",
           " ", "،", "؟", "«", "»", "“", "”", ".", "\n", "a", "Z", "7", "ﻻ", "ﷲ", "ک", "ی", "_"]
    ),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(ARABIC_TEXT)
def test_offsets_slice_back_to_the_original_word(text: str) -> None:
    for token in arabic_analyzer()(text, chars=True, removestops=False):
        original = text[token.startchar:token.endchar]
        assert original and not original[0].isspace() and not original[-1].isspace()
        # The token is exactly the analysis of the slice it points at.
        assert [token.text] == [t.text for t in arabic_analyzer()(original, removestops=False)] or token.stopped
        # The slice is a whole word: neighbours are not word characters.
        for edge in (token.startchar - 1, token.endchar):
            if 0 <= edge < len(text):
                assert not text[edge].isalnum()


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT, st.booleans())
def test_the_one_pass_analyzer_equals_its_pieces(text: str, removestops: bool) -> None:
    pieces = ArabicTokenizer() | ArabicStopFilter() | ArabicStemFilter()

    def tokens(analyzer) -> list[tuple]:
        return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
                for t in analyzer(text, positions=True, chars=True, removestops=removestops)]

    assert tokens(arabic_analyzer()) == tokens(pieces)
