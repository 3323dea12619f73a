"""The Arabic analyzer, used both when indexing and when querying.

Tokens carry character offsets into the ORIGINAL text; only ``token.text`` is
normalized and stemmed, so highlights mark the words exactly as written.

The index pickles these classes into its table of contents: keep this module
path and the class names stable, or existing indexes stop opening (indexes
built before this module moved here open through ``search.analysis``). A
setting added later needs a class default, which is what indexes pickled
before it get.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeVar

from whoosh.analysis import Composable, Filter, Token, Tokenizer

from search.text.clitics import Clitics
from search.text.forms import definite, indexed_as, looked_up, word_form
from search.text.normalize import WORD, normalize_word
from search.text.stemmer import light_stem
from search.text.stopwords import is_stop_word

# Normalizing and stemming are pure functions of the word (and of the
# analyzer's clitic table), and news text repeats words heavily: memoize them
# per process, one memo per table. Bounded to keep memory flat.
_CACHE_LIMIT = 500_000
_TABLES_LIMIT = 8
_normal_cache: dict[str, str] = {}

T = TypeVar("T")
Pieces = tuple[tuple[str, str], ...]
# What snippets mark a word as written by: its terms; its forms (None until
# asked for: finding them costs more than the terms, and few words are marked
# by them); and its normal form, within which its forms all lie.
Keys = tuple[tuple[str, ...], tuple[str, ...] | None, str]


class _Memo:
    """What one clitic table makes of each word: its stem, and (normal form,
    term) of each word a written word stands for (the term is "" for a stop word)."""

    def __init__(self) -> None:
        self.stems: dict[str, str] = {}
        self.terms: dict[str, Pieces] = {}
        self.forms: dict[str, tuple[str, ...]] = {}  # word as written → its forms (search.text.forms)
        self.keys: dict[str, Keys] = {}  # word as written → its keys


# By the table's fingerprint: tables are large, and comparing two equal ones
# word by word on every call would cost more than the memo saves.
_memos: dict[bytes | None, _Memo] = {}


def _memo(clitics: Clitics | None) -> _Memo:
    key = None if clitics is None else clitics.fingerprint()
    memo = _memos.get(key)
    if memo is None:
        if len(_memos) >= _TABLES_LIMIT:  # generations come and go in a long-lived worker
            _memos.clear()
        memo = _memos[key] = _Memo()
    return memo


def _remember(memo: dict[str, T], word: str, make: Callable[[str], T]) -> T:
    """``memo[word]``, made by ``make`` the first time (a full memo starts afresh)."""
    try:
        return memo[word]
    except KeyError:
        if len(memo) >= _CACHE_LIMIT:
            memo.clear()
        result = memo[word] = make(word)
        return result


def normal_form(word: str) -> str:
    return _remember(_normal_cache, word, normalize_word)


def stem_form(word: str, clitics: Clitics | None = None) -> str:
    return _remember(_memo(clitics).stems, word, lambda w: light_stem(w, clitics))


def _written_pieces(word: str) -> list[tuple[str, str]]:
    """(as written, normal form) of each word that ``word`` stands for: itself,
    but for presentation forms that expand to several words (ﷺ) or to a mark
    alone (ﱠ), which give several or none."""
    normal = normal_form(word)
    if " " not in normal:
        return [(word, normal)] if normal else []
    return [(piece, normal_form(piece)) for piece in unicodedata.normalize("NFKC", word).split()
            if normal_form(piece)]


def word_terms(word: str, clitics: Clitics | None = None) -> Pieces:
    """(normal form, term) of each word that ``word`` (as written, one match
    of ``WORD``) stands for; the term is "" for a stop word."""
    return _remember(_memo(clitics).terms, word, lambda w: tuple(
        (normal, "" if is_stop_word(normal, written) else stem_form(normal, clitics))
        for written, normal in _written_pieces(w)
    ))


def word_forms(word: str, clitics: Clitics | None = None) -> tuple[str, str]:
    """(normal form, term) of one word as written: the term is "" for a stop
    word, and both are "" for a word that normalizes to nothing. A
    presentation form that stands for several words (ﷺ) gives its first
    term here; ``word_terms`` gives them all."""
    pieces = word_terms(word, clitics)
    if len(pieces) == 1:
        return pieces[0]
    if not pieces:
        return "", ""
    term = next((term for _, term in pieces if term), "")
    return " ".join(normal for normal, _ in pieces), term


def indexed_forms(word: str, clitics: Clitics | None = None) -> tuple[str, ...]:
    """What one word as written is indexed under in the field of forms:
    every form it extends (``search.text.forms``), stop words none."""
    def make(w: str) -> tuple[str, ...]:
        found: set[str] = set()
        for normal, term in word_terms(w, clitics):
            if term:
                form = word_form(normal, clitics)
                found |= indexed_as(form, definite(normal, form))
        return tuple(sorted(found))
    return _remember(_memo(clitics).forms, word, make)


def word_keys(word: str, clitics: Clitics | None = None) -> Keys:
    """What snippets mark one word as written by (``Keys``), its forms
    found only if they were asked for before."""
    def make(w: str) -> Keys:
        pieces = word_terms(w, clitics)
        return tuple(t for _, t in pieces if t), None, " ".join(normal for normal, _ in pieces)
    return _remember(_memo(clitics).keys, word, make)


def keys_forms(word: str, clitics: Clitics | None = None) -> tuple[str, ...]:
    """The forms of ``word_keys``, found now if they were not (and kept)."""
    terms, forms, normal = word_keys(word, clitics)
    if forms is None:
        forms = indexed_forms(word, clitics)
        _memo(clitics).keys[word] = (terms, forms, normal)
    return forms


def keys_lookup(clitics: Clitics | None = None) -> tuple[Callable[[str], Keys | None], Callable[[str], Keys],
                                                         Callable[[str], tuple[str, ...]]]:
    """For one clitic table: the ``get`` of the memo of keys, ``word_keys``
    and ``keys_forms``. A page's snippets ask for thousands of words,
    most of them known already, and a known word then costs one call."""
    return (_memo(clitics).keys.get, partial(word_keys, clitics=clitics),
            partial(keys_forms, clitics=clitics))


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
    """Splits on anything that is not a word character and normalizes each
    word. ``token.written`` is the word as written, which the stop filter reads
    (على is a stop word, علي the name)."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.written = value
            t.text = normal_form(value)
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
            for written, normal in _written_pieces(match.group()):
                t.text = normal
                t.written = written
                t.boost = 1.0
                t.stopped = False
                _place(t, match, pos, start_char, keeporiginal, positions, chars)
                pos += 1
                yield t


