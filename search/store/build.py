"""Building a new index generation, and updating the live one in place."""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search.corpus.words import CorpusWords, count_words, learn
from search.ingest.copies import fingerprints
from search.ingest.documents import ARTICLE, TEASER, Batch, Document
from search.ingest.furniture import Furniture
from search.ingest.inputs import read_inputs
from search.ingest.stories import copy_groups
from search.ingest.teasers import resolve_teasers
from search.settings import DEFAULTS, Settings
from search.store.generations import META, Generation, IndexStore, StoreError, write_atomically
from search.store.in_place import undo, undone_on_failure
from search.store.schema import build_schema, index_fields, indexed_texts
from search.store.tails import TAILS, kept_apart
from search.text.analyzer import normal_form, word_terms
from search.text.clitics import Clitics

_PR_SET_PDEATHSIG = 1
# Called with (documents written, documents in all).
Progress = Callable[[int, int], None]



class BadInput(Exception):
    """--strict was given and some input could not be read."""


class BuildFailed(Exception):
    """The build could not complete; the index being served is unchanged."""


class ShrinkRefused(StoreError):
    """A build found no documents, or fewer than half of those served, and
    --allow-shrink was not given: most likely wrong or broken input."""


# Problems a refusal lists (the summary of a build lists them all).
_PROBLEMS_SHOWN = 10


@dataclass
class Summary:
    generation: str = ""
    articles: int = 0
    teasers: int = 0
    teasers_merged_into_articles: int = 0
    duplicates: int = 0
    # Documents whose text held HTML entities, decoded at ingestion
    # (search.ingest.documents.clean), by source, most first.
    documents_with_entities: dict[str, int] = field(default_factory=dict)
    # Site furniture left out of the index (search.ingest.furniture), by
    # source, most documents first: {"documents": …, "segments": …}.
    furniture: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: int = 0
    # Documents indexed without the text past BAHTH_MAX_DOCUMENT_BYTES.
    documents_cut: int = 0
    # The first problems (inputs skipped, documents cut), and how many more there were.
    problems: list[str] = field(default_factory=list)
    problems_not_listed: int = 0
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.articles + self.teasers

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "documents": self.documents}


def _prepare(root: Path, paths: list[str], strict: bool, settings: Settings,
             follow_symlinks: bool) -> tuple[list[Document], Summary]:
    """Read the inputs and resolve teasers: the documents to write, in order."""
    batch: Batch = read_inputs(paths, skip=root, limit=settings.max_document_bytes, follow_symlinks=follow_symlinks)
    problems = batch.problems
    summary = Summary(skipped=problems.count - batch.cut, documents_cut=batch.cut,
                      problems=[str(p) for p in problems.kept], problems_not_listed=problems.not_kept)
    if strict and problems.count:
        more = f"\n  … and {problems.not_kept:,} more" if problems.not_kept else ""
        raise BadInput(
            f"{problems.count:,} input(s) could not be read whole, and --strict was given; "
            "the index was not changed:\n  " + "\n  ".join(summary.problems) + more
        )
    by_id: dict[str, Document] = {}
    for article in batch.articles:
        if article.id in by_id:
            summary.duplicates += 1
        by_id[article.id] = article  # the last record with an id wins
    articles = list(by_id.values())
    outcome = resolve_teasers(articles, batch.teasers)
    summary.duplicates += outcome.duplicates
    summary.teasers_merged_into_articles = outcome.merged_into_articles
    documents = articles + outcome.documents
    keys = copy_groups(documents, fingerprints((d.body for d in documents), settings.copy_min_letters))
    for doc, key in zip(documents, keys, strict=True):
        doc.copy_group = key
    summary.documents_with_entities = dict(Counter(d.source for d in documents if d.had_entities).most_common())
    summary.articles = sum(1 for d in documents if d.kind == ARTICLE)
    summary.teasers = sum(1 for d in documents if d.kind == TEASER)
    return documents, summary


