"""A light Arabic stemmer in the spirit of Larkey's light10.

It strips the definite article with its attached conjunctions and
prepositions in front, and the commonest plural, dual, feminine and pronoun
endings at the back. It never reduces a word below ``MIN_STEM`` letters, and
it never touches words that are not Arabic. Works on normalized text, where
ة is already ه and ى is already ي.
"""
from __future__ import annotations

MIN_STEM = 3

# Longest first: the first match wins.
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def _is_arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u064a"


def light_stem(word: str) -> str:
    """Stem one normalized word."""
    if len(word) < 3 or not _is_arabic(word):
        return word
    if word[0] == "و" and len(word) > 3:
        word = word[1:]
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
    return word
