"""JSON Lines and JSON arrays of records, read record by record.

A record that cannot be read (broken JSON, nested past Python's recursion
limit, a number of thousands of digits) is a problem of its own line; in
JSON Lines the next line is read as usual; in an array, where the end of a
broken record cannot be known, the records before it are kept and the rest
of the file is reported as not read.
"""
from __future__ import annotations

import json
import re
from typing import IO, Any

from search.ingest.documents import Batch
from search.ingest.records import add_record
from search.ingest.streams import BadText, decode, lines, read_at_most

# A JSON Lines record may take this many times the document size limit
# (escapes such as \u0627 take three times the bytes of the Arabic letter),
# and a megabyte more for its other fields.
RECORD_FACTOR = 4
RECORD_SLACK = 1 << 20
# A JSON array is parsed whole: a larger one is refused before it is read
# (JSON Lines, read a line at a time, has no such limit).
ARRAY_BYTES = 128 * 2**20

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip_space(text: str, position: int) -> int:
    """Where the white space at ``position`` ends."""
    match = _SPACE.match(text, position)
    return match.end() if match else position


class _Broken(ValueError):
    def __init__(self, position: int, reason: str) -> None:
        super().__init__(reason)
        self.position = position


def _parse(text: str, start: int) -> tuple[Any, int]:
    """The JSON value at ``start`` of ``text`` and where it ends."""
    try:
        return _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as error:
        raise _Broken(error.pos, f"broken JSON: {error.msg}") from None
    except RecursionError:
        raise _Broken(start, "JSON nested too deeply") from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise _Broken(start, f"bad JSON number: {str(error).split(';')[0]}") from None


def read_json_lines(stream: IO[bytes], size: int, origin: str, batch: Batch, limit: int) -> None:
    cap = RECORD_FACTOR * limit + RECORD_SLACK
    for number, raw, size in lines(stream, cap):
        where = f"{origin}:{number}"
        if size > cap:
            batch.skip(where, f"a line of {size:,} bytes, longer than a record may be "
                              f"({cap:,} bytes: {RECORD_FACTOR} × BAHTH_MAX_DOCUMENT_BYTES + 1 MiB)")
            continue
        try:
            text = decode(raw, number)
        except BadText as error:
            batch.skip(where, str(error))
            continue
        start = _skip_space(text, 0)
        if start == len(text):
            continue
        try:
            record, end = _parse(text, start)
            if _skip_space(text, end) != len(text):
                raise _Broken(end, "broken JSON: Extra data after the record")
        except _Broken as error:
            batch.skip(where, str(error))
            continue
        add_record(record, where, batch, limit)


class _Lines:
    """Line numbers of positions in a text, asked for in increasing order."""

    def __init__(self, text: str) -> None:
        self.text, self.position, self.line = text, 0, 1

    def at(self, position: int) -> int:
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def read_json_array(stream: IO[bytes], size: int, origin: str, batch: Batch, limit: int) -> None:
    if size > ARRAY_BYTES or (data := read_at_most(stream, ARRAY_BYTES)) is None:
        batch.skip(origin, f"a JSON array of more than {ARRAY_BYTES:,} bytes, read whole, is not read: "
                           "write it as JSON Lines (.jsonl), which is read a record at a time")
        return
    try:
        text = decode(data, 1)
    except BadText as error:
        batch.skip(f"{origin}:{error.line}", str(error))
        return
    del data
    numbers = _Lines(text)
    position = _skip_space(text, 0)
    try:
        if not text.startswith("[", position):  # one record
            record, end = _parse(text, position)
            _end_of(text, end)
            if not isinstance(record, dict):
                batch.skip(origin, "expected a JSON array of records")
                return
            add_record(record, f"{origin}:{numbers.at(position)}", batch, limit)
            return
        position = _skip_space(text, position + 1)
        while not text.startswith("]", position):
            record, end = _parse(text, position)
            add_record(record, f"{origin}:{numbers.at(position)}", batch, limit)
            position = _skip_space(text, end)
            if text.startswith(",", position):
                position = _skip_space(text, position + 1)
            elif not text.startswith("]", position):
                raise _Broken(position, "broken JSON: Expecting ',' delimiter")
        _end_of(text, position + 1)
    except _Broken as error:
        rest = "" if error.position >= len(text) else "; the rest of the file is not read"
        batch.skip(f"{origin}:{numbers.at(error.position)}", f"{error}{rest}")


def _end_of(text: str, end: int) -> None:
    """Nothing but white space after ``end``."""
    after = _skip_space(text, end)
    if after != len(text):
        raise _Broken(after, "broken JSON: Extra data after the records")
