"""What "did you mean" asks of an open index (search.suggest.spelling.Counts)."""
from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection
from typing import Any

import numpy as np
from whoosh.query import Or, Phrase, Term

from search.deadline import NO_DEADLINE, Deadline, OutOfTime
from search.scoring.bm25 import Scorer
from search.store.schema import TEXT_FIELDS
from search.suggest.spelling import RARE
from search.text.analyzer import normal_form
from search.text.clitics import Clitics
from search.text.normalize import normalize

# Fields that word pairs are counted in, and where counting stops: the
# counts only rank spellings.
HEADLINE_FIELDS = ("title", "teaser")
_ADJACENT_CAP = 1000
# How a term is written is read from at most SPELLING_SAMPLE of the documents
# holding it (fewer once a spelling is seen in SPELLING_ENOUGH), and from this
# much of each one's text.
SPELLING_SAMPLE = 30
SPELLING_ENOUGH = 5
_SPELLING_CHARS = 8_000


def spelled(fields: dict[str, Any]) -> str:
    """What ``written`` reads of a document with the stored ``fields``: the
    opening of its text, in normal form."""
    return normalize(" ".join(fields.get(field) or "" for field in TEXT_FIELDS)[:_SPELLING_CHARS])


class IndexCounts:
    """Term counts of one open index, within a deadline. ``texts`` gives
    ``spelled`` of a document by number: an opened index keeps those it
    has read, as the commonest terms are sampled in the same documents."""

    def __init__(self, searcher: Any, scorer: Scorer, deadline: Deadline = NO_DEADLINE,
                 texts: Callable[[int], str] | None = None) -> None:
        self.searcher = searcher
        self.scorer = scorer
        self.clitics: Clitics | None = getattr(searcher.schema["body"].analyzer, "clitics", None)
        self.deadline = deadline
        self.texts = texts or (lambda docnum: spelled(searcher.stored_fields(docnum)))

    def _check(self) -> None:
        if self.deadline.passed():
            raise OutOfTime

    def frequency(self, term: str) -> int:
        self._check()
        # Most edits tried are no word at all: the set of the index's terms
        # says so without a lookup, once it is read.
        if not self.scorer.lexicon.holds(term):
            return 0
        return max(self.scorer.document_frequency(field, term) for field in TEXT_FIELDS)

    def known(self, term: str) -> int:
        self._check()
        # The family's terms are counted apart: an upper bound, which is all
        # "rare or not" needs. The term's own count first: for most words
        # typed it settles the question without the family's.
        own = max(self.scorer.document_frequency(field, term) for field in TEXT_FIELDS)
        if own > RARE:
            return own
        lexicon = self.scorer.lexicon
        return max(sum(self.scorer.document_frequency(field, t) for t in lexicon.family(term))
                   for field in TEXT_FIELDS)

    def adjacent(self, first: str, second: str) -> int:
        self._check()
        # Headlines only: phrase checks over bodies cost far more. Most pairs
        # weighed share no headline at all, which their postings (arrays,
        # cached for scoring) tell without a phrase check.
        postings = self.scorer.postings
        fields = [field for field in HEADLINE_FIELDS
                  if np.intersect1d(postings.get(field, first)[0], postings.get(field, second)[0],
                                    assume_unique=True).size]
        if not fields:
            return 0
        query = Or([Phrase(field, [first, second]) for field in fields])
        return sum(1 for _ in itertools.islice(self.searcher.docs_for_query(query), _ADJACENT_CAP))

    def written(self, term: str, spellings: Collection[str]) -> Counter[str]:
        """How many of the first SPELLING_SAMPLE documents holding ``term``
        write each of ``spellings`` (in normal form; a و or ف joined to it
        in the text aside: والنصر writes النصر too)."""
        self._check()
        keys: dict[str, str] = {}
        for spelling in spellings:  # of spellings the index folds together, the first
            keys.setdefault(normal_form(spelling), spelling)
        keys.pop("", None)
        if not keys:
            return Counter()
        # Normalizing is done character by character, so the normalized text
        # holds each word's normal form, and a regular expression finds them.
        pattern = re.compile(r"(?<!\w)[وف]?(" + "|".join(map(re.escape, keys)) + r")(?!\w)")
        query = Or([Term(field, term) for field in TEXT_FIELDS])
        found: Counter[str] = Counter()
        for docnum in itertools.islice(self.searcher.docs_for_query(query), SPELLING_SAMPLE):
            self._check()
            found.update({keys[m.group(1)] for m in pattern.finditer(self.texts(docnum))})
            if found and max(found.values()) >= SPELLING_ENOUGH:
                break
        return found
