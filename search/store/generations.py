"""Index generations on disk, and switching between them atomically.

Layout of an index folder::

    CURRENT              name of the generation being served (replaced atomically)
    generations/<name>/  one complete Whoosh index each, with meta.json
    generations/.tmp-*   a build in progress, never read
    build.lock           held (flock) by the one build or update that is running

A build writes a new generation under a temporary name, renames it when it
is complete, and only then replaces CURRENT. A build killed at any moment
leaves CURRENT naming the old, intact generation; the next build removes what
the killed one left behind. The lock is an ``flock``, so the kernel releases
it when its holder dies.

Generations are named by the time their build started, so their names sort
oldest first. The current one and the two before it are kept (``KEEP``):
``rollback`` switches CURRENT back to the one before, as atomically as a
build switches it forward. A generation rolled back from is newer than the
current one; it is kept, so ``rollback --to NAME`` can switch forward to it
again, until the next build replaces it.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from whoosh import index as whoosh_index
from whoosh.reading import IndexReader

from search.store.integrity import check_files
from search.store.mapped import MappedStorage

CURRENT = "CURRENT"
GENERATIONS = "generations"
LOCK = "build.lock"
META = "meta.json"
TMP_PREFIX = ".tmp-"
# Generations kept: the current one and the ones before it, to roll back to
# and for searchers still reading them (besides any rolled back from).
KEEP = 3


class StoreError(Exception):
    """The index cannot be used as asked; the message says why and what to do."""


class BuildLocked(StoreError):
    pass


class NoIndex(StoreError):
    pass


class DamagedIndex(StoreError):
    pass


@dataclass(frozen=True)
class Generation:
    name: str
    path: Path

    def meta(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def documents(self) -> int | None:
        """How many documents it holds (None if its table of contents cannot be read)."""
        try:
            return int(whoosh_index.open_dir(str(self.path)).doc_count())
        except Exception:  # Whoosh raises many kinds for damaged files
            return None

    def open(self) -> whoosh_index.Index:
        ix, reader = self.open_checked()
        reader.close()
        return ix

    def open_checked(self) -> tuple[whoosh_index.Index, IndexReader]:
        """The index, and the reader its files were checked through, which
        the caller closes (a searcher may read through it: opening another
        reads the table of contents and opens the segments again)."""
        try:
            ix = MappedStorage(str(self.path)).open_index()
            # Opening a reader opens every segment, and the files it would
            # read lazily are checked: a missing, emptied, truncated or
            # overwritten segment file is found here rather than by a request.
            reader = ix.reader()
            try:
                check_files(reader)
            except BaseException:
                reader.close()
                raise
            return ix, reader
        except Exception as error:  # Whoosh raises many kinds for damaged files
            raise self.damaged(error) from error

    def damaged(self, error: Exception) -> DamagedIndex:
        """The generation is damaged: ``error`` was raised reading it."""
        return DamagedIndex(
            f"the index generation {self.path} is damaged ({type(error).__name__}: {error}); "
            "rebuild it with 'bahth index build PATH...'"
        )


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk gets its space back
        raise


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def generations_dir(self) -> Path:
        return self.root / GENERATIONS

    def current_name(self) -> str | None:
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise DamagedIndex(
                f"{self.root / CURRENT} cannot be read ({error}); rebuild with 'bahth index build PATH...'"
            ) from None
        return name or None

    def current(self) -> Generation:
        name = self.current_name()
        if name is None:
            raise NoIndex(f"there is no index at {self.root}; build one with 'bahth index build PATH...'")
        if name != os.path.basename(name) or name.startswith(".") or "\x00" in name:
            raise DamagedIndex(
                f"{self.root / CURRENT} holds {name!r}, which is not the name of a generation; "
                "rebuild with 'bahth index build PATH...'"
            )
        generation = Generation(name, self.generations_dir / name)
        if not generation.path.is_dir():
            raise NoIndex(
                f"{self.root / CURRENT} names generation {name!r}, which is missing; "
                "rebuild with 'bahth index build PATH...'"
            )
        return generation

    @contextmanager
    def locked(self, purpose: str) -> Iterator[None]:
        """Hold the build lock, or fail at once naming who holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+", encoding="utf-8") as handle:
            if not _lock_now_or_after_dead_holder(handle):
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise BuildLocked(
                    f"another build or update is running on {self.root} ({holder}); "
                    "wait for it to finish"
                ) from None
            handle.seek(0)
            handle.truncate()
            started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            handle.write(f"{purpose}, pid {os.getpid()}, started {started}")
            handle.flush()
            try:
                yield
            finally:
                handle.truncate(0)  # only a running build's name may stand in it

    def new_generation_dir(self) -> tuple[str, Path]:
        """A fresh temporary folder for a build (call with the lock held)."""
        self.generations_dir.mkdir(parents=True, exist_ok=True)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.generations_dir / f"{TMP_PREFIX}{name}"
        path.mkdir()
        return name, path

    def publish(self, name: str, tmp_path: Path) -> Generation:
        """Make a complete build the one served (call with the lock held)."""
        final = self.generations_dir / name
        os.rename(tmp_path, final)
        replaced = self._readable_current_name()
        write_atomically(self.root / CURRENT, name + "\n")
        self.clean_up(replaced)
        return Generation(name, final)

    def kept(self) -> list[Generation]:
        """The complete generations on disk, oldest first."""
        if not self.generations_dir.is_dir():
            return []
        return [Generation(p.name, p) for p in sorted(self.generations_dir.iterdir())
                if p.is_dir() and not p.name.startswith(TMP_PREFIX)]

    def rollback(self, to: str | None = None) -> tuple[str | None, Generation]:
        """Serve the generation before the current one, or the kept one named
        ``to``; return the name of the one left and the one now served (call
        with the lock held). The one left is kept until the next build."""
        kept = {g.name: g for g in self.kept()}
        # With ``to``, a missing or unreadable CURRENT can be repaired.
        left = self._readable_current_name() if to is not None else self.current().name
        if to is None:
            current = self.current().name
            earlier = [name for name in kept if name < current]
            if not earlier:
                raise StoreError(f"no generation older than {current} is kept in {self.generations_dir}; "
                                 "there is nothing to roll back to")
            to = earlier[-1]
        elif to not in kept:
            raise StoreError(f"there is no generation {to!r} in {self.generations_dir}; "
                             f"the kept ones are {', '.join(kept)} (see 'bahth index stats')")
        target = kept[to]
        target.open().close()  # never switch to a damaged generation
        write_atomically(self.root / CURRENT, target.name + "\n")
        return left, target

    def _readable_current_name(self) -> str | None:
        try:
            return self.current_name()
        except DamagedIndex:
            return None  # unreadable: the build about to finish writes it anew

    def clean_up(self, replaced: str | None = None) -> None:
        """Remove what killed builds left and generations no longer kept.
        ``replaced``: the generation a build has just replaced; those newer
        than it had been rolled back from, and go with it."""
        if not self.generations_dir.is_dir():
            return
        current = self._readable_current_name()
        stale = [p for p in self.generations_dir.iterdir() if p.name.startswith(TMP_PREFIX)]
        older = []
        for generation in self.kept():
            if replaced is not None and replaced < generation.name != current:
                stale.append(generation.path)
            elif current is None or generation.name < current:
                older.append(generation.path)
        stale += older[: max(0, len(older) - (KEEP - 1))]
        for path in stale:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        for leftover in self.root.glob(f"{TMP_PREFIX}*"):
            leftover.unlink(missing_ok=True)


_HOLDER_PID = re.compile(r", pid (\d+),")
# How long the writer processes of a killed build may take to exit: they hold
# the lock (inherited) until the kernel has torn them down.
_DEAD_HOLDER_GRACE_SECONDS = 10.0


def _lock_now_or_after_dead_holder(handle: IO[str]) -> bool:
    """Take the lock at once; or, when the build that holds it is dead and only
    its dying writer processes keep it, as soon as they are gone."""
    deadline = time.monotonic() + _DEAD_HOLDER_GRACE_SECONDS
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            handle.seek(0)
            found = _HOLDER_PID.search(handle.read())
            if found is None or _alive(int(found.group(1))) or time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and another user's
        pass
    return True
