"""Changing the live generation in place, undone if it fails.

An update writes a new segment into the generation being served and commits
it by writing a new table of contents; searchers read only the files a table
of contents names. Before writing, the update notes the folder's entries and
the table of contents it starts from (in ``UNDO``). If it fails before its
table of contents is written (a full disk, an exception, an interrupt),
every entry it added (partial segment files, Whoosh's ``MAIN.tmp`` folder of
sorting runs) is removed, giving the disk space back. An update killed
outright leaves ``UNDO`` behind, and the next build or update undoes it the same way.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from search.store.generations import TMP_PREFIX, write_atomically

UNDO = f"{TMP_PREFIX}update.json"


def _toc(path: Path) -> int | None:
    """The number of the latest table of contents in ``path`` (None: unreadable)."""
    try:
        return int(whoosh_index.open_dir(str(path)).latest_generation())
    except Exception:  # Whoosh raises many kinds for damaged files
        return None


@contextmanager
def undone_on_failure(path: Path) -> Iterator[None]:
    """Leave ``path`` as it was if the block fails before committing (lock held)."""
    undo(path)
    write_atomically(path / UNDO, json.dumps({"toc": _toc(path), "entries": sorted(os.listdir(path))}))
    try:
        yield
    except BaseException:
        undo(path)
        raise
    (path / UNDO).unlink()


def undo(path: Path) -> None:
    """Remove what an unfinished change of ``path`` added (lock held)."""
    try:
        noted = json.loads((path / UNDO).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    # A change that wrote its table of contents is committed and served: keep it.
    if noted["toc"] is not None and _toc(path) == noted["toc"]:
        for name in set(os.listdir(path)) - set(noted["entries"]) - {UNDO}:
            added = path / name
            if added.is_dir() and not added.is_symlink():
                shutil.rmtree(added, ignore_errors=True)
            else:
                added.unlink(missing_ok=True)
    (path / UNDO).unlink()
