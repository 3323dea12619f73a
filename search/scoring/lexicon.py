"""The terms of each ranked field, grouped into word families.

A word family (search.text.families) is found at query time among the terms
the index holds: each field's lexicon is read once per generation and
grouped by family key.
"""
from __future__ import annotations

from typing import Any

from search.text.families import family_key

Family = tuple[str, tuple[str, ...]]


class Lexicon:
    """The lexicons of one open reader, grouped by word family."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self._known: frozenset[str] | None = None
        self._families: dict[str, dict[str, tuple[str, ...]]] = {}

    def known_terms(self, fields: tuple[str, ...]) -> frozenset[str]:
        """Every term of ``fields`` (gathered once per generation)."""
        if self._known is None:
            self._known = frozenset(t for f in fields for forms in self.families(f).values() for t in forms)
        return self._known

    def forms(self, field: str, term: str) -> tuple[str, ...]:
        """The terms of ``field`` in ``term``'s word family."""
        return self.family(field, term)[1]

    def family(self, field: str, term: str) -> Family:
        """``term``'s family key, and the terms of ``field`` in that family."""
        key = family_key(term)
        return key, self.families(field).get(key, ())

    def families(self, field: str) -> dict[str, tuple[str, ...]]:
        """The terms of ``field`` by family key (its lexicon is read on first use)."""
        families = self._families.get(field)
        if families is None:
            grouped: dict[str, list[str]] = {}
            for raw in self.reader.lexicon(field):
                text = raw.decode("utf-8")
                grouped.setdefault(family_key(text), []).append(text)
            families = self._families[field] = {k: tuple(v) for k, v in grouped.items()}
        return families
