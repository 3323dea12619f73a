"""Help with typing a query: ``completions`` for the word being typed,
``spelling`` for "did you mean" and for the corrections searched instead,
with ``counts`` asking the open index."""
