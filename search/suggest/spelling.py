"""Did you mean: misspelled query words, corrected.

A query word of four letters or more that the index barely knows *in any
form* (its term, or another member of its word family) is edited (one
replacement, transposition, insertion or deletion) and the index is asked
how many documents hold each edit's term. A look-up costs microseconds, so
this checks the whole index vocabulary, bodies included. An edit is offered
only if it is a real word of the index: its term is in far more documents
than the typed word in any form, and documents holding the term write the
edit as spelled. A term is a stem that other words share: الزال has زال's
term, which زال and زالت give, الحرمون has الحرمين's, and العدد has the term
of عدد and بعدد; where no document writes them, they are no words to offer.
The suggestion keeps the user's own spelling but for the one letter changed.

``respell`` also says how sure it is (``Respelling.sure``): sure enough for
the engine to search the correction instead of the query as typed.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Protocol

from search.query.syntax import QueryParts, Word
from search.text.analyzer import arabic_analyzer, normal_form, word_forms
from search.text.clitics import Clitics
from search.text.normalize import WORD

# Plain letters first: of two edits that the index folds together and
# writes as often (السعودية, السعودئة), the first tried is the one shown.
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
# A word of MIN_LETTERS or more found, in any form, in at most RARE
# documents may be a misspelling if an edit of it is in RATIO times as many
# documents, and written as spelled in MIN_DOCUMENTS at least; a word in more
# documents is left alone, and so is a shorter one: nearly every string of
# three letters is an Arabic root, so one missing from the index is likelier
# a word it lacks (ولي in a small collection) than a slip.
MIN_LETTERS = 4
RARE = 2
RATIO = 20
MIN_DOCUMENTS = 3
# Edits of one word weighed against its neighbours, the best of them looked
# for in documents, and words corrected in one query at most.
CONTEXT_CANDIDATES = 15
LOOKED_FOR = 3
MAX_CORRECTIONS = 4
# Sure enough to search the correction instead of the word (``Fix.sure``):
# typed, the word is in at most SURE_SEEN documents in any form; corrected,
# it is a real word (above) whose term is in SURE_DOCUMENTS at least; and it
# beats every other edit of the word. Beside another query word, it stands
# next to it in a headline, and in over SURE_CONTEXT_LEAD times as many as
# any other edit; a word with no neighbour, it is in SURE_LEAD times as many
# documents as any other edit. Measured on half of SaudiNewsNet indexed
# (docs/guide/query-language.md#did-you-mean): one-letter slips in headline
# words are corrected so 53% of the time in a pair, 23% alone, none wrongly;
# of real headline words absent from that half, 1.5% in a pair and 9% alone
# (most of those are spelling variants or inflections of what they become).
SURE_SEEN = 1
SURE_DOCUMENTS = 10
SURE_CONTEXT_LEAD = 2
SURE_LEAD = 20
# Conjunctions written joined to the next word: والنصز is النصر misspelled
# after و, and written as النصر is.
_JOINED = "وف"

_ARABIC = re.compile(r"[\u0600-\u06ff]")


def terms(word: str, clitics: Clitics | None = None) -> list[str]:
    """The index terms of ``word`` (none for a stop word), as an index
    whose clitic table is ``clitics`` analyzes it: without it, بشكل would be
    a word of its own that the index never holds, and شكل its correction."""
    if WORD.fullmatch(word):  # one word, as nearly every edit tried is: the analyzer's term, without its machinery
        term = word_forms(word, clitics)[1]
        return [term] if term else []
    return [t.text for t in arabic_analyzer(clitics=clitics)(word)]


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
    """What the index knows of terms (see ``search.suggest.counts``)."""

    clitics: Clitics | None  # the table the index analyzes words with

    def frequency(self, term: str) -> int:
        """How many documents hold ``term``."""

    def known(self, term: str) -> int:
        """How many documents hold ``term`` or another member of its word family."""

    def adjacent(self, first: str, second: str) -> int:
        """How many headlines hold ``first`` right before ``second`` (counting may stop early)."""

    def written(self, term: str, spellings: Collection[str]) -> Counter[str]:
        """How many documents write each of ``spellings``, of a sample of
        those that hold ``term`` (their term)."""


@dataclass(frozen=True)
class Candidate:
    """A term one edit away from a query word, and the edits that give it."""

    term: str
    spellings: tuple[str, ...]  # in the order tried
    documents: int              # documents holding ``term``


@dataclass(frozen=True)
class Fix:
    """A query word and its correction, with the counts that chose it."""

    word: Word
    spelling: str
    seen: int          # documents holding the typed word in any form
    documents: int     # documents holding the correction's term
    written: int       # documents sampled that write the correction as spelled
    rival: int         # documents holding the commonest other edit's term (0: none)
    neighbours: bool   # whether the word stands next to another query word (a stop word is none)
    beside: int        # headlines where the correction stands next to them
    rival_beside: int  # the most headlines where another edit does

    @property
    def sure(self) -> bool:
        """Typed, the word is all but absent; corrected, it is common, and it
        clearly wins: by its neighbours if it has any, else by its documents."""
        if self.seen > SURE_SEEN or self.documents < SURE_DOCUMENTS:
            return False
        if self.neighbours:
            return self.beside > 0 and self.beside > SURE_CONTEXT_LEAD * self.rival_beside
        return self.documents >= SURE_LEAD * self.rival


@dataclass(frozen=True)
class Respelling:
    """The ranked text of a query with its misspelled words corrected."""

    text: str
    fixes: tuple[Fix, ...]

    @property
    def sure(self) -> bool:
        """Every correction is sure (``Fix.sure``)."""
        return all(fix.sure for fix in self.fixes)


def candidates(word: str, counts: Counts) -> tuple[int, list[Candidate]]:
    """How many documents hold ``word`` in any form, and the terms one edit
    away in far more documents, the most common first (none if ``word`` is
    common enough)."""
    own = terms(word, counts.clitics)
    if len(own) != 1:
        return 0, []  # a stop word, or not one word
    if len(normal_form(word)) < MIN_LETTERS:
        return 0, []
    seen = counts.known(own[0])
    if seen > RARE:
        return seen, []
    needed = max(MIN_DOCUMENTS, seen * RATIO)
    found: dict[str, tuple[list[str], int]] = {}
    rejected: set[str] = {own[0]}
    for spelling in edits(word):
        edited = terms(spelling, counts.clitics)
        if len(edited) != 1 or edited[0] in rejected:
            continue
        if edited[0] in found:
            found[edited[0]][0].append(spelling)  # edits the stemmer folds together (سلمان, سلمه)
            continue
        count = counts.frequency(edited[0])
        if count >= needed:
            found[edited[0]] = ([spelling], count)
        else:
            rejected.add(edited[0])
    best = sorted(found.items(), key=lambda item: -item[1][1])[:CONTEXT_CANDIDATES]
    return seen, [Candidate(term, tuple(spellings), count) for term, (spellings, count) in best]


def real(candidate: Candidate, word: str, counts: Counts) -> tuple[str, int]:
    """Of the edits of ``word`` in ``candidate``, the one documents write
    most, and how many of those sampled do: 0 unless MIN_DOCUMENTS do (it is
    no real word of the index). A و or ف that ``word`` begins with and the
    edit keeps need not be written joined (والنصر is written as النصر)."""
    joined = word[0] if word[0] in _JOINED and len(normal_form(word)) > MIN_LETTERS else ""
    asked = {s: s[1:] if joined and s.startswith(joined) else s for s in candidate.spellings}
    written = counts.written(candidate.term, list(dict.fromkeys(asked.values())))  # in the order tried
    shown = max(candidate.spellings, key=lambda s: written[asked[s]])  # the first tried on a tie
    count = written[asked[shown]]
    return shown, count if count >= MIN_DOCUMENTS else 0


def _single_term(word: Word | None, counts: Counts) -> str | None:
    found = terms(word.text, counts.clitics) if word is not None else []
    return found[0] if len(found) == 1 else None


def respell(parts: QueryParts, counts: Counts) -> Respelling | None:
    """The ranked text of a query with its misspelled words corrected, or
    None if none is.

    Among the real edits of a word, the one that most often stands next to
    the word's neighbours in headlines wins (ولي العحد → ولي العهد, not the
    commoner ولي الأحد); failing that, the commonest.
    """
    q, words = parts.text, parts.plain_words
    found: dict[int, tuple[int, list[Candidate]]] = {}
    for index, word in enumerate(words):
        seen, edited = candidates(word.text, counts)
        if edited:
            found[index] = seen, edited
            if len(found) > MAX_CORRECTIONS:
                return None  # more noise than query: a guess would mislead
    fixes = []
    for index, (seen, edited) in found.items():
        word = words[index]
        before = _single_term(words[index - 1], counts) if index > 0 else None
        after = _single_term(words[index + 1], counts) if index + 1 < len(words) else None
        beside = {c.term: (counts.adjacent(before, c.term) if before else 0)
                  + (counts.adjacent(c.term, after) if after else 0) for c in edited}
        # Best first: only the edits weighed are looked for in documents, and
        # the best real one wins. The others, real or not, are its rivals.
        for best in sorted(edited, key=lambda c: (-beside[c.term], -c.documents))[:LOOKED_FOR]:
            spelling, written = real(best, word.text, counts)
            if written:
                others = [c for c in edited if c is not best]
                fixes.append(Fix(word, spelling, seen, best.documents, written,
                                 max((c.documents for c in others), default=0), bool(before or after),
                                 beside[best.term], max((beside[c.term] for c in others), default=0)))
                break
    if not fixes:
        return None
    pieces, cursor = [], 0
    for fix in fixes:
        pieces += [q[cursor : fix.word.start], fix.spelling]
        cursor = fix.word.end
    return Respelling("".join(pieces) + q[cursor:], tuple(fixes))


def did_you_mean(parts: QueryParts, counts: Counts) -> str | None:
    """The ranked text of ``parts`` corrected (see ``respell``), or None."""
    found = respell(parts, counts)
    return found.text if found is not None else None
