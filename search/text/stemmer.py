"""A light Arabic stemmer of our own, in the spirit of Larkey's light10.

It works on normalized text (see ``search.text.normalize``), where ة is already ه
and ى is already ي, and never touches words that are not Arabic.

``light_stem`` takes off, in this order:

1. the conjunction و;
2. the article, alone or after a preposition (ال بال كال فال لل);
3. a lone preposition ب ل ك ف in front of what is left (the word's core);
4. the commonest plural, dual, feminine, relative (nisba) and pronoun
   endings, until none applies (الباكستاني and باكستان meet).

Whether a leading و, ب, ل, ك or ف is a clitic or the word's own first letter
(ومصر and وزير, بجدة and برنامج) is a question letters cannot answer: a
``Clitics`` table learnt from the corpus (``search.text.clitics``) answers it
for the words it has seen. For the rest, and without a table, letter rules
decide:

- و goes in front of three letters or more;
- a preposition goes with the article (بالمدرسة, للمدرسة) when the article goes;
- the article goes when three letters remain, or two (الحج, الفن, الدم) that
  are not a stop word (الله, الآن), do not begin with ا (آلاف, آلام) and do
  not end in ا or ه (ألفا, بالغه): two-letter words of that shape are not
  words but a letter and an ending;
- a lone ب ل ك ف goes when four letters remain after the endings, so
  بعسير → عسير and لمشاريع → مشاريع but كبير, فريق, كتابها → كتاب are
  safe (and برنامج → رنامج, which the table keeps whole);
- the core is judged alike with or without the article, so a bare word and
  its ال form always meet on the preposition.

Endings have guards on what they leave: never fewer than ``MIN_STEM``
letters, and four for ان, so the dual كتابان → كتاب but the names سلمان,
نجران, رمضان, ايران stay whole; يا is an ending, so سوريا and السورية, تركيا
and التركي meet.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from search.text.stopwords import NAMES_WRITTEN_WITH_YA, STOP_WORDS

if TYPE_CHECKING:
    from search.text.clitics import Clitics

MIN_STEM = 3

CONJUNCTION = "و"
PREPOSITIONS = "بلكف"
# Longest first: the first match wins. لل is ل with the article, its alef dropped.
_ARTICLES = ("بال", "كال", "فال", "لل", "ال")
# (ending, letters it must leave)
_SUFFIXES = (
    ("ها", 3), ("ان", 4), ("ات", 3), ("ون", 3), ("ين", 3), ("يه", 3), ("يا", 3), ("ه", 3), ("ي", 3),
)
_PREPOSITION_REST = 4
# A clitic in front of one of these is a word of its own (وعلى is a stop word,
# بذلك a word), but علي the name takes و like any name.
NOT_A_REST = STOP_WORDS - NAMES_WRITTEN_WITH_YA
_NOTHING: frozenset[str] = frozenset()


def is_arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u064a"


def strip_endings(word: str) -> str:
    while True:
        before = word
        for suffix, rest in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= rest:
                word = word[: -len(suffix)]
        if word == before:
            return word


def article_rest(rest: str) -> bool:
    """Whether ``rest`` is what the article leaves of a word (see the module's rules)."""
    if len(rest) >= MIN_STEM:
        return True
    return len(rest) == 2 and rest not in STOP_WORDS and rest[0] != "ا" and rest[-1] not in "اه"


def article_by_rule(word: str) -> int:
    """How many letters the article (with a preposition before it) takes
    from ``word`` by the letter rule: 0 when it has none."""
    for form in _ARTICLES:
        if word.startswith(form):
            return len(form) if article_rest(word[len(form):]) else 0
    return 0


def conjunction_by_rule(word: str) -> bool:
    """Whether the letter rule takes a leading و off ``word``."""
    return word[0] == CONJUNCTION and len(word) - 1 >= MIN_STEM and word[1:] not in NOT_A_REST


def preposition_by_rule(core: str) -> bool:
    """Whether the letter rule takes a lone preposition off the core ``core``."""
    return (core[0] in PREPOSITIONS and core[1:] not in NOT_A_REST
            and len(strip_endings(core)) - 1 >= _PREPOSITION_REST)


def strip_proclitics(word: str, clitics: Clitics | None = None) -> str:
    """``word`` without its leading conjunction, preposition and article."""
    keep, cut = (clitics.keep, clitics.cut) if clitics is not None else (_NOTHING, _NOTHING)
    if word[0] == CONJUNCTION and (word in cut or (word not in keep and conjunction_by_rule(word))):
        word = word[1:]
    # The table vetoes a preposition with the article (للعب is ل + لعب, فالنسيا
    # is Valencia), never the bare article.
    article = article_by_rule(word)
    if article and not word.startswith("ال") and word in keep:
        article = 0
    word = word[article:]
    if len(word) > 2 and word[0] in PREPOSITIONS:
        if word.startswith("لل"):
            # ل before a word of its own that begins with ل (للعب, للبنان).
            taken = len(word) > MIN_STEM
        elif word in cut:
            taken = True
        else:
            taken = word not in keep and preposition_by_rule(word)
        if taken:
            word = word[1:]
            if not article:  # فبالتالي: ف, then بال
                word = word[article_by_rule(word):]
    return word


def light_stem(word: str, clitics: Clitics | None = None) -> str:
    """Stem one normalized word; ``clitics`` decides which leading letters
    are clitics for the words it knows (see ``search.text.clitics``)."""
    if len(word) < 3 or not is_arabic(word):
        return word
    return strip_endings(strip_proclitics(word, clitics))
