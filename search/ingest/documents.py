"""What ingestion produces and indexing consumes."""
from __future__ import annotations

import hashlib
import html
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
    had_entities: bool = False  # its title, body or teaser held HTML entities (see clean)
    # (start, end) of the site furniture in its body (search.ingest.furniture)
    furniture: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Teaser:
    """A teaser as cut by one page widget, before duplicates are merged."""

    text: str
    origin: str
    source: str = ""
    date: datetime | None = None
    had_entities: bool = False


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


def clean(text: str) -> tuple[str, bool]:
    """Ingested text as it is indexed, stored and shown, and whether it held
    HTML entities.

    Sources scraped from web pages leave entities in their text (&quot;,
    &#8220;). Decoded here, the one place ingested text is cleaned, they are
    searched and shown as the characters they stand for; whatever makes HTML
    escapes the text again.
    """
    decoded = html.unescape(text)
    return decoded.strip(), decoded != text


def text_id(text: str) -> str:
    """A stable id for text that has no id or url of its own."""
    return hashlib.sha1(collapse_space(text).encode("utf-8")).hexdigest()[:16]
