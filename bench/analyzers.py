"""Analyzers compared by the relevance benchmark beside Bahth's own.

The third-party stemmers (Snowball, Tashaphyne, ISRI) are development-only
dependencies; they run after Bahth's tokenizer, normalization and stop words,
so only the stemmer differs between rows of the table.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from whoosh.analysis import Composable, Filter, Token, Tokenizer

from search.text.analyzer import ArabicStemFilter, ArabicStopFilter, ArabicTokenizer
from search.text.normalize import WORD


class RawTokenizer(Tokenizer):
    """Bahth's word splitting with no Arabic processing at all: Latin case only."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pieces = [value] if not tokenize else [m.group() for m in WORD.finditer(value)]
        for pos, text in enumerate(pieces, start=start_pos):
            t.text = text.lower()
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = pos
            yield t


@lru_cache(maxsize=1)
def _snowball() -> Callable[[str], str]:
    import snowballstemmer
    return snowballstemmer.stemmer("arabic").stemWord


@lru_cache(maxsize=1)
def _tashaphyne() -> Callable[[str], str]:
    from tashaphyne.stemming import ArabicLightStemmer
    return ArabicLightStemmer().light_stem


@lru_cache(maxsize=1)
def _isri() -> Callable[[str], str]:
    from nltk.stem.isri import ISRIStemmer
    return ISRIStemmer().stem


STEMMERS: dict[str, Callable[[], Callable[[str], str]]] = {
    "snowball": _snowball, "tashaphyne": _tashaphyne, "isri": _isri,
}


class LibraryStemFilter(Filter):
    """Stems with one of ``STEMMERS`` (memoized: news text repeats words)."""

    is_morph = True

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.name == self.name  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.name))

    def __getstate__(self) -> dict[str, str]:
        return {"name": self.name}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.name = state["name"]

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = STEMMERS[self.name]()
        cache = _CACHES.setdefault(self.name, {})
        for t in tokens:
            if not t.stopped:
                text = t.text
                try:
                    t.text = cache[text]
                except KeyError:
                    result = stem(text) or text
                    if len(cache) < 1_000_000:
                        cache[text] = result
                    t.text = result
            yield t


_CACHES: dict[str, dict[str, str]] = {}


def analyzer(name: str) -> Composable:
    """The analyzer of one row of the analysis ablation."""
    if name == "raw":
        return RawTokenizer()
    if name == "norm":
        return ArabicTokenizer()
    if name == "stop":
        return ArabicTokenizer() | ArabicStopFilter()
    if name == "light":
        return ArabicTokenizer() | ArabicStopFilter() | ArabicStemFilter()
    if name in STEMMERS:
        return ArabicTokenizer() | ArabicStopFilter() | LibraryStemFilter(name)
    raise ValueError(f"unknown analyzer {name!r}")


ANALYZERS = ("raw", "norm", "stop", "light", "snowball", "tashaphyne", "isri")
