"""The analyzer: what matches what, and offsets into the original text."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from search.text.analyzer import ArabicStemFilter, ArabicStopFilter, ArabicTokenizer, analyze, arabic_analyzer
from search.text.normalize import WORD, collapse_space, normalize_word, spelled_at, spelled_whole

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
    ("كتاب\u08f0ا", "كتابا"), ("كت\u08e4اب", "كتاب"), ("كت\u08cdاب", "كتاب"),  # open tanween, Quranic marks
    ("مدرسہ", "مدرسة"), ("كراتشے", "كراتشي"),            # Urdu letters
    ("ڤيتنام", "فيتنام"), ("پاكستان", "باكستان"), ("گوگل", "كوكل"),  # letters of foreign names
    ("1,500", "1500"), ("١٬٥٠٠", "1500"), ("1٬500", "1,500"),  # thousands separators
    ("3.5", "٣٫٥"), ("5ر3", "3.5"),                       # decimals, and the agencies' decimal
    ("2015م", "2015"), ("1436هـ", "1436"), ("و3", "3"), ("الـ12", "12"), ("بـ5", "5"),  # glued to digits
    ("الحج", "حج"), ("للحج", "حج"), ("والحج", "حج"), ("بالحج", "حج"), ("الفن", "فن"),  # the article, two left
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


@pytest.mark.parametrize("word", ["في", "من", "على", "إلى", "الذي", "هذا", "عن", "مع",
                                  "عَلَى", "ﻋﻠﻰ", "علی", "وعلى", "وذلك", "والتي", "م", "هـ", "الـ", "بـ", "والـ"])
def test_stop_words_are_dropped(word: str) -> None:
    assert analyze(word) == []


@pytest.mark.parametrize("word,terms", [
    ("علي", ["علي"]), ("عليّ", ["علي"]), ("وعلي", ["علي"]),  # the name, written with ي
    ("أم القرى", ["ام", "قري"]),
])
def test_names_that_look_like_stop_words_are_words(word: str, terms: list[str]) -> None:
    assert analyze(word) == terms


@pytest.mark.parametrize("text,terms", [
    ("عاصفه_الحزم", ["عاصف", "حزم"]), ("#عاصفة_الحزم", ["عاصف", "حزم"]),  # hashtags
    ("ﷺ", ["صلي", "الل", "سلم"]), ("محمدﷺ", ["محمد", "صلي", "الل", "سلم"]), ("ﱠ", []),  # ligatures
    ("3,5", ["3", "5"]), ("12:30", ["12", "30"]), ("G20", ["g20"]), ("iPhone6", ["iphone6"]),
    ("3.5GB", ["3.5gb"]), ("1,500mAh", ["1500mah"]), ("7ر7Z", ["7", "7z"]),  # Latin after a number
])
def test_words_are_found_whole_and_apart(text: str, terms: list[str]) -> None:
    assert analyze(text) == terms


def test_a_ligature_gives_its_words_at_its_own_offsets() -> None:
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in arabic_analyzer()("قال محمدﷺ", positions=True, chars=True)]
    assert tokens == [("قال", 0, 0, 3), ("محمد", 1, 4, 8), ("صلي", 2, 8, 9), ("الل", 3, 8, 9), ("سلم", 5, 8, 9)]


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
        + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u08f0", "ـ", "\u200c", "\u200f",
           "\u202e", " ", "،", "؟", "«", "»", "“", "”", ".", ",", "٬", "٫", "\n", "a", "Z", "7", "ﻻ", "ﷲ", "ﷺ",
           "ﱠ", "ک", "ی", "ے", "پ", "_"]
    ),
    max_size=80,
)


def _kind(ch: str) -> str:
    """Arabic letters and the rest never share a word (2015م and و3 are two
    words, iPhone6 one), and a form that stands for several words is one alone."""
    if " " in unicodedata.normalize("NFKC", ch):
        return "several"
    return "arabic" if ch.isalpha() and "\u0600" <= ch <= "\ufeff" else "other"


@settings(max_examples=400, deadline=None)
@given(ARABIC_TEXT)
def test_offsets_slice_back_to_the_original_word(text: str) -> None:
    words: dict[tuple[int, int], list[str]] = {}
    for token in arabic_analyzer()(text, chars=True, removestops=False):
        words.setdefault((token.startchar, token.endchar), []).append(token.text)
    for (start, end), terms in words.items():
        original = text[start:end]
        assert original and not original[0].isspace() and not original[-1].isspace()
        # The tokens at a slice are exactly the analysis of the slice (one,
        # or several for a presentation form such as ﷺ).
        assert terms == [t.text for t in arabic_analyzer()(original, removestops=False)]
        # The slice is a whole word: a neighbour is no word character, or
        # one of another kind.
        letters = [ch for ch in original if ch.isalnum()]
        for edge, inner in ((start - 1, letters[0]), (end, letters[-1])):
            if 0 <= edge < len(text) and text[edge].isalnum():
                kinds = {_kind(text[edge]), _kind(inner)}
                assert len(kinds) == 2 or kinds == {"several"}, (text, original)


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT, st.booleans())
def test_the_one_pass_analyzer_equals_its_pieces(text: str, removestops: bool) -> None:
    pieces = ArabicTokenizer() | ArabicStopFilter() | ArabicStemFilter()

    def tokens(analyzer) -> list[tuple]:
        return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
                for t in analyzer(text, positions=True, chars=True, removestops=removestops)]

    assert tokens(arabic_analyzer()) == tokens(pieces)


def test_collapsed_text_is_what_it_always_was() -> None:
    """Records without an id are known by a hash of their collapsed text: the
    analysis may split and fold words anew, collapse_space may not."""
    assert collapse_space("ڤيتنام: 1,500 ريال عام 2015م #عاصفة_الحزم") == "ڤيتنام 1 500 ريال عام 2015م عاصفه_الحزم"


# Characters that normalize alone (not ﻻ, ﷲ, ﷺ, ﱠ, which stand for several letters or words).
ALONE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويىةأإآؤئء٠١٢٣٤٥")
        + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0654", "\u0670", "\u08f0", "ـ", "\u200c",
           "\u200f", "\u202e", " ", "،", "«", ".", ",", "٬", "\n", "a", "Z", "ａ", "7", "ک", "ی", "ے", "پ", "_"]
    ),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(ALONE_TEXT)
def test_a_normal_form_is_found_where_it_is_written(text: str) -> None:
    """Snippets read only the words where a key may be (spelled_at): every
    word whose normal form holds a run of letters is where it is found."""
    for word in WORD.finditer(text):
        normal = normalize_word(word.group())
        for i in range(len(normal)):
            for run in (normal[i:i + 1], normal[i:i + 3]):
                if spelled_whole([run]):
                    places = spelled_at(text, [run])
                    assert places is not None
                    assert any(a < word.end() and word.start() < b for a, b in places), (run, word.group())


def test_a_normal_form_is_found_through_marks_and_folded_letters() -> None:
    text = "وخادِمـاتها والرياضُ GB"
    found = [text[a:b] for a, b in spelled_at(text, ["خادم", "رياض", "gb"]) or []]
    assert found == ["خادِم", "رياض", "GB"]
    assert spelled_at("صلى الله عليه وسلم ﷺ", ["صلي"]) is None  # ﷺ stands for several words
    # Numbers are read word by word: 1,500 is 1500, and 7ر7 is 7.7.
    assert not spelled_whole(["1500"]) and not spelled_whole(["."])
