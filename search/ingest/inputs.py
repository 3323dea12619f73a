"""Reading input files and folders: page dumps, JSON Lines, JSON arrays, zips.

Sizes are checked before anything is read (a file's, a zip member's as
declared); files are read a line at a time, each line to a cap, except JSON
arrays, which are parsed whole and have a size limit. One file or record that
cannot be read is a problem of its own: whatever goes wrong, the next one is
read.
"""
from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from search.ingest.documents import Batch
from search.ingest.files import SUFFIXES, InputError, input_files
from search.ingest.json_files import read_json_array, read_json_lines
from search.ingest.page_dumps import read_page
from search.ingest.streams import BadText, NotRegularFile, decode, lines, open_regular
from search.settings import DEFAULTS

__all__ = ["SUFFIXES", "InputError", "input_files", "read_file", "read_inputs"]

# Text compresses three to ten times; a member that declares more than this
# many times its compressed size (and more than ZIP_SMALL bytes) is a zip
# bomb, and is not read.
ZIP_RATIO = 100
ZIP_SMALL = 1 << 20

# (stream, size in bytes, origin, batch, document size limit)
Reader = Callable[[IO[bytes], int, str, Batch, int], None]


def _page_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, str, int]]:
    """A page dump's numbered lines, each to the document size limit, and the
    bytes of each that were dropped."""
    for number, raw, size in lines(stream, limit):
        parts = decode(raw, number, whole=size == len(raw)).splitlines() or [""]
        for n, part in enumerate(parts, start=1):
            yield number, part, size - len(raw) if n == len(parts) else 0


def _read_page(stream: IO[bytes], size: int, origin: str, batch: Batch, limit: int) -> None:
    try:
        read_page(_page_lines(stream, limit), origin, batch, limit)
    except BadText as error:
        batch.skip(f"{origin}:{error.line}", str(error))


_READERS: dict[str, Reader] = {".txt": _read_page, ".jsonl": read_json_lines, ".json": read_json_array}


def _unread(error: Exception) -> str:
    """Why a file or zip member could not be read, for its problem."""
    if isinstance(error, zipfile.BadZipFile):
        return f"unreadable zip: {error}"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot read: {error.strerror}"
    if isinstance(error, RecursionError):
        return "cannot read: nested too deeply"
    return f"cannot read: {type(error).__name__}: {error}"


def _bomb(info: zipfile.ZipInfo) -> bool:
    return info.file_size > ZIP_SMALL and info.file_size > ZIP_RATIO * max(info.compress_size, 1)


def _read_zip(stream: IO[bytes], origin: str, batch: Batch, limit: int) -> None:
    with zipfile.ZipFile(stream) as archive:
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            reader = _READERS.get(Path(info.filename).suffix.lower())
            if reader is None or info.is_dir():
                continue
            where = f"{origin}!{info.filename}"
            if _bomb(info):
                batch.skip(where, f"declares {info.file_size:,} bytes from {info.compress_size:,} compressed, "
                                  f"more than {ZIP_RATIO} to 1: a zip bomb, not read")
                continue
            try:
                with archive.open(info) as member:
                    reader(member, info.file_size, where, batch, limit)
            except Exception as error:  # one member, whatever breaks in it, never the build
                batch.skip(where, _unread(error))


def read_file(path: Path, batch: Batch, limit: int = DEFAULTS.max_document_bytes) -> None:
    """Add what ``path`` holds to ``batch``; unreadable input becomes a problem."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None and suffix != ".zip":
        batch.skip(str(path), f"unknown kind of file (expected one of {', '.join(SUFFIXES)})")
        return
    try:
        with open_regular(path) as stream:
            if reader is None:
                _read_zip(stream, str(path), batch, limit)
            else:
                reader(stream, os.fstat(stream.fileno()).st_size, str(path), batch, limit)
    except NotRegularFile as error:
        batch.skip(str(path), f"{error}, never opened")
    except Exception as error:  # one file, whatever breaks in it, never the build
        batch.skip(str(path), _unread(error))


def read_inputs(paths: Iterable[str | os.PathLike[str]], skip: Path | None = None,
                limit: int = DEFAULTS.max_document_bytes, follow_symlinks: bool = False) -> Batch:
    """Everything ``paths`` hold; texts are cut to ``limit`` bytes."""
    batch = Batch()
    for path in input_files(paths, batch, skip, follow_symlinks):
        read_file(path, batch, limit)
    return batch