def _leave_out(furniture: Furniture, documents: list[Document], summary: Summary) -> None:
    """Mark the furniture of each document's body, and count it in ``summary``."""
    counts: dict[str, Counter[str]] = {}
    for doc in documents:
        doc.furniture = furniture.spans(doc.source, doc.body)
        if doc.furniture:
            count = counts.setdefault(doc.source, Counter())
            count.update(documents=1, segments=len(doc.furniture))
    summary.furniture = {source: dict(count) for source, count in
                         sorted(counts.items(), key=lambda item: (-item[1]["documents"], item[0]))}


def _write(writer: Any, folder: Path, documents: list[Document], replace: bool,
           progress: Progress | None) -> None:
    """Add (or replace by id) every document to the index in ``folder`` and
    commit; on any failure, cancel."""
    add = writer.update_document if replace else writer.add_document
    # An index built before a field existed is updated without that field:
    # before tails, with its long texts stored whole.
    names = set(writer.schema.names())
    names |= {f"_stored_{name}" for name in names}
    stored: Callable[[dict[str, Any]], dict[str, Any]] = (
        partial(kept_apart, folder) if TAILS in names else lambda fields: fields)
    total = len(documents)
    # Whoosh's parallel writer neither stops its processes when cancelled nor
    # notices when one dies (it commits without that process's documents).
    tasks = getattr(writer, "tasks", [])
    try:
        for done, doc in enumerate(documents, start=1):
            add(**{name: value for name, value in stored(index_fields(doc)).items() if name in names})
            if progress is not None and (done % 500 == 0 or done == total):
                progress(done, total)
        writer.commit()
    except BaseException:
        for task in tasks:
            task.terminate()
            task.join()
        writer.cancel()
        raise
    if any(task.exitcode != 0 for task in tasks):
        raise BuildFailed("a writer process failed (see the messages above)")


def _learnt_schema(documents: list[Document], settings: Settings) -> tuple[Any, CorpusWords]:
    """The schema of a new index, whose analyzer knows the corpus's clitics,
    and the word families and spelling variants of the corpus's terms."""
    texts = [[text for text in indexed_texts(doc).values() if text] for doc in documents]
    written = count_words(texts)
    normal: Counter[str] = Counter()
    for word, count in written.items():
        normal[normal_form(word)] += count
    clitics = Clitics.learn(normal)
    schema = build_schema(settings.lead_words, settings.lead_boost, clitics)
    return schema, learn(texts, written, lambda word: [term for _, term in word_terms(word, clitics) if term])


def _write_meta(path: Path, meta: dict[str, Any]) -> None:
    write_atomically(path / META, json.dumps(meta, ensure_ascii=False, indent=2))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _refuse_to_shrink(store: IndexStore, paths: list[str], summary: Summary) -> None:
    """Refuse a build of no documents, or of fewer than half of those served."""
    live: Generation | None = None
    with suppress(StoreError):  # none, or damaged: a build is the way out
        live = store.current()
    served = (live.documents() or 0) if live is not None else 0
    found = summary.documents
    if found and found * 2 >= served:
        return
    if live is None:
        what = (f"the build found no documents in {', '.join(paths)}; the index was not changed. "
                "Check the inputs, or give --allow-shrink to build an empty index anyway")
    else:
        what = (f"the build found {found:,} documents, fewer than half of the {served:,} that generation "
                f"{live.name} holds; the index was not changed: {live.name} still serves. "
                "Check the inputs, or give --allow-shrink to switch to the smaller index anyway")
    problems = summary.problems[:_PROBLEMS_SHOWN]
    more = len(summary.problems) - len(problems) + summary.problems_not_listed
    raise ShrinkRefused(
        what + "".join(f"\n  skipped {problem}" for problem in problems)
        + (f"\n  … and {more:,} more inputs skipped" if more else "")
    )


def _failed(error: Exception, where: Path) -> BuildFailed:
    """What a failed build or update says (the index being unchanged is said by the caller)."""
    if isinstance(error, BuildFailed):
        return error
    cause: BaseException | None = error
    while cause is not None:  # a full disk may surface as the error of a clean-up
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
            return BuildFailed(f"out of disk space while writing {where}")
        cause = cause.__cause__ or cause.__context__
    return BuildFailed(f"{type(error).__name__}: {error}")


