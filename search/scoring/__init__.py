"""Finding and ranking documents with whole arrays.

``model`` says what is scored (a ``Clause``: a term or phrase in one field)
and with which weights (``Ranking``, BM25's k1 and b among them).
``postings`` reads each term's postings from Whoosh once, as arrays;
``lexicon`` groups each field's terms into word families; ``bm25`` turns
clauses into a score for every document; ``columns`` holds what filters,
facets and collapsing read; ``topk`` collapses copies, orders, pages and
counts. Queries with operators go through Whoosh's own matchers in
``operators`` and join the same arrays.
"""
