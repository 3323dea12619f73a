"""Copy groups: body fingerprints joined by headline and opening.

A body fingerprint (search.ingest.copies) misses copies edited a little more
than usual, and short texts have none. Two dated documents are also copies
when, within ``WINDOW_DAYS`` of each other, their headlines and their openings
(the first ``OPENING`` words of the body) are both alike; or their headlines
are the same and their openings still alike (a dateline added, a sentence
moved); or, from two papers, their openings are the same text under
headlines each paper wrote its own way (one paper's series of formulaic
reports, relief flights one and two, share their openings too). These two
looser ways never join headlines that differ in an ordinal (the second
flight, the third): the installments of a series open in the same words. Alike is weighted by
how rare each word is in the batch (idf), so that the words every weather
report, condolence or fixture shares count little. Formulaic stories are still
alike by that measure, so two documents that each have a name or figure the
other lacks are two stories: condolences to two countries, two days' forecasts.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from search.ingest.documents import Document
from search.text.normalize import WORD, normalize
from search.text.stopwords import is_stop_word

WINDOW_DAYS = 3
OPENING = 40
# Weighted overlap (Jaccard) the headlines and the openings need.
HEADLINE_ALIKE = 0.5
OPENING_ALIKE = 0.6
# The same headline; or the same opening, from another paper, under a headline still sharing this much.
SAME_HEADLINE, OPENING_WITH_SAME_HEADLINE = 0.9, 0.45
SAME_OPENING, HEADLINE_WITH_SAME_OPENING = 0.75, 0.2
# A headline word in more documents than this is no lead to a copy.
_COMMON = 200
# Distinct words, stop words left out, an opening needs to be compared.
_LEAST = 8
# The words of a series: one agency opens its first, second and third relief
# flights in the same words, and only the headline's ordinal tells them apart.
_ORDINALS = frozenset(normalize(article + word + ending)
                      for word in ("أول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر")
                      for article in ("", "ال") for ending in ("", "ة")) | {normalize("الأولى"), normalize("أولى")}


def _words(text: str) -> set[str]:
    return {w for m in WORD.finditer(normalize(text)) if not is_stop_word(w := m.group())}


class _Weighed:
    """Word sets and their weights, for a weighted overlap of two of them."""

    def __init__(self, sets: list[set[str]], idf: dict[str, float]) -> None:
        self.sets, self.idf = sets, idf
        self.totals = [sum(idf[w] for w in words) for words in sets]

    def alike(self, a: int, b: int) -> float:
        shared = sum(self.idf[w] for w in self.sets[a] & self.sets[b])
        union = self.totals[a] + self.totals[b] - shared
        return shared / union if union else 0.0


class _Sets:
    """Union-find over document positions."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _near_with_a_word(heads: list[set[str]], days: list[float]) -> set[tuple[int, int]]:
    """The pairs of documents at most WINDOW_DAYS apart whose headlines share
    a word that is not common: the only pairs worth comparing."""
    by_word: dict[str, list[int]] = defaultdict(list)
    for n in sorted(range(len(heads)), key=days.__getitem__):
        for word in heads[n]:
            by_word[word].append(n)
    pairs = set()
    for sharing in by_word.values():
        if len(sharing) > _COMMON:
            continue
        for i, a in enumerate(sharing):
            for b in sharing[i + 1:]:
                if days[b] - days[a] > WINDOW_DAYS:
                    break
                pairs.add((min(a, b), max(a, b)))
    return pairs


def _telling_at_most(documents: int) -> int:
    return max(1, documents // 1000)


def story_pairs(documents: Sequence[Document]) -> list[tuple[int, int]]:
    """The pairs of documents (positions) whose headline and opening say they are one story."""
    heads = [_words(d.title) if d.title and d.date else set() for d in documents]
    # An opening of a few words (a caption) tells nothing.
    openings = [words if h and len(words := _words(" ".join(d.body.split()[:OPENING]))) >= _LEAST else set()
                for d, h in zip(documents, heads, strict=True)]
    # What an opening's words are looked for in: the headline and twice as
    # much of the body, so that a word a copy moved a little is still found.
    reach = [h | _words(" ".join(d.body.split()[:2 * OPENING])) if h else set()
             for d, h in zip(documents, heads, strict=True)]
    counts: Counter[str] = Counter(w for words in reach for w in words)
    idf = {w: math.log(1 + len(documents) / c) for w, c in counts.items()}
    # Words of a few documents (names of people, places, countries) and figures.
    telling = [{w for w in opening if w[:1].isdigit() or counts[w] <= _telling_at_most(len(documents))}
               for opening in openings]
    days = [d.date.timestamp() / 86400 if d.date else 0.0 for d in documents]
    headlines, leads = _Weighed(heads, idf), _Weighed(openings, idf)

    def one_story(a: int, b: int) -> bool:
        if telling[a] - reach[b] and telling[b] - reach[a]:
            return False
        head, lead = headlines.alike(a, b), leads.alike(a, b)
        if head >= HEADLINE_ALIKE and lead >= OPENING_ALIKE:
            return True
        # The looser ways: never across a series' installments.
        if heads[a] & _ORDINALS != heads[b] & _ORDINALS:
            return False
        return ((head >= SAME_HEADLINE and lead >= OPENING_WITH_SAME_HEADLINE)
                or (lead >= SAME_OPENING and head >= HEADLINE_WITH_SAME_OPENING
                    and documents[a].source != documents[b].source))

    return sorted(pair for pair in _near_with_a_word(heads, days) if one_story(*pair))


def copy_groups(documents: Sequence[Document], fingerprints: Sequence[str]) -> list[str]:
    """Each document's copy group key ("" for none): documents sharing a body
    fingerprint, or a headline and opening (``story_pairs``), and so on
    transitively, are one group. A group with a fingerprint is known by its
    smallest, so a copy added later by its body alone joins it; one without
    by a hash of its first document's id."""
    sets = _Sets(len(documents))
    first_with: dict[str, int] = {}
    for n, key in enumerate(fingerprints):
        if key:
            sets.join(first_with.setdefault(key, n), n)
    for a, b in story_pairs(documents):
        sets.join(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(documents)):
        members[sets.find(n)].append(n)
    keys = [""] * len(documents)
    for root, group in members.items():
        known = [fingerprints[n] for n in group if fingerprints[n]]
        if not known and len(group) == 1:
            continue
        key = min(known) if known else hashlib.md5(documents[root].id.encode()).hexdigest()
        for n in group:
            keys[n] = key
    return keys
