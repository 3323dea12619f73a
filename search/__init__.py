"""Bahth's core: Arabic analysis, ingestion, the index, and searching it.

No web framework here: the CLI (``cli``) and the web app (the ``web``
package) both call ``engine.Engine``. The rooms:

- ``text``: normalization, stop words, stemming, word families, the analyzer.
- ``ingest``: input files to documents (page dumps, JSON), teasers, copies.
- ``store``: the schema, generations on disk, building and updating.
- ``query``: request validation, the query syntax, the plan of a search.
- ``scoring``: postings as arrays, BM25, filters, collapsing, paging.
- ``suggest``: completions and "did you mean".
- ``engine``, ``live``, ``opened``: the steps of a search, the generation served.
- ``results``, ``hits``, ``snippets``: what a search answers, as typed data.
- ``settings``: every setting, read from the environment once.
"""
