"""Snippets: the original text around the best matches, with the matches marked.

Matching re-runs the index analyzer over the stored text (with the
generation's clitic table), so a query word marks every spelling the index
conflates with it (diacritics, hamza forms, affixes) while the text shown
stays exactly as written.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from search.results import Snippet
from search.text.analyzer import Keys, keys_lookup
from search.text.clitics import Clitics
from search.text.forms import DEFINITE, stem_of
from search.text.normalize import WORD, spelled_at, spelled_whole

SNIPPET_CHARS = 240
TITLE_CHARS = 90
# Text past this point is not searched for matches: long articles would cost
# more than the snippet is worth. Text is cut here before anything else reads
# it, so a document of any length costs a hit the same.
SCAN_CHARS = 32_000
# A headline longer than this is shown cut (a record may put a whole page in it).
HEADLINE_CHARS = 1_000
# Raw characters read for an opening of ``size``: white space collapses, so
# a little more than ``size``; a text of white space has a short opening.
_OPENING_READ = 8

_SPACE = re.compile(r"\s+")

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Marks:
    """What a page's snippets mark: words by their term (word families,
    variants, phrases), and words by their form (search.text.forms: the
    query's own words), each analyzed with the generation's ``clitics``."""

    terms: Collection[str] = ()
    forms: Collection[str] = ()
    clitics: Clitics | None = None
    # Runs of terms (quoted phrases) whose words are marked only where they
    # stand together, unless ``terms`` or ``forms`` mark them on their own.
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.forms or self.phrases)

    @cached_property
    def phrase_terms(self) -> frozenset[str]:
        return frozenset(t for phrase in self.phrases for t in phrase)

    @cached_property
    def every_key(self) -> frozenset[str]:
        """Every term and form marked: most words hold none, and two set
        tests tell them (a term and a form may be spelt alike, so a word
        that passes is then looked at closely by ``first_marked``)."""
        return frozenset(self.terms) | frozenset(self.forms) | self.phrase_terms

    @cached_property
    def keys(self) -> tuple[Callable[[str], Keys | None], Callable[[str], Keys], Callable[[str], tuple[str, ...]]]:
        """The keys of a word as written (``keys_lookup``)."""
        return keys_lookup(self.clitics)

    @cached_property
    def stems(self) -> frozenset[str]:
        """What the normal form of a word that ``forms`` mark holds: the
        words a form matches begin with its stem (``stem_of``), and a word's
        form is its normal form less the clitics in front."""
        return frozenset(stem_of(form.removeprefix(DEFINITE)) for form in self.forms)

    @cached_property
    def may_hold_form(self) -> Callable[[str], object]:
        """Whether a word of a normal form may hold one of ``forms``. Most
        words do not, and their forms need not be found."""
        if not self.stems:
            return lambda _: False
        return re.compile("|".join(map(re.escape, sorted(self.stems, key=len, reverse=True)))).search

    @cached_property
    def within(self) -> tuple[str, ...] | None:
        """What the normal form of a word marked holds one of: its terms lie
        within it, as light stems (a word less its affixes), and so do the
        ``stems`` of the forms it matches; none that holds another. None if
        texts cannot be searched for them (``spelled_whole``), or their
        words must be counted (phrases)."""
        keys = frozenset(self.terms) | self.stems
        if self.phrases or not spelled_whole(keys):
            return None
        kept: list[str] = []
        for key in sorted(keys, key=len):
            if not any(shorter in key for shorter in kept):
                kept.append(key)
        return tuple(kept)

    @cached_property
    def decided(self) -> dict[str, str | None]:
        """What each word as written met so far is marked for (``decide``):
        the words of a page's texts repeat, within a text and across them."""
        return {}

    def decide(self, word: str) -> str | None:
        """What ``word`` (as written) is marked for, kept in ``decided``."""
        known, keys_of, with_forms = self.keys
        terms, forms, normal = known(word) or keys_of(word)
        if forms is None:
            forms = with_forms(word) if self.may_hold_form(normal) else ()
        marked = self.every_key
        key = None if marked.isdisjoint(terms) and marked.isdisjoint(forms) else self.first_marked(terms, forms)
        self.decided[word] = key
        return key

    def first_marked(self, terms: tuple[str, ...], forms: tuple[str, ...]) -> str | None:
        """What a word of ``terms`` and ``forms`` is marked for: the first of
        its terms marked, else of its forms, else of its terms in a phrase;
        None if nothing (a ligature such as ﷺ: for any of the words it
        stands for)."""
        for term in terms:
            if term in self.terms:
                return term
        for form in forms:
            if form in self.forms:
                return form
        phrase_terms = self.phrase_terms
        for term in terms:
            if term in phrase_terms:
                return term
        return None


def matched_spans(text: str, marks: Marks) -> list[Span]:
    """(start, end, what it is marked for) of every word of ``text`` that ``marks`` marks."""
    if not marks:
        return []
    found: list[Span] = []
    at: list[int] = []  # the number of each span's word in the text (for phrases, whose every word is read)
    decided, decide = marks.decided, marks.decide
    # Only the words where a key may be are read, where that can be told.
    within = marks.within
    places = None if within is None else spelled_at(text[:SCAN_CHARS], within)
    words = WORD.finditer(text, 0, SCAN_CHARS) if places is None else _holding(text, places)
    # Every word that may be marked comes here: one loop, and one lookup
    # for a word the page has met before.
    for number, match in enumerate(words):
        word = match.group()
        key = decided[word] if word in decided else decide(word)
        if key is not None:
            found.append((match.start(), match.end(), key))
            at.append(number)
    return _in_phrases(found, at, marks) if marks.phrases else found


def _holding(text: str, places: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The words of ``text`` (as ``WORD`` reads them all) that overlap one
    of ``places`` (in order), in order. A word holds no white space, so
    reading words from the space before a place finds the words a reading
    from the start would."""
    done = 0
    for start, end in places:
        if end <= done:
            continue
        for word in WORD.finditer(text, max(done, text.rfind(" ", 0, start) + 1), SCAN_CHARS):
            if word.start() >= end:
                break
            done = word.end()
            if done > start:
                yield word


def _in_phrases(spans: list[Span], at: list[int], marks: Marks) -> list[Span]:
    """``spans`` less the words of a phrase that stand outside it."""
    keep = [key in marks.terms or key in marks.forms for _, _, key in spans]
    for phrase in marks.phrases:
        n = len(phrase)
        for i in range(len(spans) - n + 1):
            if (all(spans[i + k][2] == phrase[k] for k in range(n))
                    and at[i + n - 1] - at[i] == n - 1):
                keep[i : i + n] = [True] * n
    return [span for span, kept in zip(spans, keep, strict=True) if kept]


def _best_window(spans: list[Span], size: int) -> tuple[int, int]:
    """The span range holding the most distinct terms within ``size`` chars:
    a window slid over the spans, counting its terms as they enter and
    leave (a text where every word matches has thousands of spans)."""
    best, best_score = (0, 0), (-1, -1)
    counts: Counter[str] = Counter()
    j = -1
    for i, (start, _, term) in enumerate(spans):
        if j < i:
            j = i
            counts[term] += 1
        while j + 1 < len(spans) and spans[j + 1][1] - start <= size:
            j += 1
            counts[spans[j][2]] += 1
        score = (len(counts), j - i + 1)
        if score > best_score:
            best, best_score = (i, j), score
        counts[term] -= 1
        if not counts[term]:
            del counts[term]
    return best


def _snap(text: str, left: int, right: int, first: int, last: int) -> tuple[int, int]:
    """Move the edges inward to white space, never past the matches [first, last)."""
    if left > 0:
        space = text.find(" ", left, first)
        left = space + 1 if space != -1 else first
    if right < len(text):
        space = text.rfind(" ", last, right)
        right = space if space != -1 else last
    return left, right


def _marked(text: str, spans: list[Span], left: int, right: int) -> Snippet:
    """``text[left:right]`` with the spans that lie inside it; spans with
    nothing but white space between them are one mark, so that ولي العهد
    reads as one highlighted phrase, not two."""
    marks: list[tuple[int, int]] = []
    for start, end, _ in spans:
        if start < left or end > right:
            continue
        if marks and text[left + marks[-1][1] : start].isspace():
            marks[-1] = (marks[-1][0], end - left)
        else:
            marks.append((start - left, end - left))
    return Snippet(text[left:right], tuple(marks), left > 0, right < len(text))


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text)


def window(text: str, chars: int = SCAN_CHARS) -> tuple[str, bool]:
    """The first ``chars`` characters of ``text``, cut after its last white
    space there (a word cut in two could match what the whole word does
    not); and whether anything was cut."""
    if len(text) <= chars:
        return text, False
    head = text[:chars]
    cut = max(head.rfind(" "), head.rfind("\n"))
    return (head[:cut] if cut > 0 else head), True


def snippet(text: str, marks: Marks, size: int = SNIPPET_CHARS) -> Snippet | None:
    """A fragment around the best matches in the first SCAN_CHARS of
    ``text``, or None if nothing matches there."""
    text, cut = window(text)
    text = _one_line(text)
    spans = matched_spans(text, marks)
    if not spans:
        return None
    i, j = _best_window(spans, size)
    first, last = spans[i][0], spans[j][1]
    pad = max(0, size - (last - first)) // 2
    left = max(0, first - pad)
    right = min(len(text), max(last, left + size))
    left = max(0, min(left, right - size))
    left, right = _snap(text, left, right, first, last)
    found = _marked(text, spans, left, right)
    return replace(found, cut_after=True) if cut else found


def opening(text: str, size: int) -> tuple[str, bool]:
    """The opening of ``text`` up to ``size`` chars, cut at a word; and whether it was cut."""
    text, more = window(text, size * _OPENING_READ)
    text = _one_line(text).strip()
    if len(text) <= size:
        return text, more
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size], True


def headline(text: str) -> str:
    """``text`` (a headline) as shown: whole, unless it is longer than
    HEADLINE_CHARS, then cut at a word with an ellipsis."""
    if len(text) <= HEADLINE_CHARS:
        return text
    head, _ = window(text, HEADLINE_CHARS)
    return head.rstrip() + " …"


def opening_snippet(text: str, size: int = SNIPPET_CHARS) -> Snippet:
    """The opening of ``text``, nothing marked."""
    head, cut = opening(text, size)
    return Snippet(head, (), False, cut)


def highlighted(text: str, marks: Marks) -> Snippet:
    """All of ``text`` (a title, see ``headline``) with every match marked."""
    text = _one_line(text)
    return _marked(text, matched_spans(text, marks), 0, len(text))
