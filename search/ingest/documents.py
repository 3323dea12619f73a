"""What ingestion produces and indexing consumes."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from search.text.normalize import collapse_space

ARTICLE = "article"
TEASER = "teaser"
KINDS = (ARTICLE, TEASER)


@dataclass
class Document:
    id: str
    kind: str
    title: str = ""
    body: str = ""
    teaser: str = ""
    url: str = ""
    source: str = ""
    author: str = ""
    section: str = ""
    date: datetime | None = None
    origin: str = ""  # "file:line" it came from, for messages
    copy_group: str = ""  # shared by syndicated copies of a story (search.ingest.copies)


@dataclass(frozen=True)
class Teaser:
    """A teaser as cut by one page widget, before duplicates are merged."""

    text: str
    origin: str
    source: str = ""
    date: datetime | None = None


@dataclass(frozen=True)
class Problem:
    """Input that was skipped, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class Batch:
    """Everything read from the inputs of one build or update."""

    articles: list[Document] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def text_id(text: str) -> str:
    """A stable id for text that has no id or url of its own."""
    return hashlib.sha1(collapse_space(text).encode("utf-8")).hexdigest()[:16]
