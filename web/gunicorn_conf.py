"""gunicorn settings for `bahth serve` (which passes --bind, and --workers if given).

Workers, timeout and logs (web/serverlog.py) come from search.settings (BAHTH_WORKERS: one
per CPU by default, as searching is CPU-bound and a sync worker uses one core).
"""
from __future__ import annotations

import glob
import os
import shutil
import tempfile
from typing import Any

from search.settings import Settings
from search.store.generations import IndexStore, StoreError
from web.serverlog import ACCESS_FORMAT, JsonLog, TextLog

_METRICS_PREFIX = "bahth-metrics-"
# Set in the environment once the metrics folder is made, so that workers
# and a reloaded config keep it (internal: not a setting).
_METRICS_READY = "_bahth_metrics_ready"
_SETTINGS = Settings.from_env()


def _metrics_dir() -> None:
    """Give the workers a fresh folder for their metrics, before any of them starts.

    prometheus_client decides when it is first imported whether to keep
    metrics in files, so this runs as the config is read, before the app
    is loaded even with --preload. A reload (HUP) reads this file again:
    the folder of the running server must then be kept as it is.
    """
    if os.environ.get(_METRICS_READY):
        return
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        for stale in glob.glob(os.path.join(given, "*.db")):  # the library asks for a clean folder
            os.unlink(stale)
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix=_METRICS_PREFIX)
    os.environ[_METRICS_READY] = "1"


_metrics_dir()

worker_class = "sync"
workers = _SETTINGS.server_workers
timeout = _SETTINGS.timeout
graceful_timeout = 10
keepalive = 5
# The longest request line gunicorn reads (its maximum short of unlimited):
# a 500-character Arabic query is about 3,000 bytes once percent-encoded,
# and the app, not gunicorn, should be the one to say a query is too long.
# Longer lines are refused with 414 before they reach the app.
limit_request_line = 8190
loglevel = _SETTINGS.log_level
# The application's messages through gunicorn's error log, JSON lines if asked (web/serverlog.py).
logger_class = JsonLog if _SETTINGS.log_format == "json" else TextLog
accesslog = _SETTINGS.access_log_target
access_log_format = ACCESS_FORMAT
errorlog = "-"
proc_name = "bahth"
# Never load the app in the master: each worker opens the index itself.
preload_app = False
# Recent gunicorn opens a management socket at one fixed path per user: two
# servers on one machine (tests, blue/green) would fight over it, and
# nothing here uses it. Older versions ignore this setting.
control_socket_disable = True


def when_ready(server: Any) -> None:
    """Say at start whether there is an index to serve, and how to make one."""
    root = _SETTINGS.index
    try:
        generation = IndexStore(root).current()
        generation.open().close()
    except StoreError as error:
        server.log.warning("serving without an index: %s (until then /readyz answers 503; /livez answers 200)", error)
    else:
        server.log.info("serving index %s, generation %s", root, generation.name)


def child_exit(server: Any, worker: Any) -> None:
    # A dead worker's gauges must stop counting; its counters still do.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(path).startswith(_METRICS_PREFIX):
        shutil.rmtree(path, ignore_errors=True)
