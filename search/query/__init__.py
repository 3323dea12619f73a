"""From what a user sent to a plan of what to search for.

``request`` checks the parameters (every client mistake is a
``RequestError`` with a code and a message in English and Arabic);
``syntax`` splits the query text once: the words that are ranked,
exclusions, and the ``source:`` and ``kind:`` filters; ``plan`` turns the
ranked text into clauses for search.scoring. ``similar`` finds the key terms
of a document for "more like this".
"""
