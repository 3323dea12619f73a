"""Prometheus metrics: requests, latencies, searches stopped at their time
limit, the index each worker serves and its postings cache.

Under gunicorn every worker is a process of its own, so the numbers live in
files under PROMETHEUS_MULTIPROC_DIR (set by web/gunicorn_conf.py before any
worker starts) and /metrics adds up all workers' files, whichever worker
answers. Without that variable (tests, `flask run`) they live in memory.
"""
from __future__ import annotations

import contextlib
import os
import time
from datetime import datetime
from typing import Any, Literal

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from search.store.generations import StoreError
from web import engine

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "bahth_http_requests", "HTTP requests answered, by route and status.",
    ["endpoint", "method", "status"], registry=REGISTRY,
)
LATENCY = Histogram(
    "bahth_http_request_duration_seconds", "Time to answer a request, by route.",
    ["endpoint"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DOCUMENTS = Gauge(
    "bahth_index_documents", "Documents in the index generation served.",
    registry=REGISTRY, multiprocess_mode="livemostrecent",
)
# One series per worker (the pid label) and version (a generation, +N after
# N updates): 1 for the one it serves, 0 for those it served before. Shows
# when every worker has switched, after a rebuild or an update.
GENERATION = Gauge(
    "bahth_index_generation",
    "1 for the index version (generation, +N after N updates) a worker serves, 0 for earlier ones.",
    ["generation"], registry=REGISTRY, multiprocess_mode="liveall",
)
TIMEOUTS = Counter(
    "bahth_search_timeouts", "Searches stopped at their time limit (answered 503 timeout), by route.",
    ["endpoint"], registry=REGISTRY,
)


def _gauge(name: str, documentation: str, mode: Literal["livemostrecent", "liveall"]) -> Gauge:
    """A gauge without labels; ``mode`` says how /metrics adds up the workers' values."""
    return Gauge(name, documentation, registry=REGISTRY, multiprocess_mode=mode)


# The generation's: the value of the worker that reported last.
BUILT_AT = _gauge("bahth_index_built_timestamp_seconds",
                  "When the index generation served was built (Unix time).", "livemostrecent")
BUILD_SECONDS = _gauge("bahth_index_build_duration_seconds",
                       "How long the build of the index generation served took.", "livemostrecent")
# Per worker (the pid label): each worker has a cache of its own.
CACHE_BYTES = _gauge("bahth_postings_cache_bytes",
                     "Bytes of postings held in a worker's cache (BAHTH_POSTINGS_CACHE_MB bounds it).", "liveall")
CACHE_ENTRIES = _gauge("bahth_postings_cache_entries",
                       "Terms and word families whose postings a worker's cache holds.", "liveall")

# The methods counted under their own name; any other is "other", as a
# client may send any token as a method and a label made of it would be
# one more series for every request.
METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"))

# The version whose figures this process's gauges hold: the gauges are the
# process's, so a second app in one process (tests) reports its own index
# when it serves, not only when its own index changes.
_reported: dict[str, str] = {}


def _route() -> str:
    # The rule, not the path: /api/documents/<id> is one series, not one per id.
    return request.url_rule.rule if request.url_rule is not None else "unmatched"


def count_timeout() -> None:
    TIMEOUTS.labels(_route()).inc()


def _method() -> str:
    return request.method if request.method in METHODS else "other"


def _start_timer() -> None:
    g.bahth_started = time.perf_counter()


def _report_generation() -> None:
    """Update the index gauges when this worker has moved to another generation."""
    name = engine().version
    reported = _reported.get("version")
    if name is None or name == reported:
        return
    if reported is not None:
        GENERATION.labels(reported).set(0)
    GENERATION.labels(name).set(1)
    DOCUMENTS.set(engine().info().documents)
    _report_build(engine().meta())
    _reported["version"] = name


def _report_build(meta: dict[str, Any]) -> None:
    """The build's time and duration, from what it recorded (an old index may not say)."""
    with contextlib.suppress(KeyError, TypeError, ValueError):
        BUILT_AT.set(datetime.fromisoformat(meta["built_at"]).timestamp())
    with contextlib.suppress(KeyError, TypeError, ValueError):
        BUILD_SECONDS.set(float(meta["seconds"]))


def _report_cache() -> None:
    size, entries = engine().postings_cached()
    CACHE_BYTES.set(size)
    CACHE_ENTRIES.set(entries)


def _record(response: Response) -> Response:
    started = g.pop("bahth_started", None)
    route = _route()
    if started is not None:
        LATENCY.labels(route).observe(time.perf_counter() - started)
    REQUESTS.labels(route, _method(), str(response.status_code)).inc()
    version = engine().version  # what the answer came from, before the gauges look again
    with contextlib.suppress(StoreError):  # the index went missing: the request itself said so
        _report_generation()
        _report_cache()
    if version is not None:
        response.headers["X-Bahth-Generation"] = version
    return response


def metrics() -> Response:
    # On a StoreError /healthz tells what is wrong; the counters are still worth having.
    with contextlib.suppress(StoreError):
        engine().info()  # look for a new generation, as any request would
    if MULTIPROC_ENV in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_record)
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
