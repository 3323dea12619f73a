"""Arabic text analysis: what is indexed and matched, never what is shown.

A text goes through one pass of ``analyzer.ArabicAnalyzer``: words are found
by ``normalize.WORD`` (numbers whole, digits apart from Arabic letters),
folded by ``normalize.normalize_word`` (diacritics, hamza and alef forms, ى
and ة, Persian letters, digits and their separators), dropped when
``stopwords.is_stop_word`` says so (on the word as written: على but not
علي), and cut to a light stem by ``stemmer.light_stem``. Which leading و ب ل
ك ف are clitics is learnt from the corpus when an index is built
(``clitics.Clitics``) and travels with the analyzer. Tokens keep offsets into
the original text, so snippets mark the words as written.

``families.family_key`` groups a light stem with its verb and derived forms
(its word family); it is applied at query time only.
"""
