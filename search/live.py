"""The generation being served, kept fresh.

A ``LiveIndex`` keeps one generation open (an ``OpenedIndex``) and reuses it
across requests. Before each use it checks (at most every ``check_seconds``)
whether CURRENT names a new generation or the live one was updated in place,
and reopens if so: a rebuilt index is served without a restart, and a
request never sees a half-switched index because a searcher reads one
generation. A server opens the new generation in a thread beside the served
one and switches when it is ready, so no request waits for it. The headline
vocabulary for completions is read in a thread of its own.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path

from whoosh.index import Index
from whoosh.reading import IndexReader

from search.corpus.words import CorpusWords
from search.hits import display_title
from search.opened import OpenedIndex
from search.scoring.model import Ranking
from search.store.generations import Generation, IndexStore
from search.suggest.completions import Vocabulary

log = logging.getLogger(__name__)


def _read_vocabulary(ix: Index, future: Future[Vocabulary]) -> None:
    """Read the headlines of every document into a vocabulary for completions,
    through a reader of its own (it runs beside requests)."""
    try:
        reader = ix.reader()
        try:
            future.set_result(Vocabulary.from_texts(display_title(f) for _, f in reader.iter_docs()))
        finally:
            reader.close()
    except Exception as error:
        log.exception("cannot read the vocabulary for completions; there will be none")
        future.set_exception(error)


class LiveIndex:
    """One index folder's current generation, opened and reopened as it changes."""

    def __init__(self, root: Path, ranking: Ranking, cache_mb: int, check_seconds: float = 1.0,
                 completions: bool = False, switch_in_background: bool = False) -> None:
        self.store = IndexStore(root)
        self.ranking = ranking
        self.cache_mb = cache_mb
        self.check_seconds = check_seconds
        # Read the vocabulary as soon as a generation opens (a server), not at the first completion.
        self.completions = completions
        self.switch_in_background = switch_in_background
        self._lock = threading.Lock()  # Whoosh searchers are not thread-safe
        self._opened: OpenedIndex | None = None
        self._vocabulary: Future[Vocabulary] | None = None
        self._checked_at = 0.0
        self._opening = False  # a generation is being opened in the background
        self._closed = False
        # The version each thread's last request was served from: a generation
        # opened beside may be switched to between a search and its reply.
        self._served = threading.local()

    @contextmanager
    def use(self) -> Iterator[OpenedIndex]:
        """The current generation, for one request (one at a time)."""
        with self._lock:
            opened = self._refresh()
            self._served.version = opened.version
            yield opened

    def open_now(self) -> None:
        """Open the index if it is not yet open (a worker calls this as it
        starts, so its first request does not wait for it); problems are
        left for requests to report."""
        try:
            with self._lock:
                self._refresh()
        except Exception:
            log.debug("the index could not be opened yet", exc_info=True)

    @property
    def version(self) -> str | None:
        """The version this thread's last request was served from, else the
        one open (no check for a newer one): see ``OpenedIndex.version``."""
        served: str | None = getattr(self._served, "version", None)
        if served is not None:
            return served
        opened = self._opened
        return opened.version if opened is not None else None

    def _open(self, generation: Generation, ix: Index, words: CorpusWords | None = None,
              checked: IndexReader | None = None) -> OpenedIndex:
        return OpenedIndex.open(generation, ix, self.ranking, self.cache_mb,
                                warm=self.switch_in_background, words=words, checked=checked)

    def _refresh(self) -> OpenedIndex:
        """The generation to serve, opening the current one if it is new (lock held)."""
        opened, now = self._opened, time.monotonic()
        if opened is not None and now - self._checked_at < self.check_seconds:
            return opened
        self._checked_at = now
        name = self.store.current_name()
        words, checked = None, None
        if opened is not None and name == opened.generation.name:
            if opened.searcher.up_to_date():
                return opened
            # Updated in place: the words its build learnt are unchanged.
            generation, ix, words = opened.generation, opened.index, opened.scorer.lexicon.words
        else:
            generation = self.store.current()
            ix, checked = generation.open_checked()
        if opened is None or not self.switch_in_background:
            return self._install(self._open(generation, ix, words, checked))
        if not self._opening:
            self._opening = True
            threading.Thread(target=self._open_beside, args=(generation, ix, words, checked),
                             name="bahth-open", daemon=True).start()
        elif checked is not None:
            checked.close()  # the one being opened beside the served one will do
        return opened

    def _open_beside(self, generation: Generation, ix: Index, words: CorpusWords | None,
                     checked: IndexReader | None) -> None:
        """Open ``generation`` while the served one answers, then switch."""
        try:
            opened: OpenedIndex | None = self._open(generation, ix, words, checked)
        except Exception:
            log.exception("cannot open generation %s; still serving the previous one", generation.name)
            opened = None
        with self._lock:
            self._opening = False
            if opened is not None:
                if self._closed:
                    opened.searcher.close()
                else:
                    self._install(opened)

    def _install(self, opened: OpenedIndex) -> OpenedIndex:
        """Serve ``opened`` from now on (lock held)."""
        old, self._opened = self._opened, opened
        self._vocabulary = None
        if self.completions:
            self._vocabulary_future(opened)
        if old is not None and old.searcher is not opened.searcher:
            old.searcher.close()
        return opened

    def ready_vocabulary(self) -> Vocabulary | None:
        """The vocabulary if it has been read; a search never waits for it."""
        future = self._vocabulary
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    def vocabulary(self) -> Future[Vocabulary]:
        """The vocabulary of the current generation, read or being read."""
        with self._lock:
            return self._vocabulary_future(self._refresh())

    def _vocabulary_future(self, opened: OpenedIndex) -> Future[Vocabulary]:
        """(lock held)"""
        if self._vocabulary is None:
            self._vocabulary = Future()
            threading.Thread(
                target=_read_vocabulary, args=(opened.index, self._vocabulary),
                name="bahth-vocabulary", daemon=True,
            ).start()
        return self._vocabulary

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._opened is not None:
                self._opened.searcher.close()
            self._opened = self._vocabulary = None
