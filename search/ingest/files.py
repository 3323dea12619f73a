"""Which files a build reads: the files named, and the files of known kinds
in the folders named, walked in order of name.

Inputs are regular files under the paths given. In a folder, a symbolic
link whose target lies outside the folder named (``passwd.txt ->
/etc/passwd``) is skipped and reported, unless links are followed; a link
to a folder inside it is not walked, its files being read where they are.
FIFOs, sockets and devices are refused when opened (``streams.open_regular``).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from search.ingest.documents import Batch

SUFFIXES = (".txt", ".jsonl", ".json", ".zip")


class InputError(Exception):
    """A path given on the command line that cannot be read at all."""


def _is_index(folder: Path) -> bool:
    """Whether ``folder`` is a Bahth index (its meta.json files are not input)."""
    return (folder / "CURRENT").is_file() and (folder / "generations").is_dir()


def _is_input(name: str) -> bool:
    return name.endswith(SUFFIXES) and not name.startswith(".")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class _Walk:
    def __init__(self, root: Path, skip: Path | None, follow_symlinks: bool, batch: Batch) -> None:
        self.root, self.real_root = root, root.resolve()
        self.skip, self.follow, self.batch = skip, follow_symlinks, batch
        self.seen: set[Path] = set()  # real folders walked: a link loop is walked once

    def files(self, folder: Path) -> Iterator[Path]:
        real = folder.resolve()
        if real in self.seen or real == self.skip or _is_index(folder):
            return
        self.seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            self.batch.skip(str(folder), f"cannot read the folder: {error.strerror}")
            return
        folders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if not (self.follow or _inside(target, self.real_root)):
                    if _is_input(entry.name) or target.is_dir():
                        self.batch.skip(str(path), f"a symbolic link to {target}, outside {self.root}, "
                                                   "is not read (--follow-symlinks reads it)")
                    continue
                if target.is_dir():
                    if self.follow:
                        folders.append(path)
                    continue
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
                continue
            if _is_input(entry.name):
                yield path
        for path in folders:
            yield from self.files(path)


def input_files(paths: Iterable[str | os.PathLike[str]], batch: Batch, skip: Path | None = None,
                follow_symlinks: bool = False) -> Iterator[Path]:
    """The files to read: the given files, and the known kinds inside folders,
    except inside indexes (``skip`` is the one being built, not yet complete);
    what a folder holds that is not read is reported to ``batch``."""
    skipped = skip.resolve() if skip is not None else None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _Walk(path, skipped, follow_symlinks, batch).files(path)
        elif path.exists():
            yield path  # named on the command line: read if it is a regular file
        else:
            raise InputError(f"{path}: no such file or folder")
