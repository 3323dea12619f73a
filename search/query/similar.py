""""More like this": the query that finds articles related to a document.

A document's most distinctive words are its stemmed terms that are frequent
in it and rare in the index (tf-idf: (1 + log tf) · log(N / df), over its
title, teaser and body as the index analyzed them). Terms found only in this
document and its copies find nothing else, and are left out.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Any

from search.store.schema import TEXT_FIELDS


def key_terms(schema: Any, reader: Any, fields: dict[str, Any], copies: int, count: int) -> list[str]:
    """The ``count`` most distinctive terms of the stored ``fields`` of a
    document that has ``copies`` copies in the index (itself included)."""
    frequencies: Counter[str] = Counter()
    for name in TEXT_FIELDS:
        if fields.get(name):
            frequencies.update(token.text for token in schema[name].analyzer(fields[name]))
    documents = reader.doc_count_all()
    weights = {}
    for term, tf in frequencies.items():
        df = max(reader.doc_frequency(name, term) for name in TEXT_FIELDS)
        if df > copies:
            weights[term] = (1 + math.log(tf)) * math.log(documents / df)
    return sorted(weights, key=lambda term: (-weights[term], term))[:count]
