"""Arabic text analysis: what is indexed and matched, never what is shown.

A text goes through one pass of ``analyzer.ArabicAnalyzer``: words are found
by ``normalize.WORD``, folded by ``normalize.normalize`` (diacritics, hamza
and alef forms, ى and ة, digits), dropped when they are ``stopwords``, and
cut to a light stem by ``stemmer.light_stem``. Tokens keep offsets into the
original text, so snippets mark the words as written.

``families.family_key`` groups a light stem with its verb and derived forms
(its word family); it is applied at query time only.
"""
