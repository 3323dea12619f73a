"""Publishing the served generation to other index folders: build once, serve anywhere.

``bahth index publish DEST`` copies the generation an index serves to DEST, a
local index folder or an rsync destination ``host:path``, and only then
switches DEST's CURRENT to it, so read-only servers reading DEST move to it
with their usual reload (search/live.py). DEST keeps the layout of any index
folder (search/store/generations.py): a new generation is copied under a
``.tmp-*`` name and renamed when complete; a copy that fails is removed and
DEST serves on what it served; old generations are pruned as a build prunes.

A generation updated in place (``bahth index update``) is brought up to date
at DEST the way Whoosh commits an update: the files it added first, then its
table of contents (``_MAIN_<n>.toc``), which readers switch on, then the
files it changed, and the files it no longer uses are removed last.

A remote DEST needs ``rsync`` on both sides and ``ssh`` to the host without a
password prompt (user, port and key come from ``~/.ssh/config``): rsync
copies, and ``ssh HOST sh`` renames, since rsync cannot.
"""
from __future__ import annotations

import errno
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from search.store.generations import CURRENT, GENERATIONS, TMP_PREFIX, IndexStore, StoreError, write_atomically

_TOC = re.compile(r"_MAIN_(\d+)\.toc")


class PublishError(StoreError):
    """The generation could not be published; the message says what DEST serves."""


def version(name: str, files: Iterable[str]) -> str:
    """The version a server reports for generation ``name`` holding ``files``
    (``OpenedIndex.version``, read from the names of its tables of contents)."""
    commits = max((int(m.group(1)) for f in files if (m := _TOC.fullmatch(f))), default=1)
    return name + (f"+{commits - 1}" if commits > 1 else "")


@dataclass
class Published:
    destination: str
    version: str
    published: bool  # False: DEST already served this version
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Destination(Protocol):
    """An index folder to publish to, reached directly or through rsync."""

    def locked(self) -> AbstractContextManager[None]: ...

    def look(self) -> tuple[str | None, list[str]]:
        """The version DEST serves (None: nothing), and the entries of its generations folder."""
        ...

    def put(self, source: Path, name: str) -> None:
        """Copy ``source`` to the new generation ``name``, complete or not at all."""
        ...

    def refresh(self, source: Path, name: str) -> None:
        """Make the existing generation ``name`` hold what ``source`` holds, in commit order."""
        ...

    def switch(self, name: str) -> None:
        """Name generation ``name`` in CURRENT, atomically."""
        ...

    def prune(self, replaced: str | None) -> list[str]:
        """Remove what a build that replaced generation ``replaced`` would
        remove; returns the generations removed."""
        ...


def publish(source_root: Path, destination: Destination, shown: str) -> Published:
    """Publish the generation ``source_root`` serves to ``destination`` (called ``shown``)."""
    started = time.perf_counter()
    source = IndexStore(source_root)
    with source.locked("bahth index publish"):  # no update may change the files being copied
        generation = source.current()
        files = sorted(p for p in generation.path.iterdir() if p.is_file())
        wanted = version(generation.name, (p.name for p in files))
        result = Published(shown, wanted, False, len(files), sum(p.stat().st_size for p in files))
        with destination.locked():
            try:
                served, entries = destination.look()
            except OSError as error:  # ssh cannot reach it, or PATH cannot be made there
                raise PublishError(f"cannot publish to {shown} ({_reason(error)})") from error
            if served == wanted:
                return result
            try:
                if generation.name in entries:
                    destination.refresh(generation.path, generation.name)
                else:
                    destination.put(generation.path, generation.name)
                destination.switch(generation.name)
            except OSError as error:
                still = f"it still serves {served}" if served else "it serves nothing yet"
                raise PublishError(f"cannot publish to {shown} ({_reason(error)}); {still}") from error
            # Only a switch to another generation replaces one, as a build does.
            replaced = served.partition("+")[0] if served else None
            result.removed = destination.prune(replaced if replaced != generation.name else None)
    result.published = True
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "out of disk space"
    return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")



