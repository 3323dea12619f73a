"""Completions for the word being typed.

The index's text fields hold stemmed, normalized terms (حكوم, not الحكومة):
fine for matching, unfit to show. So completions come from a ``Vocabulary``
of the words of the headlines as written, keyed by their normalized form and
sorted, so a typed prefix is normalized and found by bisection; the most
frequent words win. Headlines (titles, or the opening of title-less
documents) are short, hold the words people search for, and are read once
per generation, where reading bodies would take far longer.

A word typed after another completes to a phrase of headlines: only to words
that follow that word at least MIN_PAIRS times in headlines, the pair seen
most often first (ولي الع: ولي العهد, never ولي العيد because العيد is common).
Hashtags count as their words (#داعش_باقية: داعش, then باقية), and no
completion holds an underscore.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable

from search.query.syntax import words
from search.text.analyzer import normal_form
from search.text.normalize import WORD
from search.text.stopwords import STOP_WORDS

MAX_COMPLETIONS = 10
# A word pair seen fewer times than this in headlines is not a phrase: it is
# neither kept nor offered.
MIN_PAIRS = 2
# Short prefixes match much of the vocabulary; their answers are kept.
_CACHED_PREFIX_CHARS = 2


def _key(word: str) -> str | None:
    """The normal form ``word`` is counted under; None for the words that are
    never offered and that no phrase runs through (stop words, numbers,
    single letters)."""
    key = normal_form(word)
    return None if len(key) < 2 or key in STOP_WORDS or key.isdigit() else key


def _joined(gap: str) -> bool:
    """Whether two words with ``gap`` between them stand in one phrase: only
    white space, or the underscores that join a hashtag's words, parts them."""
    return not gap.replace("_", " ").strip()


class Vocabulary:
    """Words as written, findable by a prefix of their normalized form.

    It also knows which words follow which in headlines, so the word typed
    after ولي completes to العهد and not to the commoner العمل.
    """

    def __init__(self, counts: dict[str, Counter[str]], followers: dict[str, Counter[str]],
                 same: dict[str, str]) -> None:
        self._keys = sorted(counts)
        # The most common way of writing each normalized word is the one shown.
        self._words = [counts[k].most_common(1)[0][0] for k in self._keys]
        self._counts = [counts[k].total() for k in self._keys]
        self._followers = {k: [w for w, _ in c.most_common()] for k, c in followers.items()}
        self._same = same  # a word with a joined و → the word it is counted as
        self._cache: dict[str, list[str]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        counts: dict[str, Counter[str]] = {}
        pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            before, end = None, 0
            for match in WORD.finditer(text):
                word = match.group()
                key = _key(word)
                if key is None:
                    before = None
                    continue
                counts.setdefault(key, Counter())[word] += 1
                if before is not None and _joined(text[end : match.start()]):
                    pairs[before, key] += 1
                before, end = key, match.end()
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
        return cls(counts, followers, same)

    def _index(self, key: str) -> int | None:
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else None

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
        """Words that begin with ``prefix``. After a word that a phrase can
        run through (``after``), only those that follow it at least MIN_PAIRS
        times in headlines, the most often first; else the most frequent."""
        key = normal_form(prefix)
        if not key:
            return []
        before = _key(after) if after is not None else None
        if before is None:
            keys = self._commonest(key)
        else:
            keys = [k for k in self._followers.get(self._same.get(before, before), []) if k.startswith(key)]
        return [self._words[i] for i in map(self._index, keys[:limit]) if i is not None]


def complete_query(q: str, vocabulary: Vocabulary, limit: int) -> list[str]:
    """Whole queries that finish the last word of ``q``."""
    # A hashtag being typed is completed as its words, with spaces between.
    q = q.replace("_", " ")
    found = words(q)
    if not found or found[-1].end != len(q):
        return []  # the last word is finished: nothing is being typed
    last = found[-1]
    # The word before, if the two make a phrase: an operator starts a new one.
    before = found[-2] if len(found) > 1 and not found[-2].operator and _joined(q[found[-2].end : last.start]) else None
    head = q[: last.start]
    return [head + word for word in vocabulary.complete(last.text, limit, before.text if before is not None else None)]
