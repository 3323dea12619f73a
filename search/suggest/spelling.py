"""Did you mean: misspelled query words, corrected.

A rare query word *as the user typed it* is edited (one replacement,
transposition, insertion or deletion) and the index is asked how many
documents hold each edit's term. A look-up costs microseconds, so this
checks the whole index vocabulary, bodies included, and the suggestion keeps
the user's own spelling but for the one letter changed.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Protocol

from search.query.syntax import QueryParts, Word
from search.text.analyzer import arabic_analyzer, word_forms
from search.text.normalize import WORD

# Plain letters first: of two edits that the index folds together (السعودية,
# السعودئة), the first tried is the one shown.
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
# A word found in at most RARE documents may be a misspelling if an edit of
# it is RATIO times as common; a word in more documents is left alone.
RARE = 2
RATIO = 20
# Edits of one word weighed against its neighbours, and words corrected in
# one query at most.
CONTEXT_CANDIDATES = 15
MAX_CORRECTIONS = 4

_analyzer = arabic_analyzer()
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def terms(word: str) -> list[str]:
    """The index terms of ``word`` (none for a stop word)."""
    if WORD.fullmatch(word):  # one word, as nearly every edit tried is: the analyzer's term, without its machinery
        term = word_forms(word)[1]
        return [term] if term else []
    return [t.text for t in _analyzer(word)]


def edits(word: str) -> Iterator[str]:
    """Every spelling one edit away from ``word``, replacements first.

    Several edits often share a stem (السعودبة: السعودية and السعودة); the
    first one generated is the one kept, and a wrong letter is a likelier
    slip than a missing or an extra one.
    """
    letters = ARABIC_LETTERS if _ARABIC.search(word) else LATIN_LETTERS
    n = len(word)
    for i in range(n):
        for letter in letters:
            if letter != word[i]:
                yield word[:i] + letter + word[i + 1 :]
    for i in range(n - 1):
        yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    for i in range(n + 1):
        for letter in letters:
            yield word[:i] + letter + word[i:]
    for i in range(n):
        yield word[:i] + word[i + 1 :]


class Counts(Protocol):
    """What the index knows of terms (see ``search.engine``)."""

    def frequency(self, term: str) -> int:
        """How many documents hold ``term``."""

    def adjacent(self, first: str, second: str) -> int:
        """How many headlines hold ``first`` right before ``second`` (counting may stop early)."""

    def written(self, spelling: str) -> int:
        """How often ``spelling`` is written in headlines (0 when not known)."""


def candidates(word: str, counts: Counts) -> list[tuple[str, str, int]]:
    """(spelling, term, documents) of the edits of ``word`` much more common
    than it, the most common first; empty if ``word`` is common enough."""
    own = terms(word)
    if len(own) != 1:
        return []  # a stop word, or not one word
    seen = counts.frequency(own[0])
    if seen > RARE:
        return []
    needed = max(1, seen * RATIO)
    found: dict[str, tuple[str, str, int]] = {}
    rejected: set[str] = {own[0]}
    for spelling in edits(word):
        term = terms(spelling)
        if len(term) != 1 or term[0] in rejected:
            continue
        if term[0] in found:
            # Edits the stemmer folds together (سلمان, سلمه): show the one
            # written most often; on a tie, the first tried.
            if counts.written(spelling) > counts.written(found[term[0]][0]):
                found[term[0]] = (spelling, *found[term[0]][1:])
            continue
        count = counts.frequency(term[0])
        if count >= needed:
            found[term[0]] = (spelling, term[0], count)
        else:
            rejected.add(term[0])
    return sorted(found.values(), key=lambda c: -c[2])[:CONTEXT_CANDIDATES]


def _single_term(word: Word | None) -> str | None:
    found = terms(word.text) if word is not None else []
    return found[0] if len(found) == 1 else None


def _beside(counts: Counts, before: str | None, after: str | None,
            candidate: tuple[str, str, int]) -> tuple[int, int]:
    """How often a candidate's term stands next to the word's neighbours in
    headlines, then how many documents hold it."""
    term = candidate[1]
    near = (counts.adjacent(before, term) if before else 0) + (
        counts.adjacent(term, after) if after else 0)
    return near, candidate[2]


def did_you_mean(parts: QueryParts, counts: Counts) -> str | None:
    """The ranked text of a query with its misspelled words corrected, or
    None if none is.

    Among the edits of a word, the one that most often stands next to the
    word's neighbours in headlines wins (ولي العحد → ولي العهد, not the
    commoner ولي الأحد); failing that, the commonest.
    """
    q, words = parts.text, parts.plain_words
    fixes: dict[int, list[tuple[str, str, int]]] = {}
    for index, word in enumerate(words):
        found = candidates(word.text, counts)
        if found:
            fixes[index] = found
            if len(fixes) > MAX_CORRECTIONS:
                return None  # more noise than query: a guess would mislead
    if not fixes:
        return None
    pieces, cursor = [], 0
    for index, found in fixes.items():
        before = _single_term(words[index - 1]) if index > 0 else None
        after = _single_term(words[index + 1]) if index + 1 < len(words) else None
        beside = functools.partial(_beside, counts, before, after)
        spelling = max(found, key=beside)[0] if before or after else found[0][0]
        pieces += [q[cursor : words[index].start], spelling]
        cursor = words[index].end
    return "".join(pieces) + q[cursor:]
