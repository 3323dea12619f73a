"""The index on disk.

``schema`` is the Whoosh schema; ``generations`` keeps complete index
generations side by side and switches CURRENT between them atomically, under
one build lock; ``build`` writes a new generation, or updates the live one;
``integrity`` checks a generation's files when it is opened.
"""
