""""More like this": the query that finds articles related to a document.

A document's most distinctive words are its stemmed terms that are frequent
in it and rare in the index (tf-idf: (1 + log tf) · log(N / df), over its
title, teaser and body as the index analyzed them). Terms found only in this
document and its copies find nothing else, and are left out.

The term frequencies are counted over the opening of each field only
(VECTOR_CHARS), so a document of any length costs the same: a page dump of
50 MB would otherwise be analyzed whole at every request. The opening is
where a news story says what it is about.
"""
from __future__ import annotations

import math
from collections import Counter, OrderedDict
from typing import Any

from search.snippets import window
from search.store.schema import TEXT_FIELDS

# Characters of each field whose terms are counted.
VECTOR_CHARS = 20_000
# Term vectors kept per generation, the most recently asked for.
CACHED_VECTORS = 128


def term_vector(schema: Any, fields: dict[str, Any]) -> Counter[str]:
    """The frequency of each term in the openings of the text ``fields`` of a document."""
    frequencies: Counter[str] = Counter()
    for name in TEXT_FIELDS:
        if fields.get(name):
            text, _ = window(fields[name], VECTOR_CHARS)
            frequencies.update(token.text for token in schema[name].analyzer(text))
    return frequencies


class TermVectors:
    """The term vectors of one generation's documents, by document number,
    counted once and kept for the CACHED_VECTORS most recently asked for."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self._kept: OrderedDict[int, Counter[str]] = OrderedDict()

    def of(self, docnum: int, fields: dict[str, Any]) -> Counter[str]:
        """The vector of document ``docnum``, whose stored ``fields`` (as indexed) are given."""
        vector = self._kept.get(docnum)
        if vector is None:
            vector = self._kept[docnum] = term_vector(self.schema, fields)
            if len(self._kept) > CACHED_VECTORS:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(docnum)
        return vector


def key_terms(reader: Any, frequencies: Counter[str], copies: int, count: int) -> list[str]:
    """The ``count`` most distinctive terms of a document with the term
    ``frequencies`` that has ``copies`` copies in the index (itself included)."""
    documents = reader.doc_count_all()
    weights = {}
    for term, tf in frequencies.items():
        df = max(reader.doc_frequency(name, term) for name in TEXT_FIELDS)
        if df > copies:
            weights[term] = (1 + math.log(tf)) * math.log(documents / df)
    return sorted(weights, key=lambda term: (-weights[term], term))[:count]
