"""The analysis ablation's indexes, built once per analyzer and cached.

Each indexes only what it compares (an id, and the text fields with one
analyzer) through a multi-process Whoosh writer. A cached index is reused
while the source files that shape it are unchanged.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, TEXT, Schema

from bench.analyzers import analyzer
from bench.corpus import OUT, ROOT
from search.ingest.documents import Document

WRITER_PROCS = 2
WRITER_MEMORY_MB = 256

_ANALYSIS_SOURCES = ["search/text/normalize.py", "search/text/stopwords.py", "search/text/analyzer.py",
                     "bench/analyzers.py"]
_SOURCES = {"light": _ANALYSIS_SOURCES + ["search/text/stemmer.py"]}


@dataclass(frozen=True)
class IndexSpec:
    analysis: str      # a name of bench.analyzers.ANALYZERS
    collection: str    # "body" (headlines removed) or "full"

    @property
    def name(self) -> str:
        return f"{self.analysis}-{self.collection}"


def _schema(spec: IndexSpec) -> tuple[Schema, Callable[[Document], dict[str, Any]]]:
    text = analyzer(spec.analysis)
    # An empty date column: the project's array scorer reads one.
    fields = {"id": ID(stored=True, unique=True), "date": DATETIME(sortable=True),
              "body": TEXT(analyzer=text, phrase=True)}
    if spec.collection == "full":
        fields["title"] = TEXT(analyzer=text, phrase=True)

    def doc_fields(doc: Document) -> dict[str, Any]:
        values = {"id": doc.id, "body": doc.body}
        if doc.title and spec.collection == "full":
            values["title"] = doc.title
        return values

    return Schema(**fields), doc_fields


def _key(spec: IndexSpec, corpus_key: str) -> str:
    digest = hashlib.sha1(f"{spec.name}/{corpus_key}/{WRITER_PROCS}".encode())
    for name in _SOURCES.get(spec.analysis, _ANALYSIS_SOURCES) + ["bench/indexes.py"]:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:10]


def open_index(spec: IndexSpec, documents: list[Document], corpus_key: str,
               log: Callable[[str], None] = print) -> tuple[Any, float | None]:
    """The index for ``spec``, and its build time in seconds if it was built now."""
    base = OUT / "indexes"
    path = base / f"{spec.name}-{_key(spec, corpus_key)}"
    if (path / "built.json").exists():
        return whoosh_index.open_dir(str(path)), None
    for stale in base.glob(f"{spec.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = base / f".tmp-{spec.name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    schema, doc_fields = _schema(spec)
    log(f"building {spec.name} index ({len(documents):,} documents) ...")
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(tmp), schema)
    writer = ix.writer(limitmb=WRITER_MEMORY_MB, procs=WRITER_PROCS, multisegment=True)
    for doc in documents:
        writer.add_document(**doc_fields(doc))
    writer.commit()
    ix.close()
    seconds = time.perf_counter() - started
    (tmp / "built.json").write_text(json.dumps({"seconds": round(seconds, 1), "documents": len(documents)}))
    tmp.rename(path)
    log(f"built {spec.name} in {seconds:.0f} s")
    return whoosh_index.open_dir(str(path)), seconds

