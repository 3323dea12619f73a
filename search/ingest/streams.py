"""Reading input bytes with bounds: regular files only, lines of at most so
many bytes, text decoded with the line of its first bad byte.

Nothing here holds more than one line (or one capped read) at a time, so a
file of a gigabyte on one line, or a zip member that expands to one, costs
the cap, not the file.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# How much a line read past its cap is read at a time, and dropped.
_CHUNK = 1 << 20

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


class NotRegularFile(OSError):
    """A path that is not a regular file: never opened for reading."""


class BadText(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def kind(mode: int) -> str:
    """What a file of this mode is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path) -> IO[bytes]:
    """``path`` opened for reading, if it is a regular file (links followed).

    A FIFO blocks whoever opens it until something writes, and a device may
    never end: both are refused by ``stat`` before opening, and by ``fstat``
    after an open that cannot block, in case the path changed in between.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(f"not a regular file but {kind(mode)}")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(f"not a regular file but {kind(mode)}")
    return os.fdopen(fd, "rb")


def read_at_most(stream: IO[bytes], cap: int) -> bytes | None:
    """All of ``stream``, or None when it holds more than ``cap`` bytes."""
    data = stream.read(cap + 1)
    return data if len(data) <= cap else None


def lines(stream: IO[bytes], cap: int) -> Iterator[tuple[int, bytes, int]]:
    """(number, line, size) for each line of ``stream`` split at ``\\n``: the
    line without its end, or only its first ``cap`` bytes when it is longer
    (the rest is read and dropped); ``size`` is the whole line's, in bytes."""
    number = 0
    while line := stream.readline(cap + 1):
        number += 1
        if line.endswith(b"\n") or len(line) <= cap:  # the last line may have no end
            line = line.rstrip(b"\r\n")
            yield number, line, len(line)
            continue
        size = len(line)
        while rest := stream.readline(_CHUNK):
            size += len(rest)
            if rest.endswith(b"\n"):
                size -= 1
                break
        yield number, line[:cap], size


def decode(data: bytes, line: int, whole: bool = True) -> str:
    """UTF-8 ``data`` (a byte-order mark allowed) as text; ``whole`` false:
    data cut short, whose last character may be cut in two (and is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if not whole and error.end == len(data) and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8-sig")
        bad_line = line + data[: error.start].count(b"\n")
        raise BadText(bad_line, f"invalid UTF-8 at byte {error.start}") from None
