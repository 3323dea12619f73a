"""Completions for what is being typed, and "did you mean" for misspellings.

The index's text fields hold stemmed, normalized terms (حكوم, not الحكومة):
fine for matching, unfit to show. So the two helpers take different roads:

- Completions come from a ``Vocabulary`` of the words of the headlines as
  written, keyed by their normalized form and sorted, so a typed prefix is
  normalized and found by bisection; the most frequent words win. Headlines
  (titles, or the opening of title-less documents) are short, hold the words
  people search for, and are read once per generation in about two seconds
  for 30,000 documents, where bodies would take minutes. Word pairs seen in
  headlines rank the completions of a word typed after another.
- "Did you mean" edits a rare query word *as the user typed it* (one
  replacement, transposition, insertion or deletion) and asks the index how
  many documents hold each edit's term. A look-up costs microseconds, so
  this checks the whole index vocabulary, bodies included, and the
  suggestion keeps the user's own spelling but for the one letter changed.
"""
from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Protocol

from search.analysis import arabic_analyzer, normal_form, word_forms
from search.normalize import WORD
from search.stopwords import STOP_WORDS

# Operators of the query syntax (search.engine): never corrected.
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
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
MAX_COMPLETIONS = 10
# Word pairs seen fewer times than this in headlines are not kept.
MIN_PAIRS = 2
# Short prefixes match much of the vocabulary; their answers are kept.
_CACHED_PREFIX_CHARS = 2

_analyzer = arabic_analyzer()
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def terms(word: str) -> list[str]:
    """The index terms of ``word`` (none for a stop word)."""
    if WORD.fullmatch(word):  # one word, as nearly every edit tried is: the analyzer's term, without its machinery
        term = word_forms(word)[1]
        return [term] if term else []
    return [t.text for t in _analyzer(word)]


class Vocabulary:
    """Words as written, findable by a prefix of their normalized form.

    It also knows which words follow which in headlines, so the word typed
    after ولي completes to العهد before the commoner العمل.
    """

    def __init__(self, counts: dict[str, Counter[str]], followers: dict[str, Counter[str]]) -> None:
        self._keys = sorted(counts)
        # The most common way of writing each normalized word is the one shown.
        self._words = [counts[k].most_common(1)[0][0] for k in self._keys]
        self._counts = [counts[k].total() for k in self._keys]
        self._followers = {k: [w for w, _ in c.most_common()] for k, c in followers.items()}
        self._cache: dict[str, list[str]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        counts: dict[str, Counter[str]] = {}
        pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            before = None
            for match in WORD.finditer(text):
                word = match.group()
                key = normal_form(word)
                if len(key) < 2 or key in STOP_WORDS or key.isdigit():
                    before = None
                    continue
                counts.setdefault(key, Counter())[word] += 1
                if before is not None:
                    pairs[before, key] += 1
                before = key
        # و is written joined to the next word (وأوكرانيا): count such a word
        # as the word it joins, when that is written on its own more often
        # (وحده, "alone", is more common than حده and keeps its و). Longest
        # first, so ووحده joins وحده before وحده is weighed.
        same: dict[str, str] = {}
        for key in sorted((k for k in counts if k.startswith("و") and len(k) > 3), key=len, reverse=True):
            joined = counts.get(key[1:])
            if joined is not None and joined.total() > counts[key].total():
                for word, n in counts.pop(key).items():
                    joined[word[1:]] += n
                same[key] = same.get(key[1:], key[1:])
        # Pairs seen once say little and would take most of the memory.
        followers: dict[str, Counter[str]] = {}
        for (first, second), n in pairs.items():
            if n >= MIN_PAIRS:
                followers.setdefault(same.get(first, first), Counter())[same.get(second, second)] += n
        return cls(counts, followers)

    def _index(self, key: str) -> int | None:
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else None

    def count(self, word: str) -> int:
        """How often ``word``, however written, appears in the headlines."""
        i = self._index(normal_form(word))
        return self._counts[i] if i is not None else 0

    def _commonest(self, key: str) -> list[str]:
        """The keys that begin with ``key``, most frequent first."""
        cached = self._cache.get(key)
        if cached is None:
            low = bisect_left(self._keys, key)
            high = bisect_left(self._keys, key + "\U0010ffff", low)
            best = heapq.nlargest(MAX_COMPLETIONS, range(low, high), key=self._counts.__getitem__)
            cached = [self._keys[i] for i in best]
            if len(key) <= _CACHED_PREFIX_CHARS:
                self._cache[key] = cached
        return cached

    def complete(self, prefix: str, limit: int, after: str | None = None) -> list[str]:
        """Words that begin with ``prefix``: first those that follow ``after``
        most often in headlines, then the most frequent."""
        key = normal_form(prefix)
        if not key:
            return []
        following = self._followers.get(normal_form(after), []) if after else []
        keys = [k for k in following if k.startswith(key)][:limit]
        keys += [k for k in self._commonest(key) if k not in keys]
        return [self._words[i] for i in map(self._index, keys[:limit]) if i is not None]


def complete_query(q: str, vocabulary: Vocabulary, limit: int) -> list[str]:
    """Whole queries that finish the last word of ``q``."""
    words = list(WORD.finditer(q))
    if not words or words[-1].end() != len(q):
        return []  # the last word is finished: nothing is being typed
    last = words[-1]
    before = words[-2] if len(words) > 1 and not q[words[-2].end() : last.start()].strip() else None
    head = q[: last.start()]
    return [head + word for word in vocabulary.complete(last.group(), limit, before and before.group())]


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


def _single_term(match: re.Match[str] | None) -> str | None:
    found = terms(match.group()) if match is not None else []
    return found[0] if len(found) == 1 else None


def did_you_mean(q: str, counts: Counts) -> str | None:
    """``q`` with its misspelled words corrected, or None if none is.

    Among the edits of a word, the one that most often stands next to the
    word's neighbours in headlines wins (ولي العحد → ولي العهد, not the
    commoner ولي الأحد); failing that, the commonest.
    """
    words = [m for m in WORD.finditer(q) if m.group() not in OPERATORS]
    fixes: dict[int, list[tuple[str, str, int]]] = {}
    for index, match in enumerate(words):
        found = candidates(match.group(), counts)
        if found:
            fixes[index] = found
            if len(fixes) > MAX_CORRECTIONS:
                return None  # more noise than query: a guess would mislead
    if not fixes:
        return None
    parts, cursor = [], 0
    for index, found in fixes.items():
        before = _single_term(words[index - 1]) if index > 0 else None
        after = _single_term(words[index + 1]) if index + 1 < len(words) else None

        def beside(candidate: tuple[str, str, int]) -> tuple[int, int]:
            term = candidate[1]
            near = (counts.adjacent(before, term) if before else 0) + (
                counts.adjacent(term, after) if after else 0)
            return near, candidate[2]

        spelling = max(found, key=beside)[0] if before or after else found[0][0]
        parts += [q[cursor : words[index].start()], spelling]
        cursor = words[index].end()
    return "".join(parts) + q[cursor:]
