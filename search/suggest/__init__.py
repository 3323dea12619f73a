"""Help with typing a query: ``completions`` for the word being typed,
``spelling`` for "did you mean", with ``counts`` asking the open index."""
