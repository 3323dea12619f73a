"""The ranking model: what is scored (clauses) and with which weights.

Every knob the relevance benchmark measures is a field of ``Ranking``; the
defaults are what the service runs with.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    """A term, or a phrase of terms, in one field, with its boost."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0
    slop: int = 1  # phrases: how far apart consecutive words may stand
    family: bool = False  # a single term scored together with its word family


@dataclass(frozen=True)
class Ranking:
    """How a query is ranked."""

    # Stemmed fields and their query-time weights.
    fields: tuple[tuple[str, float], ...] = (("title", 1.0), ("teaser", 1.0), ("body", 1.0))
    # Weight of each word's family (search.text.families) in every stemmed
    # field, relative to the field's weight; 0: off. Only for queries of plain
    # words: a phrase or an operator means the words as written.
    family: float = 1.5
    # Match as before (kept to measure what the change costs and brings): a
    # word's stem or its family's alone makes a document a result, without
    # asking for the word's form (search.text.forms).
    family_finds: bool = False
    # Boost for each pair of adjacent query words found next to each other
    # (within ``slop``) in these fields.
    proximity: tuple[tuple[str, float], ...] = ()
    slop: int = 1
    max_pairs: int = 12
    # BM25: term-frequency saturation and length normalization.
    k1: float = 1.2
    b: float = 0.75


DEFAULT = Ranking()
