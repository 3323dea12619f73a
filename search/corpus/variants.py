"""Spelling variants of names and loanwords, from corpus evidence.

Writers spell a foreign name as they hear it: غوغل and جوجل, جوارديولا and
غوارديولا, ستيرلينغ and سترلينج. Two terms are proposed as variants when
their words differ only in long vowels, doubled letters, or the letter
written for g (ج غ ق ك); they are accepted when the
corpus uses them alike (the same neighbours) but not together (a writer
keeps to one spelling, while محمد and محمود stand in the same stories).
A spelling found in a handful of documents has too few neighbours for the
cosine to show it: it is judged first by the word it stands beside most,
which must be one the other spelling stands beside most too (فلاديمير
بوتين and فلاديمير بوتن, دونالد ترامب and دونالد ترمب).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

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
# A spelling in at most this many documents, whose strongest neighbour is
# one of the other's strongest few, is held to a lower bar: (cosine, shared
# neighbours, documents holding both, counted, as one is a large share of
# a handful).
RARE_DOCUMENTS = 10
_RARE_EVIDENCE = (0.05, 0.1, 1)
_RARE_PARTNERS = 2
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


def learn_variants(contexts: Contexts, words: Mapping[str, str],
                   families: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, tuple[str, ...]]:
    """Each term with variants: its other spellings. ``words`` maps each
    normalized word of the corpus to its term; ``families`` each term to
    the rest of its word family (``search.corpus.families``)."""
    by_skeleton: dict[str, set[int]] = {}
    by_cut: dict[str, set[int]] = {}
    for word, term in words.items():
        at = contexts.ids.get(term)
        if at is None or not _LETTERS.fullmatch(term) or contexts.document_frequency(at) < MIN_DOCUMENTS:
            continue
        if len(word.removeprefix("ال")) >= _MIN_LETTERS:
            by_skeleton.setdefault(skeleton(word), set()).add(at)
            by_cut.setdefault(skeleton(_from_term(word, term)), set()).add(at)
    found: dict[str, list[str]] = {}
    cut_alike = _pairs(by_cut)
    for a, b in sorted(_pairs(by_skeleton)):
        if _alike(contexts, contexts.terms[a], contexts.terms[b], families or {}, (a, b) in cut_alike):
            found.setdefault(contexts.terms[a], []).append(contexts.terms[b])
            found.setdefault(contexts.terms[b], []).append(contexts.terms[a])
    return {term: tuple(others) for term, others in found.items()}


def _pairs(by_skeleton: dict[str, set[int]]) -> set[tuple[int, int]]:
    """The pairs of terms met under one skeleton. A pair is met under the
    skeleton of each word they have (الديمقراطية, ديمقراطي, ...): it is
    judged, and listed, once."""
    return {(a, b) for members in by_skeleton.values() for a in members for b in members if a < b}


def _from_term(word: str, term: str) -> str:
    """``word`` from where its term starts: without the letters read as a
    clitic before it (the ل of لاذوا, taken for "for")."""
    at = word.find(term)
    return word[at:] if at > 0 else word


def _alike(contexts: Contexts, a: str, b: str, families: Mapping[str, tuple[str, ...]], cut_alike: bool) -> bool:
    """Whether terms ``a`` and ``b`` are spellings of one name or loanword;
    ``cut_alike``: whether their words still meet without the letters read
    as clitics before their terms."""
    if inflected(a, b) or a.endswith(_PRONOUNS) or b.endswith(_PRONOUNS):
        return False
    return _alike_enough(contexts, a, b) or (cut_alike and _rare_alike(contexts, a, b, families))


def _alike_enough(contexts: Contexts, a: str, b: str) -> bool:
    """Whether both spellings' neighbours agree, and few documents hold both."""
    g_only = len(a) == len(b) and a.translate(_G) == b.translate(_G)
    if not g_only and min(len(a), len(b)) < _VOWEL_MIN_LETTERS:
        return False
    similarity, shared, together = _G_EVIDENCE if g_only else _VOWEL_EVIDENCE
    x, y = contexts.ids[a], contexts.ids[b]
    return (contexts.together(x, y) <= together and contexts.similarity(x, y) >= similarity
            and min(contexts.shared(x, y), contexts.shared(y, x)) >= shared)


def _rare_alike(contexts: Contexts, a: str, b: str, families: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether the rarer spelling is rare, stands beside what the other
    stands beside most, and shares enough of the rest; neither a verb. The
    terms' length is not asked for: the light stem of بوتين is بوت."""
    x, y = sorted((contexts.ids[a], contexts.ids[b]), key=contexts.document_frequency)
    if contexts.document_frequency(x) > RARE_DOCUMENTS or _verb(a, families) or _verb(b, families):
        return False
    similarity, shared, together = _RARE_EVIDENCE
    # The pair's own terms are left out: a headline repeated in a summary
    # puts a spelling beside itself.
    partner = contexts.strongest(x, 1, (x, y))
    return (contexts.both(x, y) <= together and len(partner) > 0
            and bool(np.isin(partner, contexts.strongest(y, _RARE_PARTNERS, (x, y))).all())
            and contexts.similarity(x, y) >= similarity
            and min(contexts.shared(x, y), contexts.shared(y, x)) >= shared)


def _verb(term: str, families: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether ``term``, or a word of its family, begins as a verb in the
    present tense does (ي): such a word's long vowels are a pattern's
    (تكبد and تكبيد), not a writer's hearing of a name."""
    return any(word.startswith("ي") for word in (term, *families.get(term, ())))