def _die_with_parent() -> None:
    """In a forked writer process: get SIGKILL when the build process dies.

    Writer processes inherit the build lock; if a killed build left them
    running, they would hold the lock and keep writing a dead generation.
    """
    if _building.is_set():
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != _forked_by:  # the build died before the signal was asked for
            os._exit(1)


def _note_parent() -> None:
    global _forked_by
    _forked_by = os.getpid()


_building = threading.Event()
_forked_by = 0
if sys.platform == "linux":
    os.register_at_fork(before=_note_parent, after_in_child=_die_with_parent)


def build(root: Path, paths: list[str], strict: bool = False, progress: Progress | None = None,
          settings: Settings = DEFAULTS, allow_shrink: bool = False, follow_symlinks: bool = False) -> Summary:
    """Index ``paths`` into a new generation and switch to it when complete;
    unless ``allow_shrink``, refuse one of no documents or fewer than half of
    those served."""
    started = time.perf_counter()
    store = IndexStore(root)
    with store.locked("bahth index build"):
        store.clean_up()
        _undo_killed_update(store)
        documents, summary = _prepare(root, paths, strict, settings, follow_symlinks)
        if not allow_shrink:
            _refuse_to_shrink(store, paths, summary)
        name, tmp_path = store.new_generation_dir()
        try:
            furniture = Furniture.learn((doc.source, doc.body) for doc in documents)
            _leave_out(furniture, documents, summary)
            furniture.save(tmp_path)
            schema, words = _learnt_schema(documents, settings)
            words.save(tmp_path)
            ix = whoosh_index.create_in(str(tmp_path), schema)
            _building.set()
            try:
                # Analysis and posting writing are CPU-bound pure Python: one
                # writer process per core, each writing its own segment, left
                # as separate files: Whoosh copies a compound segment's
                # postings into the memory of every process that opens it,
                # while separate files are read in place.
                _write(ix.writer(limitmb=settings.build_memory_mb, procs=settings.writer_procs,
                                 multisegment=True, compound=False),
                       tmp_path, documents, replace=False, progress=progress)
            finally:
                _building.clear()
            written = ix.doc_count()
            ix.close()
            if written != len(documents):
                raise BuildFailed(f"the new index holds {written} documents instead of {len(documents)}")
            summary.generation = name
            summary.seconds = round(time.perf_counter() - started, 3)
            _write_meta(tmp_path, {**summary.to_dict(), "built_at": _now()})
            store.publish(name, tmp_path)
        except Exception as error:
            shutil.rmtree(tmp_path, ignore_errors=True)
            raise _failed(error, tmp_path) from error
        except BaseException:
            shutil.rmtree(tmp_path, ignore_errors=True)
            raise
    return summary


def _undo_killed_update(store: IndexStore) -> None:
    """Give back what an update killed outright left in the live generation."""
    with suppress(StoreError):  # no index, or a damaged one: nothing an update could have left
        undo(store.current().path)


def update(root: Path, paths: list[str], strict: bool = False, progress: Progress | None = None,
           settings: Settings = DEFAULTS, follow_symlinks: bool = False) -> Summary:
    """Add or replace documents by id in the generation being served."""
    started = time.perf_counter()
    store = IndexStore(root)
    with store.locked("bahth index update"):
        generation = store.current()
        documents, summary = _prepare(root, paths, strict, settings, follow_symlinks)
        _leave_out(Furniture.load(generation.path), documents, summary)
        ix = generation.open()
        try:
            with undone_on_failure(generation.path):
                _write(ix.writer(limitmb=settings.build_memory_mb, compound=False), generation.path, documents,
                       replace=True,
                       progress=progress)
        except Exception as error:
            raise _failed(error, generation.path) from error
        finally:
            ix.close()
        summary.generation = generation.name
        summary.seconds = round(time.perf_counter() - started, 3)
        meta = {**generation.meta(), "updated_at": _now(), "last_update": summary.to_dict()}
        _write_meta(generation.path, meta)
    return summary