class ArabicStopFilter(_Settingless, Filter):
    """Drops stop words; positions keep their gaps so phrases stay honest."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if is_stop_word(t.text, getattr(t, "written", None)):
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            yield t


class _WithClitics:
    """Components whose one setting is a clitic table (none: the letter rules)."""

    clitics: Clitics | None = None  # also for components pickled before the setting

    def __init__(self, clitics: Clitics | None = None) -> None:
        self.clitics = clitics

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.clitics == self.clitics

    def __hash__(self) -> int:
        return hash((type(self), self.clitics))


class ArabicStemFilter(_WithClitics, Filter):
    """Light stemming (see ``search.text.stemmer``), with a clitic table or without."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.stopped:
                t.text = stem_form(t.text, self.clitics)
            yield t


class ArabicAnalyzer(Tokenizer):
    """Tokenizer, stop filter and stemmer in one pass with one lookup a word.

    Gives exactly the tokens of ``ArabicTokenizer() | ArabicStopFilter() |
    ArabicStemFilter(clitics)`` (the pieces the relevance benchmark takes
    apart), at half the cost: indexing and snippets analyze every word of
    every text.

    With ``lead_words``, each of the first ``lead_words`` words (stop words
    counted) weighs ``lead_boost`` in the index instead of 1: a news story
    says what it is about in its opening, so a match there counts for more.
    The weight is a term frequency, so BM25 still saturates it.

    ``clitics`` is the table learnt from the index's corpus that says which
    leading letters are clitics (``search.text.clitics``); without one the
    stemmer's letter rules decide.
    """

    # Class defaults: indexes pickled before these settings existed still open.
    lead_words = 0
    lead_boost = 1.0
    clitics: Clitics | None = None

    def __init__(self, lead_words: int = 0, lead_boost: float = 1.0, clitics: Clitics | None = None) -> None:
        self.lead_words = lead_words
        self.lead_boost = lead_boost
        self.clitics = clitics

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and other.lead_words == self.lead_words
                and other.lead_boost == self.lead_boost and other.clitics == self.clitics)

    def __hash__(self) -> int:
        return hash((type(self), self.lead_words, self.lead_boost, self.clitics))

    def word_forms(self, word: str) -> tuple[str, str]:
        """``word_forms`` with this analyzer's clitic table."""
        return word_forms(word, self.clitics)

    def word_terms(self, word: str) -> Pieces:
        """``word_terms`` with this analyzer's clitic table."""
        return word_terms(word, self.clitics)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        if not tokenize:
            yield from ArabicStemFilter(self.clitics)(ArabicStopFilter()(ArabicTokenizer()(
                value, positions, chars, keeporiginal, removestops, start_pos, start_char,
                tokenize, mode, **kwargs)))
            return
        clitics = self.clitics
        memo = _memo(clitics).terms
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        lead_end = start_pos + self.lead_words
        pos = start_pos
        for match in WORD.finditer(value):
            try:
                pieces = memo[match.group()]
            except KeyError:
                pieces = word_terms(match.group(), clitics)
            for normal, term in pieces:
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


class FormAnalyzer(_WithClitics, Tokenizer):
    """For each word that is not a stop word, every form it extends
    (``search.text.forms``): a query word matches the documents indexed
    under its form. No positions or offsets: forms only decide which
    documents match."""

    # 2: forms written with the article are marked (search.text.forms.DEFINITE);
    # an index of version 1, built before, has no mark to look up.
    version = 1

    def __init__(self, clitics: Clitics | None = None) -> None:
        super().__init__(clitics)
        self.version = 2

    def forms(self, word: str) -> tuple[str, ...]:
        """What one word as written is looked up as: the forms of each word
        it stands for (a ligature such as ﷺ stands for several), stop words
        left out."""
        found: list[str] = []
        for normal, term in word_terms(word, self.clitics):
            if term:
                form = word_form(normal, self.clitics)
                found += looked_up(form, definite(normal, form))
        return tuple(found)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for match in WORD.finditer(value) if tokenize else [value]:
            word = match if isinstance(match, str) else match.group()
            for form in indexed_forms(word, self.clitics):
                t.text, t.boost, t.stopped = form, 1.0, False
                yield t


def arabic_analyzer(lead_words: int = 0, lead_boost: float = 1.0, clitics: Clitics | None = None) -> Composable:
    """Normalize, drop stop words, stem: the analyzer of the text fields."""
    return ArabicAnalyzer(lead_words, lead_boost, clitics)


def analyze(text: str, clitics: Clitics | None = None) -> list[str]:
    """The terms ``text`` is indexed and matched by, in order."""
    return [t.text for t in arabic_analyzer(clitics=clitics)(text)]
