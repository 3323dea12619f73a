"""What "did you mean" asks of an open index (search.suggest.spelling.Counts)."""
from __future__ import annotations

import itertools
from typing import Any

from whoosh.query import Or, Phrase

from search.deadline import NO_DEADLINE, Deadline, OutOfTime
from search.scoring.bm25 import Scorer
from search.store.schema import TEXT_FIELDS
from search.suggest.completions import Vocabulary

# Fields that word pairs are counted in, and where counting stops: the
# counts only rank spellings.
HEADLINE_FIELDS = ("title", "teaser")
_ADJACENT_CAP = 1000


class IndexCounts:
    """Term counts of one open index, within a deadline."""

    def __init__(self, searcher: Any, scorer: Scorer, vocabulary: Vocabulary | None,
                 deadline: Deadline = NO_DEADLINE) -> None:
        self.searcher = searcher
        self.scorer = scorer
        self.vocabulary = vocabulary
        self.deadline = deadline

    def frequency(self, term: str) -> int:
        if self.deadline.passed():
            raise OutOfTime
        # Most edits tried are no word at all: a set says so without a lookup.
        if term not in self.scorer.lexicon.known_terms(TEXT_FIELDS):
            return 0
        return max(self.scorer.document_frequency(field, term) for field in TEXT_FIELDS)

    def adjacent(self, first: str, second: str) -> int:
        if self.deadline.passed():
            raise OutOfTime
        # Headlines only: phrase checks over bodies cost far more.
        query = Or([Phrase(field, [first, second]) for field in HEADLINE_FIELDS])
        return sum(1 for _ in itertools.islice(self.searcher.docs_for_query(query), _ADJACENT_CAP))

    def written(self, spelling: str) -> int:
        return self.vocabulary.count(spelling) if self.vocabulary is not None else 0
