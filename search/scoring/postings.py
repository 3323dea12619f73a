"""Postings as NumPy arrays: the one module that reads Whoosh's internals.

Whoosh walks postings one document at a time in Python, through a tree of
matchers. Here each term's postings are read once per generation, a block
at a time, and kept as arrays (document numbers, weights) while they fit in
the cache.
"""
from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from search.deadline import NO_DEADLINE, Deadline

Arrays = tuple[np.ndarray, np.ndarray]

# With no size given, the cache has room for every posting of the ranked
# fields twice over (as terms, and merged into word families): 16 bytes a
# word of their text, and at least MIN_CACHE_MB. A cache smaller than the
# postings the queries keep touching misses nearly every time, so a fixed
# size would make a growing index slower than its growth.
MIN_CACHE_MB = 256
_CACHE_BYTES_A_WORD = 16


def cache_limit(reader: Any, cache_mb: int) -> int:
    """The most the postings cache of ``reader``'s index may hold (0 MB: sized to the index)."""
    if cache_mb > 0:
        return cache_mb * 1024 * 1024
    words = sum(reader.field_length(name) for name in reader.schema.scorable_names())
    return max(MIN_CACHE_MB * 1024 * 1024, _CACHE_BYTES_A_WORD * words)


def field_lengths(reader: Any, field: str, default: int) -> np.ndarray:
    """Each document's length in ``field`` (``default`` where it has none),
    as ``doc_field_length`` gives it: read a segment's column of length
    bytes at once, where Whoosh reads a document at a time and, for a
    segment without the column, looks for its file every time."""
    table = np.array([default] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float32)
    parts = []
    for leaf, _ in reader.leaf_readers():
        raw = np.zeros(leaf.doc_count_all(), dtype=np.uint8)
        if not len(raw):  # an index of no documents has a reader of no segment
            continue
        column = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        if column is not None:
            count = min(column._count, len(raw))
            raw[:count] = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
        parts.append(table[raw])
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.float32)


def _term_info(leaf: Any, field: str, term: str) -> Any:
    """The term table's entry for ``term`` in one segment, or None."""
    try:
        return leaf._terms.term_info(field, leaf._text_to_bytes(field, term))
    except TermNotFound:  # no such term, or no such field
        return None


_BLOCK_LENGTH = struct.Struct(">i")


def _blocks(leaf: Any, info: Any, deadline: Deadline) -> Iterator[tuple[int, tuple[int, ...], Any]]:
    """Each block of a term's postings in one segment, as Whoosh's codec
    writes them (whoosh.codec.whoosh3, W3PostingsWriter): (postings, gaps
    between document numbers, weights). Read here rather than through
    Whoosh's block matcher, whose set-up and block-by-block navigation cost
    more than the reading itself for the few-block terms a search reads most.
    Every term has blocks: the codec keeps a term's postings in its table
    entry only below its inline limit, and Bahth writes with the default,
    which no term is below."""
    postfile = leaf._terms._postfile
    position, _ = info.extent()
    if postfile.get(position, len(WHOOSH3_HEADER_MAGIC)) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no postings where the term table points, at {position}")
    position += len(WHOOSH3_HEADER_MAGIC)
    last = False
    while not last:
        deadline.check()
        length = _BLOCK_LENGTH.unpack(postfile.get(position, _BLOCK_LENGTH.size))[0]
        last = length < 0  # the last block's length is written negative
        block = io.BytesIO(postfile.get(position + _BLOCK_LENGTH.size, abs(length)))
        count, _, _, compressed, _, _ = pickle.load(block)  # the block's statistics, then its data
        data = block.read()
        gaps, weights, _ = pickle.loads(zlib.decompress(data) if compressed else data)
        yield count, gaps, weights
        position += _BLOCK_LENGTH.size + abs(length)


def _weights(count: int, stored: Any) -> np.ndarray:
    """A block's weights as the codec stores them: None when all are 1, one
    number when all are that, else an array."""
    if stored is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(stored, float):
        return np.full(count, stored, dtype=np.float32)
    return np.asarray(stored, dtype=np.float32)


