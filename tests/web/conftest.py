"""Fixtures for the web tests: the app over the small invented collection
(the session's ``index_dir``), Flask's test client, and a real gunicorn on
loopback."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support import Server, start_server
from web import ENGINE, create_app


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