def destination(dest: str, via: str | None, source: Path) -> Destination:
    """DEST as given on the command line. A colon before any slash makes it
    remote, as rsync reads it."""
    host, colon, path = dest.partition(":")
    remote = bool(colon) and "/" not in host
    if remote and via == "copy":
        raise PublishError(f"{dest} is an rsync destination HOST:PATH; it cannot be copied to without rsync")
    if not remote and Path(dest).resolve() == source.resolve():
        raise PublishError(f"{dest} is the index being published; name another folder")
    if via == "rsync" or remote:
        if shutil.which("rsync") is None:
            raise PublishError(f"cannot publish to {dest}: rsync is not installed")
        if remote:
            if not host or not path:
                raise PublishError(f"{dest} is not an rsync destination HOST:PATH")
            return Rsync(dest, path, host)
        return Rsync(dest, dest)
    return Folder(Path(dest))


# -- a local index folder ---------------------------------------------------------


def _copy_durably(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy a file with its times (the next publish compares them), on disk before it is named."""
    shutil.copy2(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def _commit_order(names: Iterable[str], new: set[str]) -> list[str]:
    """Files added, then tables of contents, then files changed: readers see a
    new version only once all of its files are there."""
    return sorted(names, key=lambda n: (2 if n not in new else 1 if _TOC.fullmatch(n) else 0, n))


class Folder:
    def __init__(self, root: Path) -> None:
        self.store = IndexStore(root)

    def locked(self) -> AbstractContextManager[None]:
        return self.store.locked("bahth index publish")

    def look(self) -> tuple[str | None, list[str]]:
        folder = self.store.generations_dir
        entries = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        try:
            generation = self.store.current()
        except StoreError:
            return None, entries
        return version(generation.name, os.listdir(generation.path)), entries

    def put(self, source: Path, name: str) -> None:
        self.store.generations_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.store.generations_dir / f"{TMP_PREFIX}{name}.{os.getpid()}"
        try:
            tmp.mkdir()
            for file in source.iterdir():  # a generation is one flat folder (Whoosh's FileStorage)
                _copy_durably(file, tmp / file.name)
            os.rename(tmp, self.store.generations_dir / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def refresh(self, source: Path, name: str) -> None:
        target = self.store.generations_dir / name
        changed = [p.name for p in source.iterdir() if p.is_file() and not _same(p, target / p.name)]
        new = {n for n in changed if not (target / n).exists()}
        added: list[Path] = []
        tmp = target / f"{TMP_PREFIX}copy.{os.getpid()}"
        try:
            for file in _commit_order(changed, new):
                _copy_durably(source / file, tmp)
                os.replace(tmp, target / file)
                if file in new:
                    added.append(target / file)
        except BaseException:
            tmp.unlink(missing_ok=True)
            if not any(_TOC.fullmatch(p.name) for p in added):  # not yet read: unused files
                for path in added:
                    path.unlink(missing_ok=True)
            raise
        kept = {p.name for p in source.iterdir()}
        for path in target.iterdir():
            if path.name not in kept:
                path.unlink()

    def switch(self, name: str) -> None:
        write_atomically(self.store.root / CURRENT, name + "\n")

    def prune(self, replaced: str | None) -> list[str]:
        before = set(self.look()[1])
        self.store.clean_up(replaced)
        return sorted(before - set(self.look()[1]))


def _same(source: Path, target: Path) -> bool:
    """rsync's quick check: the same size and time of change."""
    try:
        theirs = target.stat()
    except FileNotFoundError:
        return False
    ours = source.stat()
    return (ours.st_size, ours.st_mtime_ns) == (theirs.st_size, theirs.st_mtime_ns)


# -- through rsync ----------------------------------------------------------------


class Rsync:
    """An index folder reached by rsync, with a shell there (through ssh to
    ``host``, or here) for what rsync cannot do: rename, remove, list."""

    def __init__(self, target: str, path: str, host: str | None = None) -> None:
        self.target = target.rstrip("/")  # as rsync reads it: HOST:PATH or a local path
        self.path = path
        self.host = host

    def locked(self) -> AbstractContextManager[None]:
        return nullcontext()  # no lock across machines: one builder publishes to a DEST

    def _sh(self, script: str) -> str:
        folder = shlex.quote(self.path)
        command = f"mkdir -p -- {folder}/{GENERATIONS} && cd -- {folder} && {{ {script}; }}"
        # ssh hands its command to the login shell there, which may not be sh.
        argv = (["ssh", "-o", "BatchMode=yes", self.host, f"sh -c {shlex.quote(command)}"] if self.host
                else ["sh", "-c", command])
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode != 0:
            raise _Failed(argv[0], done.stderr)
        return done.stdout

    def _clean(self, script: str) -> None:
        """Remove what a failed copy left, if DEST can still be reached (else the next publish does)."""
        with suppress(OSError):
            self._sh(script)

    def _rsync(self, source: Path, name: str, *options: str) -> list[str]:
        """rsync ``source`` into generations/``name``: the files it copied."""
        done = subprocess.run(
            ["rsync", "--archive", "--out-format=%n", *options, "--",
             f"{source}/", f"{self.target}/{GENERATIONS}/{name}/"],
            capture_output=True, text=True)
        copied = [line for line in done.stdout.splitlines() if line and not line.endswith("/")]
        if done.returncode != 0:
            raise _Failed("rsync", done.stderr, copied)
        return copied

    def look(self) -> tuple[str | None, list[str]]:
        lines = self._sh(
            'c=$(cat CURRENT 2>/dev/null); [ -d "generations/$c" ] || c=; printf "%s\\n" "$c"; '
            'for e in generations/* generations/.tmp-*; do [ -d "$e" ] && printf "g %s\\n" "${e#generations/}"; done; '
            '[ -n "$c" ] && for f in "generations/$c"/*; do printf "f %s\\n" "${f##*/}"; done; true'
        ).splitlines()
        current = lines[0].strip() if lines else ""
        entries = sorted(line[2:] for line in lines[1:] if line.startswith("g "))
        files = [line[2:] for line in lines[1:] if line.startswith("f ")]
        return (version(current, files) if current else None), entries

    def put(self, source: Path, name: str) -> None:
        tmp = f"{TMP_PREFIX}{name}.{os.getpid()}"
        try:
            self._rsync(source, tmp)
            here, there = shlex.quote(tmp), shlex.quote(name)
            self._sh(f"cd {GENERATIONS} && [ ! -e {there} ] && mv -- {here} {there}")
        except BaseException:
            self._clean(f"rm -rf -- {GENERATIONS}/{shlex.quote(tmp)}")
            raise

    def refresh(self, source: Path, name: str) -> None:
        try:
            self._rsync(source, name, "--ignore-existing", "--exclude=_MAIN_*.toc")
        except _Failed as error:  # what it added is not read yet: remove it
            self._clean(f"cd {GENERATIONS}/{shlex.quote(name)} && rm -f -- "
                        + " ".join(shlex.quote(f) for f in error.copied))
            raise
        # rsync writes each file under a temporary name and renames it, in
        # the order of their names: a table of contents before meta.json.
        self._rsync(source, name, "--delete-after")

    def switch(self, name: str) -> None:
        tmp = f"{TMP_PREFIX}CURRENT.{os.getpid()}"
        self._sh(f"printf '%s\\n' {shlex.quote(name)} > {tmp} && mv -f -- {tmp} CURRENT")

    def prune(self, replaced: str | None) -> list[str]:
        current, entries = self.look()
        stale = _pruned_by_a_build(entries, current.partition("+")[0] if current else None, replaced)
        if stale:
            self._sh("rm -rf -- " + " ".join(f"{GENERATIONS}/{shlex.quote(e)}" for e in stale))
        return sorted(e for e in stale if not e.startswith(TMP_PREFIX))


def _pruned_by_a_build(entries: list[str], current: str | None, replaced: str | None) -> list[str]:
    """What ``IndexStore.clean_up`` removes from a generations folder holding
    ``entries``, found by letting it prune a model of that folder (empty
    folders, and CURRENT) here: a remote DEST is pruned by the builder's own rule."""
    with tempfile.TemporaryDirectory() as model:
        store = IndexStore(Path(model))
        for entry in entries:
            (store.generations_dir / entry).mkdir(parents=True)
        if current:
            (store.root / CURRENT).write_text(current + "\n", encoding="utf-8")
        store.clean_up(replaced)
        return [e for e in entries if not (store.generations_dir / e).exists()]


class _Failed(OSError):
    """A command at DEST failed (after copying ``copied``)."""

    def __init__(self, command: str, stderr: str, copied: list[str] | None = None) -> None:
        code = errno.ENOSPC if "No space left on device" in stderr else errno.EIO
        super().__init__(code, _last_line(stderr) or f"{command} failed")
        self.copied = copied or []


def _last_line(text: str) -> str:
    lines: Iterator[str] = (line.strip() for line in reversed(text.splitlines()))
    return next((line for line in lines if line), "")
