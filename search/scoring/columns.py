"""Per-document columns as arrays: what filters, facets and collapsing read.

The live mask (deleted documents out), the facet fields as codes, each
document's copy group as a number, and dates, each read once per generation.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import numpy as np

FACETS = ("kind", "source")


def _column(reader: Any, name: str, missing: Any, translate: bool = True) -> Iterator[Any]:
    """The value of column ``name`` for every document (``missing`` in
    segments where no document has one, or indexes without the field)."""
    for leaf, _ in reader.leaf_readers():
        if name in leaf.schema and leaf.has_column(name):
            yield from leaf.column_reader(name, translate=translate)
        else:
            yield from itertools.repeat(missing, leaf.doc_count_all())


def _codes(reader: Any, name: str) -> tuple[np.ndarray, list[Any]]:
    """Each document's value of column ``name`` as a number, and the values
    by number (read as stored, and only the distinct values translated)."""
    values: dict[Any, int] = {}
    codes = np.fromiter((values.setdefault(v, len(values)) for v in _column(reader, name, None, translate=False)),
                        dtype=np.int32, count=reader.doc_count_all())
    field = dict(reader.schema.items()).get(name)  # none in an index built before the field
    return codes, [v if v is None or field is None else field.from_column_value(v) for v in values]


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
        self.groups, group_keys = _codes(reader, "copy_group")
        self.groups[np.isin(self.groups, [n for n, key in enumerate(group_keys) if not key])] = -1
        self.group_keys: list[str | None] = group_keys
        self.group_numbers = {key: n for n, key in enumerate(group_keys) if key}
        dates = reader.schema["date"]
        missing = dates.column_type.default_value()
        raw = np.fromiter(_column(reader, "date", missing, translate=False), dtype=np.uint64, count=self.count)
        self.has_date = raw != missing
        self.dates = np.where(self.has_date, raw, 0).astype(np.int64)
        self._date_field = dates

    def _date_bound(self, value: datetime) -> int:
        return int(self._date_field.to_column_value(value))

    def date_values(self) -> list[datetime]:
        """The date of every document that has one."""
        return [self._date_field.from_column_value(int(v)) for v in self.dates[self.has_date]]

    def sources(self, docnums: Any) -> list[str]:
        """The source of each of ``docnums``, in order ("" for none)."""
        codes, sources = self.facet_codes["source"]
        return [sources[c] or "" for c in codes[docnums]]

    def group_key(self, docnum: int) -> str | None:
        number = self.groups[docnum]
        return self.group_keys[number] if number >= 0 else None

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
