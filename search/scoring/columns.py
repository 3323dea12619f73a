"""Per-document columns as arrays: what filters, facets and collapsing read.

The live mask (deleted documents out), the facet fields as codes, each
document's copy group as a number, and dates, each read once per generation.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np
from whoosh.columns import NumericColumn, VarBytesColumn

FACETS = ("kind", "source")


def _leaf_values(leaf: Any, name: str, missing: Any) -> Iterable[Any]:
    """The raw value of column ``name`` for every document of one segment.
    A column of bytes is read in one piece and cut by its lengths, and a
    column of numbers is read as an array: Whoosh reads one document at a
    time, which costs opening an index a second on a large one."""
    count = leaf.doc_count_all()
    if name not in leaf.schema or not leaf.has_column(name):
        return [missing] * count
    # The reader the checks at open made (search.store.integrity), if the
    # segment's reader is the one they checked.
    column = leaf._perdoc._cached_reader(name, leaf.schema[name].column_type)
    if isinstance(column, VarBytesColumn.Reader):
        data = column._dbfile.get(column._basepos, column._length)
        return [data[start:start + length] for start, length in zip(column._offsets, column._lengths, strict=True)]
    if isinstance(column, NumericColumn.Reader) and column._typecode == "Q":
        stored = np.frombuffer(column._dbfile.get(column._basepos, column._count * 8), dtype=">u8")
        return np.concatenate([stored[:count], np.full(max(0, count - len(stored)), column._default, np.uint64)])
    return list(column)


def _column(reader: Any, name: str, missing: Any) -> Iterator[Any]:
    """The raw value of column ``name`` for every document (``missing`` in
    segments where no document has one, or indexes without the field)."""
    for leaf, _ in reader.leaf_readers():
        yield from _leaf_values(leaf, name, missing)


def _raw_codes(reader: Any, name: str) -> tuple[np.ndarray, list[Any]]:
    """Each document's value of column ``name`` as a number, and the values
    by number, in the order they first come, as stored (None where there is
    none). Numbered by dictionary lookups that run in C, not a loop in Python."""
    column = list(_column(reader, name, None))
    numbers = {value: n for n, value in enumerate(dict.fromkeys(column))}
    return np.fromiter(map(numbers.__getitem__, column), dtype=np.int32, count=len(column)), list(numbers)


def _field(reader: Any, name: str) -> Any:
    return dict(reader.schema.items()).get(name)  # none in an index built before the field


def _translated(field: Any, raw: list[Any]) -> list[Any]:
    """Values of a column as stored, as ``field`` gives them (None stays None)."""
    return [v if v is None or field is None else field.from_column_value(v) for v in raw]


def _codes(reader: Any, name: str) -> tuple[np.ndarray, list[Any]]:
    """Each document's value of column ``name`` as a number, and the values
    by number (read as stored, and only the distinct values translated)."""
    codes, raw = _raw_codes(reader, name)
    return codes, _translated(_field(reader, name), raw)


class Columns:
    """The columns of one open reader."""

    def __init__(self, reader: Any) -> None:
        self.count = reader.doc_count_all()
        self.live = np.ones(self.count, dtype=bool)
        if reader.has_deletions():
            for docnum in range(self.count):
                self.live[docnum] = not reader.is_deleted(docnum)
        self.facet_codes: dict[str, tuple[np.ndarray, list[Any]]] = {name: _codes(reader, name) for name in FACETS}
        # Each document's copy group (search.ingest.copies) as a number; -1
        # for none, as for every document of an index built before copy groups.
        # A group is stored as bytes (empty for none); its key is translated
        # when it is asked for: most documents have a group of their own, and
        # a search reads the keys of a page of hits.
        self.groups, self._group_values = _raw_codes(reader, "copy_group")
        self.groups[np.isin(self.groups, [n for n, value in enumerate(self._group_values) if not value])] = -1
        self.group_count = len(self._group_values)
        self._group_field = _field(reader, "copy_group")
        dates = reader.schema["date"]
        missing = dates.column_type.default_value()
        # One array for each segment, joined (not one value at a time).
        parts = [np.asarray(_leaf_values(leaf, "date", missing), dtype=np.uint64) for leaf, _ in reader.leaf_readers()]
        raw = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
        self.has_date = raw != missing
        self.dates = np.where(self.has_date, raw, 0).astype(np.int64)
        self._date_field = dates

    def _date_bound(self, value: datetime) -> int:
        return int(self._date_field.to_column_value(value))

    def date_range(self) -> tuple[datetime, datetime] | None:
        """The first and last date of the live documents that have one."""
        dated = self.dates[self.has_date & self.live]
        if not len(dated):
            return None
        first, last = (self._date_field.from_column_value(int(v)) for v in (dated.min(), dated.max()))
        return first, last

    def counts(self, docnums: np.ndarray | None = None) -> dict[str, dict[str, int]]:
        """How many of ``docnums`` (default: the live documents) have each
        value of each facet; documents without one are not counted."""
        if docnums is None:
            docnums = np.flatnonzero(self.live)
        facets = {}
        for name, (codes, values) in self.facet_codes.items():
            counts = np.bincount(codes[docnums], minlength=len(values))
            facets[name] = {values[i]: int(n) for i, n in enumerate(counts) if n and values[i]}
        return facets

    def sources(self, docnums: Any) -> list[str]:
        """The source of each of ``docnums``, in order ("" for none)."""
        codes, sources = self.facet_codes["source"]
        return [sources[c] or "" for c in codes[docnums]]

    @cached_property
    def group_numbers(self) -> dict[str, int]:
        """The number of each copy group, by its key."""
        return {key: n for n, key in enumerate(_translated(self._group_field, self._group_values)) if key}

    def group_key(self, docnum: int) -> str | None:
        number = self.groups[docnum]
        return _translated(self._group_field, [self._group_values[number]])[0] if number >= 0 else None

    def copies_of(self, docnum: int) -> np.ndarray:
        """``docnum`` and the other documents of its copy group."""
        number = self.groups[docnum]
        return np.flatnonzero(self.groups == number) if number >= 0 else np.array([docnum])

    def mask(self, kind: str | None, source: str | None,
             date_from: datetime | None, date_to: datetime | None, group: str | None = None) -> np.ndarray:
        """The live documents that pass the filters."""
        keep = self.live.copy()
        if group is not None:
            keep &= self.groups == self.group_numbers.get(group, -2)
        for name, value in (("kind", kind), ("source", source)):
            if value is not None:
                codes, values = self.facet_codes[name]
                keep &= codes == (values.index(value) if value in values else -1)
        if date_from is not None or date_to is not None:
            keep &= self.has_date
            if date_from is not None:
                keep &= self.dates >= self._date_bound(date_from)
            if date_to is not None:
                keep &= self.dates < self._date_bound(date_to)
        return keep
