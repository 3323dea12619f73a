"""The ends of long texts, kept beside a generation's stored records.

Whoosh keeps a document's stored fields as one compressed record, read and
unpickled whole, and every hit reads its document's record: a page of 50 MB
would cost each search that finds it a second or more, which no deadline
can interrupt. So a stored text keeps only its first ``STORED_CHARS``
characters in the record (all that a hit, "more like this" or did-you-mean
reads), and the rest goes to a file of the generation named by its content
(``tail-<sha256>.z``, zlib). Only the document itself (its page,
/api/documents) reads the text whole. Every word is indexed either way.

A file named by its content is never rewritten: an update writes the files
of the texts it adds (removed with the rest if it fails,
search.store.in_place), and one an update leaves unused goes with its generation.
"""
from __future__ import annotations

import hashlib
import os
import re
import zlib
from pathlib import Path
from typing import Any

from search.snippets import SCAN_CHARS
from search.store.schema import TEXT_FIELDS

# A hit reads SCAN_CHARS characters of a text, and one more that tells it goes on.
STORED_CHARS = SCAN_CHARS + 1
TAILS = "tails"  # the stored field naming each cut text's file: {field: file name}
_FILE = re.compile(r"tail-[0-9a-f]{64}\.z")


def kept_apart(folder: Path, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` to add to an index in ``folder`` (search.store.schema.index_fields),
    each stored text longer than STORED_CHARS cut, its rest written beside."""
    cut = dict(fields)
    tails = {}
    for name in TEXT_FIELDS:
        stored = f"_stored_{name}"
        text = fields.get(stored, fields.get(name))
        if not isinstance(text, str) or len(text) <= STORED_CHARS:
            continue
        rest = text[STORED_CHARS:].encode("utf-8")
        file = f"tail-{hashlib.sha256(rest).hexdigest()}.z"
        _write_once(folder / file, zlib.compress(rest))
        cut[stored] = text[:STORED_CHARS]
        tails[name] = file
    if tails:
        cut[TAILS] = tails
    return cut


def _write_once(path: Path, data: bytes) -> None:
    """Write ``path`` unless it is there: complete or not at all (a file of
    that name is only ever that content)."""
    if path.exists():
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def whole(folder: Path, fields: dict[str, Any]) -> dict[str, Any]:
    """The stored ``fields`` of a document of the generation in ``folder``,
    with its texts whole again. A file missing or unreadable raises OSError
    or ValueError: the generation is damaged."""
    tails = fields.get(TAILS)
    if tails is None:
        return fields
    texts = {k: v for k, v in fields.items() if k != TAILS}
    for name, file in tails.items():
        if not _FILE.fullmatch(file):
            raise ValueError(f"the stored record names {file!r}, not a file of the generation's texts")
        try:
            rest = zlib.decompress((folder / file).read_bytes())
        except zlib.error as error:
            raise ValueError(f"{file} is not a compressed text: {error}") from error
        texts[name] = texts.get(name, "") + rest.decode("utf-8")
    return texts
