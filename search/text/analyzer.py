"""The Arabic analyzer, used both when indexing and when querying.

Tokens carry character offsets into the ORIGINAL text; only ``token.text`` is
normalized and stemmed, so highlights mark the words exactly as written.

The index pickles these classes into its table of contents: keep this module
path and the class names stable, or existing indexes stop opening (indexes
built before this module moved here open through ``search.analysis``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Composable, Filter, Token, Tokenizer

from search.text.normalize import WORD, normalize
from search.text.stemmer import light_stem
from search.text.stopwords import STOP_WORDS

# Normalizing and stemming are pure functions of the word, and news text
# repeats words heavily: memoize them per process. Bounded to keep memory flat.
_CACHE_LIMIT = 500_000
_normal_cache: dict[str, str] = {}
_stem_cache: dict[str, str] = {}


def normal_form(word: str) -> str:
    try:
        return _normal_cache[word]
    except KeyError:
        if len(_normal_cache) >= _CACHE_LIMIT:
            _normal_cache.clear()
        result = _normal_cache[word] = normalize(word)
        return result


def stem_form(word: str) -> str:
    try:
        return _stem_cache[word]
    except KeyError:
        if len(_stem_cache) >= _CACHE_LIMIT:
            _stem_cache.clear()
        result = _stem_cache[word] = light_stem(word)
        return result


def _place(t: Token, match: re.Match[str], pos: int, start_char: int,
           keeporiginal: bool, positions: bool, chars: bool) -> None:
    """What a token carries besides its text: the word as written, its
    position, and its character offsets in the ORIGINAL text."""
    if keeporiginal:
        t.original = match.group()
    if positions:
        t.pos = pos
    if chars:
        t.startchar = start_char + match.start()
        t.endchar = start_char + match.end()


class _Settingless:
    """Components without settings: any two of one class are equal."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class ArabicTokenizer(_Settingless, Tokenizer):
    """Splits on anything that is not a word character and normalizes each word."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = normal_form(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        for match in WORD.finditer(value):
            text = normal_form(match.group())
            if not text:
                continue
            t.text = text
            t.boost = 1.0
            t.stopped = False
            _place(t, match, pos, start_char, keeporiginal, positions, chars)
            pos += 1
            yield t


class ArabicStopFilter(_Settingless, Filter):
    """Drops stop words; positions keep their gaps so phrases stay honest."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if t.text in STOP_WORDS:
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            yield t


class ArabicStemFilter(_Settingless, Filter):
    """Light stemming (see ``search.text.stemmer``)."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.stopped:
                t.text = stem_form(t.text)
            yield t


# Each word as written → (its normal form, its term): the term is "" for a
# stop word, and both are "" for a word that normalizes to nothing.
_forms_cache: dict[str, tuple[str, str]] = {}


def word_forms(word: str) -> tuple[str, str]:
    try:
        return _forms_cache[word]
    except KeyError:
        if len(_forms_cache) >= _CACHE_LIMIT:
            _forms_cache.clear()
        normal = normal_form(word)
        term = stem_form(normal) if normal and normal not in STOP_WORDS else ""
        result = _forms_cache[word] = (normal, term)
        return result


class ArabicAnalyzer(Tokenizer):
    """Tokenizer, stop filter and stemmer in one pass with one lookup a word.

    Gives exactly the tokens of ``ArabicTokenizer() | ArabicStopFilter() |
    ArabicStemFilter()`` (the pieces the relevance benchmark takes apart), at
    half the cost: indexing and snippets analyze every word of every text.

    With ``lead_words``, each of the first ``lead_words`` words (stop words
    counted) weighs ``lead_boost`` in the index instead of 1: a news story
    says what it is about in its opening, so a match there counts for more.
    The weight is a term frequency, so BM25 still saturates it.
    """

    # Class defaults: indexes pickled before these settings existed still open.
    lead_words = 0
    lead_boost = 1.0

    def __init__(self, lead_words: int = 0, lead_boost: float = 1.0) -> None:
        self.lead_words = lead_words
        self.lead_boost = lead_boost

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and other.lead_words == self.lead_words
                and other.lead_boost == self.lead_boost)

    def __hash__(self) -> int:
        return hash((type(self), self.lead_words, self.lead_boost))

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        if not tokenize:
            yield from ArabicStemFilter()(ArabicStopFilter()(ArabicTokenizer()(
                value, positions, chars, keeporiginal, removestops, start_pos, start_char,
                tokenize, mode, **kwargs)))
            return
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        lead_end = start_pos + self.lead_words
        pos = start_pos
        for match in WORD.finditer(value):
            normal, term = word_forms(match.group())
            if not normal:
                continue
            if not term:  # a stop word: it keeps its position
                if removestops:
                    pos += 1
                    continue
                t.text, t.stopped = normal, True
            else:
                t.text, t.stopped = term, False
            t.boost = self.lead_boost if pos < lead_end else 1.0
            _place(t, match, pos, start_char, keeporiginal, positions, chars)
            pos += 1
            yield t


def arabic_analyzer(lead_words: int = 0, lead_boost: float = 1.0) -> Composable:
    """Normalize, drop stop words, stem: the analyzer of the text fields."""
    return ArabicAnalyzer(lead_words, lead_boost)


def analyze(text: str) -> list[str]:
    """The terms ``text`` is indexed and matched by, in order."""
    return [t.text for t in arabic_analyzer()(text)]
