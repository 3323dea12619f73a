"""The files of a generation, checked when it is opened.

Whoosh opens a segment's postings and columns lazily: an emptied ``.pst``
would be found by the first word searched, an emptied column by the first
search's filters. Opening checks instead that every file the table of
contents implies (the terms, postings and stored fields of each segment it
names, and every column file the segment has) exists and is as large as
its header says, so that damage makes the whole generation unavailable
with its reason, at once, and is never a failing search.
"""
from __future__ import annotations

import operator
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo

# Files every segment has: its term table and postings, the stored fields
# and the kind of its documents (every document has both).
_REQUIRED = (".trm", ".pst", "._stored.col", ".kind.col")
_COLUMN = ".col"
# Terms looked at, from the last, for one whose postings are in the postings
# file (a rare term's are kept in the term table).
_LAST_TERMS = 1_000


class DamagedFile(Exception):
    """A file of the generation is missing, or too short for what it holds."""


def check_files(reader: Any) -> None:
    """Raise DamagedFile for the first file of ``reader``'s segments that is
    missing, empty, or shorter than its header requires."""
    for leaf, _ in reader.leaf_readers():
        if hasattr(leaf, "_segment"):  # not the reader of an index of no documents, which has no segment
            _check_segment(leaf, reader.schema)


def _check_segment(leaf: Any, schema: Any) -> None:
    segment, storage = leaf._segment, leaf._storage
    if segment.is_compound():  # one file (Bahth writes none), which opening the reader has read
        return
    names = set(segment.list_files(storage))
    for ext in _REQUIRED:
        if segment.make_filename(ext) not in names:
            raise DamagedFile(f"{segment.make_filename(ext)} is missing")
    for name in sorted(names):
        if storage.file_length(name) == 0:
            raise DamagedFile(f"{name} is empty")
    postings = segment.make_filename(".pst")
    with storage.open_file(postings) as handle:
        if handle.read(len(WHOOSH3_HEADER_MAGIC)) != WHOOSH3_HEADER_MAGIC:
            raise DamagedFile(f"{postings} does not start as postings do")
    end, size = _postings_end(leaf), storage.file_length(postings)
    if end > size:
        raise DamagedFile(f"{postings} is shorter than the postings its terms place in it ({size} bytes of {end})")
    prefix = segment.make_filename(".")
    for name in sorted(n for n in names if n.endswith(_COLUMN)):
        column = name[len(prefix):-len(_COLUMN)]
        kind = _column_kind(column, schema)
        if kind is not None:
            _check_column(leaf, name, column, kind, segment.doc_count_all())


def _postings_end(leaf: Any) -> int:
    """Where the postings of the segment's last terms end in its postings
    file: the terms are written in order, so the last ones end it."""
    table = leaf._terms._tindex
    for i in range(table.indexlen - 1, max(-1, table.indexlen - 1 - _LAST_TERMS), -1):
        found = table.key_and_range_at(table._get_pos(table.indexbase + i * table.indexsize))
        if found is None:
            continue
        _, at, length = found
        info = W3TermInfo.from_bytes(table.dbfile.get(at, length))
        if not info.is_inlined():
            offset, size = info.extent()
            return int(offset) + int(size[0] if isinstance(size, tuple) else size)  # Whoosh unpacks it as a tuple
    return len(WHOOSH3_HEADER_MAGIC)


def _column_kind(column: str, schema: Any) -> Any:
    """The column type of the column file named ``column`` (None: one this index does not read)."""
    if column == "_stored":
        return STORED_COLUMN
    if column.startswith("_") and column.endswith("_len"):
        return LENGTHS_COLUMN
    field = dict(schema.items()).get(column)
    return getattr(field, "column_type", None)


def _check_column(leaf: Any, name: str, column: str, kind: Any, documents: int) -> None:
    """The column's header reads, and the values it places fit in the file
    (a column of fixed-width values holds at most one per document). The
    column's reader is kept with the segment's: a searcher reading through
    the reader checked reads the column with it, not reading its header again."""
    try:
        reader = leaf._perdoc._cached_reader(column, kind)
    except Exception as error:  # Whoosh raises many kinds on a header it cannot read
        raise DamagedFile(f"{name} cannot be read ({type(error).__name__}: {error})") from error
    raw = reader.raw_column() if hasattr(reader, "raw_column") else reader
    offsets, lengths = getattr(raw, "_offsets", None), getattr(raw, "_lengths", None)
    if offsets is not None and lengths is not None and len(lengths):
        end = max(map(operator.add, offsets, lengths))  # a value for each document: no loop in Python
        if end > raw._length:
            raise DamagedFile(f"{name} is shorter than the values it holds ({raw._length} bytes of {end})")
    if hasattr(raw, "_fixedlen") and raw._count > documents:
        raise DamagedFile(f"{name} holds {raw._count} values for {documents} documents")
