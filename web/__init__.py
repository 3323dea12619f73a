"""The web app: the search page and the JSON API over one index folder.

``create_app`` reads its settings from the environment (search.settings)
and can be given overrides of its config, as tests do. It starts opening the index in a
thread and returns; under gunicorn the app is created in each worker, after
the fork, so every worker has a searcher of its own.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from werkzeug.routing import PathConverter

from search.engine import Engine
from search.settings import Settings

ENGINE = "bahth_engine"


class _AnyPath(PathConverter):
    """Werkzeug's path, also when it starts with a slash: document ids are
    often addresses, and a relative one ("/2015/07/story") is an id too."""

    regex = "[\\s\\S]+?"  # any character, a newline too: ids are data
    part_isolating = False  # it spans slashes (werkzeug guesses from the regex)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    # Before any rule is added: /documents//2015/07/story is the document
    # "/2015/07/story", not a redirect to another id.
    app.url_map.converters["path"] = _AnyPath
    app.url_map.merge_slashes = False
    settings = Settings.from_env()
    # The settings the app reads; a test may override them.
    app.config.from_mapping(INDEX=str(settings.index), RELOAD_SECONDS=settings.reload_seconds,
                            QUERY_TIMEOUT_SECONDS=settings.query_timeout_seconds,
                            CORS_ORIGINS=settings.cors_origins)
    if test_config is not None:
        app.config.update(test_config)
    settings = replace(settings, index=Path(app.config["INDEX"]),
                       reload_seconds=float(app.config["RELOAD_SECONDS"]),
                       query_timeout_seconds=float(app.config["QUERY_TIMEOUT_SECONDS"]))
    # Arabic stays readable in JSON, and keys keep the documented order.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[ENGINE] = Engine(settings.index, settings, settings.query_time_limit,
                                    completions=True, switch_in_background=True)
    # Opened as the worker starts, beside its first requests (which wait for it).
    threading.Thread(target=app.extensions[ENGINE].open_now, name="bahth-open", daemon=True).start()

    from web import api, cors, errors, metrics, opensearch, pages, probes, requestid, security

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(probes.bp)
    app.register_blueprint(opensearch.bp)
    requestid.init_app(app)
    cors.init_app(app, app.config["CORS_ORIGINS"])
    errors.init_app(app)
    metrics.init_app(app)
    security.init_app(app)
    return app


def engine() -> Engine:
    """The Engine of the app handling the current request."""
    return current_app.extensions[ENGINE]
