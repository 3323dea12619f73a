"""Reading a generation's files through memory maps.

Whoosh reads a segment's term table and postings with a seek and a read of
the open file for every lookup: two system calls for each few bytes, tens
of them for each word a search looks up. A generation's files never change
once it is published (a build writes a new one, an update adds new
segments), so they can be mapped instead: a lookup is then a slice of
memory, and the pages are the kernel's page cache, shared by every worker
process rather than copied into each (as Whoosh's own mapping of a
compound segment does).
"""
from __future__ import annotations

import mmap
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class MappedFile(StructFile):
    """A file read through its memory map (mmap reads, seeks and tells as a file does)."""

    def get(self, position: int, length: int) -> bytes:
        return self.file[position:position + length]


class MappedStorage(FileStorage):
    """A folder whose files are opened for reading as memory maps."""

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        with open(self._fpath(name), "rb") as handle:
            try:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file has nothing to map: read it as Whoosh does
                return super().open_file(name, **kwargs)
        return MappedFile(mapped, name=name, **kwargs)
