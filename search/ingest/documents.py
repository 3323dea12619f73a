"""What ingestion produces and indexing consumes."""
from __future__ import annotations

import hashlib
import html
import re
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


# Problems listed in a build's summary: a file of a million bad lines (or a
# zip bomb of them) is counted, not kept.
KEPT_PROBLEMS = 100


@dataclass
class Problems:
    """What was skipped or cut in one build or update: the first
    ``KEPT_PROBLEMS`` problems, and how many there were in all."""

    kept: list[Problem] = field(default_factory=list)
    count: int = 0

    def add(self, origin: str, reason: str) -> None:
        self.count += 1
        if len(self.kept) < KEPT_PROBLEMS:
            self.kept.append(Problem(origin, reason))

    @property
    def not_kept(self) -> int:
        return self.count - len(self.kept)


@dataclass
class Batch:
    """Everything read from the inputs of one build or update."""

    articles: list[Document] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    cut: int = 0  # documents cut to the size limit (each is a problem too)

    def skip(self, origin: str, reason: str) -> None:
        """Report input that is not indexed."""
        self.problems.add(origin, reason)

    def report_cut(self, origin: str, size: int, limit: int) -> None:
        """Report a document indexed without the text past ``limit`` bytes."""
        self.cut += 1
        self.problems.add(origin, f"the text past its first {limit:,} bytes (BAHTH_MAX_DOCUMENT_BYTES) of "
                                  f"{size:,}, cut at a word boundary; the document is indexed up to there")


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


def utf8_size(text: str) -> int:
    """Bytes of ``text`` in UTF-8; a ValueError for text that has none (a lone surrogate)."""
    return len(text.encode("utf-8"))


_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")


def cut(text: str, limit: int) -> str:
    """``text``, or its longest opening within ``limit`` bytes of UTF-8 that
    ends at a word boundary (inside a word only when one word is longer)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    head = data[: limit + 1].decode("utf-8", "ignore")  # a character cut in two is dropped
    space = _LAST_SPACE.search(head)
    if space is not None and space.start() > 0:
        return head[: space.start()].rstrip()
    return data[:limit].decode("utf-8", "ignore")


def text_id(text: str) -> str:
    """A stable id for text that has no id or url of its own."""
    return hashlib.sha1(collapse_space(text).encode("utf-8")).hexdigest()[:16]
