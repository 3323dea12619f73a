"""Fixtures for the reliability tests, built with the shared helpers
(tests/support.py): the small invented collection with hostile documents,
through Flask's test client and a real gunicorn, and larger indexes for
the time limit."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.store.build import build
from tests.support import (
    HOSTILE_DOCS,
    SAUDINEWSNET,
    Server,
    build_index,
    closed,
    need,
    records,
    start_server,
    syndicated_records,
    synthetic,
)
from web import ENGINE, create_app


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("reliability") / "index", records() + HOSTILE_DOCS)


@pytest.fixture(scope="session")
def copies_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small collection with a story carried by three sources: every
    column a segment can have (the copy groups too)."""
    return build_index(tmp_path_factory.mktemp("copies") / "index", records() + syndicated_records())


@pytest.fixture(scope="session")
def app(small_index: Path) -> Iterator[Flask]:
    application = create_app({"INDEX": str(small_index), "TESTING": True})
    yield application
    closed(application.extensions[ENGINE])  # its index files, before the session ends


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def server(small_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real gunicorn (2 workers) over the small collection."""
    running = start_server(small_index, tmp_path_factory.mktemp("gunicorn") / "server.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def news_day_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The smallest day of SaudiNewsNet (1,316 articles), read in place."""
    day = need(SAUDINEWSNET / "2015-07-23.zip")
    index = tmp_path_factory.mktemp("news") / "index"
    build(index, [str(day)])
    return index


@pytest.fixture(scope="session")
def large_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 synthetic articles of 300 words drawn from 30: a phrase of two
    common words takes Whoosh a good fraction of a second to match."""
    return build_index(tmp_path_factory.mktemp("large") / "index", synthetic(3000, seed=11, prefix="doc-"))
