"""Fixtures for the web tests: a small index built from records written in
webfixtures.py, the Flask test client, and a real gunicorn on loopback."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from webfixtures import ROOT, Server, build_index, records, start_server

# pytest puts tests/ on sys.path, where this folder looks like a namespace
# package called "web"; with the project root on sys.path too, the real
# package wins (a regular package beats a namespace one wherever it is).
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from web import ENGINE, create_app  # noqa: E402


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("web") / "index", records())


@pytest.fixture(scope="session")
def app(index_dir: Path) -> Iterator[Flask]:
    app = create_app({"INDEX": str(index_dir), "TESTING": True})
    yield app
    app.extensions[ENGINE].close()  # its searcher holds the index files open


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(index_dir, tmp_path_factory.mktemp("gunicorn") / "server.log")
    yield server
    server.stop()
