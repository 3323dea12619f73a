"""Reading input files and folders: page dumps, JSON Lines, JSON arrays, zips."""
from __future__ import annotations

import json
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from search.ingest.documents import Batch, Problem
from search.ingest.page_dumps import read_page
from search.ingest.records import add_record

SUFFIXES = (".txt", ".jsonl", ".json", ".zip")


class InputError(Exception):
    """A path given on the command line that cannot be read at all."""


def _is_index(folder: Path) -> bool:
    """Whether ``folder`` is a Bahth index (its meta.json files are not input)."""
    return (folder / "CURRENT").is_file() and (folder / "generations").is_dir()


def input_files(paths: Iterable[str | os.PathLike[str]], skip: Path | None = None) -> Iterator[Path]:
    """The files to read: the given files, and the known kinds inside folders,
    except inside indexes (``skip`` is the one being built, not yet complete)."""
    skipped = skip.resolve() if skip is not None else None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs
                    if (Path(root) / d).resolve() != skipped and not _is_index(Path(root) / d)
                )
                for name in sorted(files):
                    if name.endswith(SUFFIXES) and not name.startswith("."):
                        yield Path(root) / name
        elif path.is_file():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


class _BadText(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _BadText(line, f"invalid UTF-8 at byte {error.start}") from None


def _read_json_lines(data: bytes, origin: str, batch: Batch) -> None:
    for number, raw in enumerate(data.splitlines(), start=1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        try:
            record = json.loads(_decode(raw))
        except _BadText as error:
            batch.problems.append(Problem(where, str(error)))
            continue
        except ValueError as error:
            batch.problems.append(Problem(where, f"broken JSON: {error}"))
            continue
        add_record(record, where, batch)


def _read_json_array(data: bytes, origin: str, batch: Batch) -> None:
    try:
        records = json.loads(_decode(data))
    except _BadText as error:
        batch.problems.append(Problem(f"{origin}:{error.line}", str(error)))
        return
    except json.JSONDecodeError as error:
        batch.problems.append(Problem(f"{origin}:{error.lineno}", f"broken JSON: {error.msg}"))
        return
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        batch.problems.append(Problem(origin, "expected a JSON array of records"))
        return
    for number, record in enumerate(records, start=1):
        add_record(record, f"{origin} record {number}", batch)


def _read_page(data: bytes, origin: str, batch: Batch) -> None:
    try:
        text = _decode(data)
    except _BadText as error:
        batch.problems.append(Problem(f"{origin}:{error.line}", str(error)))
        return
    page = read_page(text, origin)
    batch.articles += page.articles
    batch.teasers += page.teasers
    batch.problems += page.problems


_READERS = {".txt": _read_page, ".jsonl": _read_json_lines, ".json": _read_json_array}


def _read_zip(path: Path, batch: Batch) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                suffix = Path(member).suffix.lower()
                if suffix in _READERS and not member.endswith("/"):
                    _READERS[suffix](archive.read(member), f"{path}!{member}", batch)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError) as error:
        batch.problems.append(Problem(str(path), f"unreadable zip: {error}"))


def read_file(path: Path, batch: Batch) -> None:
    """Add what ``path`` holds to ``batch``; unreadable input becomes a problem."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        _read_zip(path, batch)
        return
    reader = _READERS.get(suffix)
    if reader is None:
        batch.problems.append(Problem(str(path), f"unknown kind of file (expected one of {', '.join(SUFFIXES)})"))
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        batch.problems.append(Problem(str(path), f"cannot read: {error.strerror}"))
        return
    reader(data, str(path), batch)


def read_inputs(paths: Iterable[str | os.PathLike[str]], skip: Path | None = None) -> Batch:
    batch = Batch()
    for path in input_files(paths, skip):
        read_file(path, batch)
    return batch
