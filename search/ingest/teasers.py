"""Turning teaser cuts into teaser documents.

Pages repeat one teaser in several widgets, cut at different lengths: every
cut that is the opening of a longer cut is the same teaser, and the longest
cut is kept. A teaser that opens an article (or its title) of the same build
is that article's teaser, not a document of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from search.ingest.documents import TEASER, Document, Teaser, text_id
from search.text.normalize import collapse_space

# Openings shorter than this (normalized characters) are too short to say
# with confidence which article a teaser belongs to.
MIN_OPENING = 16
# Teasers are short; this much of an article's opening is enough to compare.
_OPENING_CHARS = 2000


@dataclass
class TeaserOutcome:
    documents: list[Document]
    merged_into_articles: int
    duplicates: int


def _longest_cuts(teasers: list[Teaser]) -> dict[str, Teaser]:
    """Normalized text of each distinct teaser → the longest cut of it."""
    first_seen: dict[str, Teaser] = {}
    for teaser in teasers:
        key = collapse_space(teaser.text)
        if key:
            first_seen.setdefault(key, teaser)
    keys = sorted(first_seen)
    # In sorted order, a key that opens another key is followed directly by
    # one that it opens, so one pass finds every shorter cut.
    return {
        key: first_seen[key]
        # Not strict: keys[1:] + [""] is one longer than keys when there are no teasers.
        for key, following in zip(keys, keys[1:] + [""], strict=False)
        if not following.startswith(key)
    }


def _article_openings(articles: list[Document]) -> dict[str, list[tuple[str, Document]]]:
    openings: dict[str, list[tuple[str, Document]]] = {}
    for article in articles:
        for text in (article.body[:_OPENING_CHARS], article.title):
            opening = collapse_space(text)
            if len(opening) >= MIN_OPENING:
                openings.setdefault(opening[:MIN_OPENING], []).append((opening, article))
    return openings


def resolve_teasers(articles: list[Document], teasers: list[Teaser]) -> TeaserOutcome:
    """Attach teasers to their articles (in place); the rest become documents."""
    distinct = _longest_cuts(teasers)
    openings = _article_openings(articles) if distinct else {}
    documents: list[Document] = []
    merged = 0
    for key, teaser in distinct.items():
        owner = next(
            (article for opening, article in openings.get(key[:MIN_OPENING], ())
             if len(key) >= MIN_OPENING and opening.startswith(key)),
            None,
        )
        if owner is not None:
            if len(teaser.text) > len(owner.teaser):
                owner.teaser = teaser.text
                owner.had_entities |= teaser.had_entities
            merged += 1
            continue
        documents.append(Document(
            id=text_id(teaser.text), kind=TEASER, teaser=teaser.text,
            source=teaser.source, date=teaser.date, origin=teaser.origin, had_entities=teaser.had_entities,
        ))
    return TeaserOutcome(documents, merged, duplicates=len(teasers) - len(distinct))
