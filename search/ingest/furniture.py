"""Site furniture: what a newspaper's pages print around every story.

Scraped bodies keep it: a contact footer, a byline, «مقالات أخرى للكاتب»
followed by the author's other headlines, a link back to the story, an
agency's «انتهى». It is no part of the story, yet it would match and score
like one. A build learns it per source from how often text recurs
(``Furniture.learn``), keeps it out of what is indexed and snippeted, and
stores it in the generation so that ``bahth index update`` leaves it out of
new documents too. The stored body stays as published.

Bodies are cut into segments: lines, and the sentences of a line. Two kinds
of furniture are learnt:

- a segment (normalized) that recurs in many documents of one source;
- a footer: the opening words of the last segment of a share of the
  source's documents, such as «مقالات أخرى» before headlines that differ
  from one column to the next. From those words to the end is furniture.

What recurs in other sources as well is the story (a wire line, a verse, a
greeting), never furniture.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from search.text.normalize import WORD, collapse_space

FILE = "furniture.json"
# A segment is furniture when at least MIN_DOCUMENTS documents of a source,
# and MIN_SHARE of them, hold it...
MIN_DOCUMENTS = 5
MIN_SHARE = 0.001
# ...and other sources hold it in fewer than OTHERS_RATIO times as many documents.
OTHERS_RATIO = 0.1
# A footer opens the last segment of at least FOOTER_SHARE of a source's documents.
FOOTER_WORDS = 2
FOOTER_SHARE = 0.02

# Between segments: a line break, or white space after the end of a sentence;
# not after the point of a one-letter abbreviation («وقال م. خالد», «د.»).
_BREAK = re.compile(r"\s*\n\s*|(?<=[.!?؟])(?<!\s[^\W\d_]\.)\s+")

Span = tuple[int, int]


def _segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalized text) of each segment of ``text`` that has words."""
    found = []
    start = 0
    for end, after in [(m.start(), m.end()) for m in _BREAK.finditer(text)] + [(len(text), len(text))]:
        key = collapse_space(text[start:end])
        if key:
            found.append((start, end, key))
        start = after
    return found


def _words(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, normalized word) of the words of ``text[start:end]``."""
    return [(m.start(), key) for m in WORD.finditer(text, start, end) if (key := collapse_space(m.group()))]


def _opening(words: Sequence[tuple[int, str]]) -> str:
    return " ".join(word for _, word in words[:FOOTER_WORDS])


def _own(counts: dict[str, Counter[str]], documents: Counter[str], min_share: float) -> dict[str, set[str]]:
    """By source, the keys that recur in enough of its documents and seldom elsewhere."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, by_source in counts.items():
        total = sum(by_source.values())
        for source, count in by_source.items():
            if (count >= max(MIN_DOCUMENTS, min_share * documents[source])
                    and total - count < OTHERS_RATIO * count):
                found[source].add(key)
    return found


@dataclass(frozen=True)
class Furniture:
    """The furniture of each source: whole segments, and footer openings."""

    segments: dict[str, frozenset[str]] = field(default_factory=dict)
    footers: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def learn(cls, bodies: Iterable[tuple[str, str]]) -> Furniture:
        """The furniture of (source, body) pairs."""
        segments: dict[str, Counter[str]] = defaultdict(Counter)
        openings: dict[str, Counter[str]] = defaultdict(Counter)
        documents: Counter[str] = Counter()
        for source, body in bodies:
            documents[source] += 1
            found = _segments(body)
            for key in {key for _, _, key in found}:
                segments[key][source] += 1
            if found:
                start, end, _ = found[-1]
                words = _words(body, start, end)
                if len(words) >= FOOTER_WORDS:
                    openings[_opening(words)][source] += 1
        return cls(
            {source: frozenset(keys) for source, keys in _own(segments, documents, MIN_SHARE).items()},
            {source: frozenset(keys) for source, keys in _own(openings, documents, FOOTER_SHARE).items()},
        )

    def spans(self, source: str, body: str) -> list[Span]:
        """The furniture in ``body``, a document of ``source``, as (start, end) offsets."""
        segments, footers = self.segments.get(source, frozenset()), self.footers.get(source, frozenset())
        if not segments and not footers:
            return []
        found = _segments(body)
        spans = [(start, end) for start, end, key in found if key in segments]
        if footers and found and (not spans or spans[-1][1] != found[-1][1]):
            # A footer may be glued to the story's last words («… إلى اللقاء،،، مقالات أخرى للكاتب…»),
            # and the headlines after it may end in points: it is looked for in the last line.
            words = _words(body, body.rfind("\n", 0, found[-1][0]) + 1, found[-1][1])
            at = next((offset for i, (offset, _) in enumerate(words) if _opening(words[i:]) in footers), None)
            if at is not None and at > found[0][0]:  # a footer follows a story, it is never all of it
                spans.append((at, found[-1][1]))
        return spans

    def save(self, folder: Path) -> None:
        data = {"segments": {s: sorted(k) for s, k in self.segments.items()},
                "footers": {s: sorted(k) for s, k in self.footers.items()}}
        (folder / FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Furniture:
        """The generation's furniture (none for an index built before it was learnt)."""
        path = folder / FILE
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({s: frozenset(k) for s, k in data["segments"].items()},
                   {s: frozenset(k) for s, k in data["footers"].items()})


def without(text: str, spans: Iterable[Sequence[int]]) -> str:
    """``text`` with its furniture blanked out: offsets stay those of the text as published."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text
