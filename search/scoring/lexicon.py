"""The terms of one open reader, with what its build learnt of them.

Word families and spelling variants are learnt from the corpus when a
generation is built (search.corpus) and read with it; a generation built
before they were has neither, and searches its words as written.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

from search.corpus.words import CorpusWords
from search.text.families import family_key, inflected

log = logging.getLogger(__name__)

# Terms looked up one at a time (a lookup in each field's table) before the
# whole vocabulary is read instead: reading it costs about as much as this
# many lookups on a large index. A one-off command never looks up so many;
# a long-lived engine's did-you-mean soon does, and then tries each edit of
# a rare word in a set.
LOOKUPS_BEFORE_READING = 10_000


def _terms(reader: Any, fields: tuple[str, ...]) -> frozenset[str]:
    return frozenset(raw.decode("utf-8") for f in fields for raw in reader.lexicon(f))


class Lexicon:
    """A reader's terms, word families and spelling variants."""

    def __init__(self, reader: Any, words: CorpusWords | None = None, fields: tuple[str, ...] = ()) -> None:
        self.reader = reader
        self.fields = fields or tuple(reader.schema.scorable_names())  # the searched text fields
        self.words = words if words is not None else CorpusWords()
        self._known: frozenset[str] | None = None
        self._lookups = 0

    def known_terms(self) -> frozenset[str]:
        """Every term of the text fields (gathered once per generation)."""
        if self._known is None:
            self._known = _terms(self.reader, self.fields)
        return self._known

    def read_beside(self, ix: Any) -> None:
        """Gather ``known_terms`` in a thread, through a reader of its own
        (readers are not thread-safe), so that an index opened for serving
        switches without waiting for it; ``holds`` looks terms up one at a
        time until then."""
        def read() -> None:
            try:
                reader = ix.reader()
                try:
                    known = _terms(reader, self.fields)
                finally:
                    reader.close()
            except Exception:
                log.exception("cannot read the index's terms beside requests; they are read when needed")
                return
            if self._known is None:
                self._known = known
        threading.Thread(target=read, name="bahth-terms", daemon=True).start()

    def holds(self, term: str) -> bool:
        """Whether a text field holds ``term``: from the vocabulary once it
        is read (see LOOKUPS_BEFORE_READING), else a lookup in each field's term table."""
        if self._known is None:
            self._lookups += 1
            if self._lookups <= LOOKUPS_BEFORE_READING:
                return any(self.reader.doc_frequency(f, term) for f in self.fields)
        return term in self.known_terms()

    def family(self, term: str) -> tuple[str, ...]:
        """``term`` and the other terms of its word family. A term the build
        never saw (a query's own inflection) joins the learnt families of
        its key that it is an inflection of: there is no evidence to weigh."""
        if self.holds(term):
            return self.words.family(term)
        return (term, *(t for t in self.words.kin(family_key(term)) if inflected(term, t)))

    def variants(self, term: str) -> tuple[str, ...]:
        """The terms of ``term``'s other spellings."""
        return self.words.variants.get(term, ())

    def shown(self, term: str) -> str:
        """How ``term`` is most often written in the corpus."""
        return self.words.shown.get(term, term)
