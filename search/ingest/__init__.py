"""From input files to documents ready to index.

``inputs.read_inputs`` walks the paths given (files, folders, zips; which
files, and what is skipped, is ``files``) and hands each file to its reader:
``page_dumps`` for page dumps, ``json_files`` and ``records`` for JSON Lines
and JSON arrays; ``streams`` reads them with bounds (regular files only,
lines to a cap). They clean the text people read with
``documents.clean`` (HTML entities decoded) and produce ``documents.Document``
articles and ``documents.Teaser`` teasers; ``teasers`` merges a teaser into
the article it opens, ``copies`` fingerprints bodies so syndicated copies
share a group, and ``furniture`` learns the text a source prints around every
story, which is left out of what is indexed.
"""
