"""What a build learns from the words of its corpus, stored with each generation.

Letters alone cannot tell a word's inflections from other words that look
alike (محمد, أحمد and محمود share a root), nor a loanword's spellings from
different words (ترامب and ترمب, but محمد and محمود). The build reads how the
corpus uses its words (``contexts``: which words stand near which, and
which stand in the same documents) and keeps the links the evidence
supports: word families (``families``) and spelling variants
(``variants``), stored in the generation (``words``) so that opening an
index reads them instead of computing them.
"""
