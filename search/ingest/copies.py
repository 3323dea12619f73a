"""Fingerprints that syndicated copies of a story share.

Papers republish wire stories with small edits: a dateline, an intro line,
punctuation. A document's fingerprint is a MinHash of its body: of every run
of ``GRAM`` letters of its normalized text (punctuation and spaces dropped, so
«عبد العزيز» and «عبدالعزيز» agree), the smallest under each of two hash
functions. Two texts share one such minimum with a probability equal to the
overlap (Jaccard) of their runs, so copies nearly always share the key;
requiring both minimums keeps apart unrelated stories that happen to share
a stock phrase. Runs are long (about a dozen words) for the same reason.
The opening and the end of the text are left out: datelines, agency credits
and signatures differ between copies and recur across unrelated stories.
Texts too short to tell a copy from a look-alike get no fingerprint.

It is whole-array NumPy work over many documents at once, cheap beside
analysis (docs/performance.md has the figure).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np

from search.text.normalize import normalize

GRAM = 80
# Letters left out at each end: an eighth of the text, at most EDGE.
EDGE = 150

_BASE = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_BASE_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))
_MIXERS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
_NONE = np.iinfo(np.uint64).max
# Bounds the memory of one batch (a few 16 MB arrays); a longer text is
# fingerprinted by its first _LONGEST_TEXT characters.
_BATCH_CHARS = 2_000_000
_LONGEST_TEXT = 200_000


@functools.cache
def _letters_table() -> np.ndarray:
    """For each character of the Basic Multilingual Plane, its normalized
    letter or digit (as search.text.normalize folds it), or 0 to drop it."""
    table = np.zeros(0x10000, dtype=np.uint32)
    for code in range(0x10000):
        folded = normalize(chr(code)) if code < 0xD800 or code > 0xDFFF else ""
        if len(folded) == 1 and folded.isalnum() and folded != "ـ":
            table[code] = ord(folded)
    return table


@functools.cache
def _powers(base: np.uint64) -> np.ndarray:
    """base**i modulo 2**64 for every position of a batch."""
    powers = np.full(_BATCH_CHARS + _LONGEST_TEXT, base, dtype=np.uint64)
    powers[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(powers, dtype=np.uint64)


def _mixed(values: np.ndarray, multiplier: np.uint64) -> np.ndarray:
    """A bijective scramble of 64-bit values: each multiplier orders them differently."""
    values = (values ^ (values >> np.uint64(31))) * multiplier
    return values ^ (values >> np.uint64(29))


def _batch(texts: list[str], min_letters: int) -> list[str]:
    raw = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    letters = _letters_table()[np.minimum(raw, 0xFFFF)]  # beyond the BMP: not a letter here
    keep = letters != 0
    codes = letters[keep].astype(np.uint64)
    kept_before = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
    lengths = np.diff(kept_before[np.cumsum([0] + [len(t) for t in texts])])
    edges = np.minimum(EDGE, lengths // 8)
    usable = lengths - 2 * edges >= max(min_letters, GRAM)
    n = len(codes)
    if not usable.any():
        return [""] * len(texts)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    # Where runs of GRAM letters may start: inside one text, past its edges.
    first, last = (starts + edges)[usable], (starts + lengths - edges - GRAM)[usable]
    bounds = np.zeros(n + 1, dtype=np.int8)
    bounds[first] = 1
    bounds[last + 1] = -1
    valid = np.cumsum(bounds[: n - GRAM + 1], dtype=np.int8) > 0
    # The hash of codes[i:i+GRAM] is sum(c[j] * B**(i+GRAM-1-j)), read off a
    # running sum of c[j] * B**-j: one pass, however long GRAM is.
    running = np.concatenate(([np.uint64(0)], np.cumsum(codes * _powers(_BASE_INVERSE)[:n], dtype=np.uint64)))
    grams = (running[GRAM:] - running[:-GRAM]) * _powers(_BASE)[GRAM - 1:n]
    keys = [np.minimum.reduceat(np.where(valid, _mixed(grams, m), _NONE), starts[usable]) for m in _MIXERS]
    found = iter(f"{a:016x}{b:016x}" for a, b in zip(*keys, strict=True))
    return [next(found) if ok else "" for ok in usable]


def fingerprints(texts: Iterable[str], min_letters: int) -> list[str]:
    """The fingerprint of each text ("" for a text of fewer than ``min_letters``
    letters, edges excluded: too short to tell a copy from a look-alike)."""
    out: list[str] = []
    batch: list[str] = []
    size = 0
    with np.errstate(over="ignore"):  # hashing is arithmetic modulo 2**64
        for text in texts:
            batch.append(text[:_LONGEST_TEXT])
            size += len(batch[-1])
            if size >= _BATCH_CHARS:
                out += _batch(batch, min_letters)
                batch, size = [], 0
        if batch:
            out += _batch(batch, min_letters)
    return out