def _unfiltered(matcher: Any) -> Any:
    """Whoosh's own block matcher under its deletion filter (callers mask deletions)."""
    while hasattr(matcher, "child"):
        matcher = matcher.child
    return matcher


class Postings:
    """The postings of terms, as arrays, kept while they fit in the cache."""

    def __init__(self, reader: Any, limit_bytes: int) -> None:
        self.leaves = reader.leaf_readers()
        self.documents = reader.doc_count_all()
        self.limit = limit_bytes
        self.size = 0
        self.cache: OrderedDict[tuple[str, str], Arrays] = OrderedDict()

    def get(self, field: str, term: str, deadline: Deadline = NO_DEADLINE) -> Arrays:
        """The postings of ``term``; read from the index (watching ``deadline``) unless cached."""
        key = (field, term)
        hit = self.cache.get(key)
        if hit is not None:
            self.cache.move_to_end(key)
            return hit
        return self._keep(key, self._read(field, term, deadline))

    def peek(self, field: str, term: str) -> Arrays | None:
        """The postings of ``term`` if they are cached (without reading or reordering)."""
        return self.cache.get((field, term))

    def _read(self, field: str, term: str, deadline: Deadline) -> Arrays:
        """The postings of ``term`` from the index (not the cache), deleted
        documents included (callers mask them): a cold cache reads a block
        at a time, so the deadline is checked at each."""
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for leaf, offset in self.leaves:
            deadline.check()
            info = _term_info(leaf, field, term)
            if info is None:
                continue
            for count, gaps, stored in _blocks(leaf, info, deadline):
                ids.append(np.cumsum(np.array(gaps, dtype=np.int32), dtype=np.int32) + offset)
                weights.append(_weights(count, stored))
        return ((np.concatenate(ids), np.concatenate(weights)) if ids
                else (np.empty(0, np.int32), np.empty(0, np.float32)))

    def merged(self, field: str, key: str, terms: tuple[str, ...], deadline: Deadline = NO_DEADLINE) -> Arrays:
        """The postings of ``terms`` as one term's: each document once, with
        the summed weights (cached under ``key``)."""
        if len(terms) == 1:
            return self.get(field, terms[0], deadline)
        cache_key = (field, "\0" + key)  # no term holds a NUL
        hit = self.cache.get(cache_key)
        if hit is not None:
            self.cache.move_to_end(cache_key)
            return hit
        # The members are kept too (the cache has room for every posting
        # twice): a member later asked for as a word is then not read again.
        parts = [self.get(field, term, deadline) for term in terms]
        ids = np.concatenate([p[0] for p in parts])
        weights = np.concatenate([p[1] for p in parts])
        if len(ids) * 16 < self.documents:  # few postings: sorting them beats counting every document
            docs, where = np.unique(ids, return_inverse=True)
            summed = np.bincount(where, weights=weights)
        else:
            counts = np.bincount(ids, weights=weights)
            docs = np.flatnonzero(counts)
            summed = counts[docs]
        return self._keep(cache_key, (docs.astype(np.int32), summed.astype(np.float32)))

    def _keep(self, key: tuple[str, str], entry: Arrays) -> Arrays:
        self.cache[key] = entry
        self.size += entry[0].nbytes + entry[1].nbytes
        while self.size > self.limit and len(self.cache) > 1:
            _, (old_ids, old_weights) = self.cache.popitem(last=False)
            self.size -= old_ids.nbytes + old_weights.nbytes
        return entry

    def positions(self, field: str, term: str, docs: np.ndarray, deadline: Deadline) -> dict[int, list[int]]:
        """Where ``term`` stands in each of ``docs`` (which all hold it): a
        posting at a time, the one slow loop here, so it watches the deadline."""
        found: dict[int, list[int]] = {}
        wanted = docs.tolist()
        for leaf, offset in self.leaves:
            end = offset + leaf.doc_count_all()
            local = [d - offset for d in wanted if offset <= d < end]
            if not local or (field, term) not in leaf:
                continue
            matcher = _unfiltered(leaf.postings(field, term))
            for n, docnum in enumerate(local):
                if n % 512 == 511:
                    deadline.check()
                matcher.skip_to(docnum)
                found[docnum + offset] = list(matcher.value_as("positions"))
        return found
