"""Spelling variants of names and loanwords, from corpus evidence.

Writers spell a foreign name as they hear it: غوغل and جوجل, جوارديولا and
غوارديولا, ستيرلينغ and سترلينج. Two terms are proposed as variants when
their words differ only in long vowels, doubled letters, or the letter
written for g (ج غ ق ك); they are accepted when the
corpus uses them alike (the same neighbours) but not together (a writer
keeps to one spelling, while محمد and محمود stand in the same stories).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from search.corpus.contexts import Contexts
from search.text.families import inflected

MIN_DOCUMENTS = 3  # each spelling in at least this many documents
# (neighbours' cosine, share of each one's neighbours among the other's
# strongest, most share of the rarer's documents holding both): a different
# letter for g is a weaker sign of another word than a long vowel, which is
# also how Arabic makes new words from a root (قارب and قرابة).
_G_EVIDENCE = (0.1, 0.1, 0.1)
_VOWEL_EVIDENCE = (0.2, 0.2, 0.05)
_VOWEL_MIN_LETTERS = 4
# Shorter words are mostly Arabic words of one root (كتب, كتاب, كاتب).
_MIN_LETTERS = 4

# A word with a possessive pronoun is no name: حالتهم and حالتهما differ
# by a long vowel and are one word, inflected.
_PRONOUNS = ("هم", "هما", "هن", "نا", "كم", "كما")
_LONG_VOWELS = re.compile("[اوي]")
_DOUBLED = re.compile(r"(.)\1+")
_G = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج"})
_LETTERS = re.compile("[\u0621-\u064a]+")


def skeleton(word: str) -> str:
    """What the spellings of one name share: no article, no long vowels
    after the first letter, no doubled letters, one letter for g."""
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return _DOUBLED.sub(r"\1", word[0] + _LONG_VOWELS.sub("", word[1:])).translate(_G)


def learn_variants(contexts: Contexts, words: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Each term with variants: its other spellings. ``words`` maps each
    normalized word of the corpus to its term."""
    by_skeleton: dict[str, set[int]] = {}
    for word, term in words.items():
        at = contexts.ids.get(term)
        if at is None or not _LETTERS.fullmatch(term) or contexts.document_frequency(at) < MIN_DOCUMENTS:
            continue
        if len(word.removeprefix("ال")) >= _MIN_LETTERS:
            by_skeleton.setdefault(skeleton(word), set()).add(at)
    # A pair of terms is met under the skeleton of each word they have
    # (الديمقراطية, ديمقراطي, ...): it is judged, and listed, once.
    pairs = {(a, b) for members in by_skeleton.values() for a in members for b in members if a < b}
    found: dict[str, list[str]] = {}
    for a, b in sorted(pairs):
        if _alike(contexts, contexts.terms[a], contexts.terms[b]):
            found.setdefault(contexts.terms[a], []).append(contexts.terms[b])
            found.setdefault(contexts.terms[b], []).append(contexts.terms[a])
    return {term: tuple(others) for term, others in found.items()}


def _alike(contexts: Contexts, a: str, b: str) -> bool:
    if inflected(a, b) or a.endswith(_PRONOUNS) or b.endswith(_PRONOUNS):
        return False
    g_only = len(a) == len(b) and a.translate(_G) == b.translate(_G)
    if not g_only and min(len(a), len(b)) < _VOWEL_MIN_LETTERS:
        return False
    similarity, shared, together = _G_EVIDENCE if g_only else _VOWEL_EVIDENCE
    x, y = contexts.ids[a], contexts.ids[b]
    return (contexts.together(x, y) <= together and contexts.similarity(x, y) >= similarity
            and min(contexts.shared(x, y), contexts.shared(y, x)) >= shared)
