"""The web app: the search page and the JSON API over one index folder.

``create_app`` reads its settings from the environment (see ``settings``)
and can be given overrides, as tests do. It starts opening the index in a
thread and returns; under gunicorn the app is created in each worker, after
the fork, so every worker has a searcher of its own.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from werkzeug.routing import PathConverter

from search.config import env_float, index_path
from search.engine import Engine

ENGINE = "bahth_engine"


def settings() -> dict[str, Any]:
    """Settings from the environment, with defaults for one machine."""
    return {
        # BAHTH_INDEX: the index folder that `bahth index build` writes.
        "INDEX": str(index_path()),
        # BAHTH_RELOAD_SECONDS: how often a worker looks for a rebuilt index.
        "RELOAD_SECONDS": env_float("BAHTH_RELOAD_SECONDS", 1.0),
        # BAHTH_QUERY_TIMEOUT_SECONDS: how long a search may run before it is
        # stopped and answered with a 503 "timeout" (0 or less: no limit).
        "QUERY_TIMEOUT_SECONDS": env_float("BAHTH_QUERY_TIMEOUT_SECONDS", 2.0),
    }


class _AnyPath(PathConverter):
    """Werkzeug's path, also when it starts with a slash: document ids are
    often addresses, and a relative one ("/2015/07/story") is an id too."""

    regex = ".+?"
    part_isolating = False  # it spans slashes (werkzeug guesses from the regex)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    # Before any rule is added: /documents//2015/07/story is the document
    # "/2015/07/story", not a redirect to another id.
    app.url_map.converters["path"] = _AnyPath
    app.url_map.merge_slashes = False
    app.config.from_mapping(settings())
    if test_config is not None:
        app.config.update(test_config)
    # Arabic stays readable in JSON, and keys keep the documented order.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    time_limit = float(app.config["QUERY_TIMEOUT_SECONDS"])
    app.extensions[ENGINE] = Engine(
        Path(app.config["INDEX"]), check_seconds=float(app.config["RELOAD_SECONDS"]),
        completions=True, time_limit=time_limit if time_limit > 0 else None, switch_in_background=True,
    )
    # Opened as the worker starts, beside its first requests (which wait for it).
    threading.Thread(target=app.extensions[ENGINE].open_now, name="bahth-open", daemon=True).start()

    from web import api, errors, metrics, pages, security

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.init_app(app)
    metrics.init_app(app)
    security.init_app(app)
    return app


def engine() -> Engine:
    """The Engine of the app handling the current request."""
    return current_app.extensions[ENGINE]
