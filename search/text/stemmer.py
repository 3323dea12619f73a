"""A light Arabic stemmer of our own, in the spirit of Larkey's light10.

It works on normalized text (see ``search.text.normalize``), where ة is already ه
and ى is already ي, and never touches words that are not Arabic.

``light_stem`` strips the definite article with its attached conjunctions and
prepositions, a lone proclitic ب ل ك ف in front of a long word, and the
commonest plural, dual, feminine, relative (nisba) and pronoun endings. Each
rule has a guard on the length of what it leaves (never fewer than
``MIN_STEM`` letters, and four for the rules that would otherwise eat names):

- ان is stripped only from words that keep four letters, so the dual
  كتابان → كتاب but the names سلمان, نجران, رمضان, ايران stay whole (not
  لبنان, whose ل the proclitic rule below takes: بنان);
- يا is an ending, so سوريا and السورية, تركيا and التركي meet;
- a lone ب ل ك ف goes only when four letters remain after the endings, so
  بعسير → عسير and لمشاريع → مشاريع but كبير, فريق, كتابها → كتاب are safe;
- endings are stripped until none applies, so الباكستاني and باكستان meet.
"""
from __future__ import annotations

MIN_STEM = 3

# Longest first: the first match wins.
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_PROCLITICS = "بلكف"
# (ending, letters it must leave)
_SUFFIXES = (
    ("ها", 3), ("ان", 4), ("ات", 3), ("ون", 3), ("ين", 3), ("يه", 3), ("يا", 3), ("ه", 3), ("ي", 3),
)
_PROCLITIC_REST = 4


def is_arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u064a"


def _strip_endings(word: str) -> str:
    while True:
        before = word
        for suffix, rest in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= rest:
                word = word[: -len(suffix)]
        if word == before:
            return word


def light_stem(word: str) -> str:
    """Stem one normalized word."""
    if len(word) < 3 or not is_arabic(word):
        return word
    if word[0] == "و" and len(word) > 3:
        word = word[1:]
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix):]
            break
    word = _strip_endings(word)
    if word[0] in _PROCLITICS and len(word) - 1 >= _PROCLITIC_REST:
        word = _strip_endings(word[1:])
    return word
