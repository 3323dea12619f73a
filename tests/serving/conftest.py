"""Fixtures of the front-proxy tests: real Bahth servers over the small
invented collection, an index where some queries are costly, and nginx
started from the shipped deploy/nginx in front of them
(tests/serving/proxy.py); everything is stopped after.
Skipped, with the reason shown, where nginx is not installed."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.serving.proxy import FrontOf, Proxy, need_nginx, start_proxy
from tests.support import Server, build_index, start_server, synthetic


@pytest.fixture
def front_of() -> Iterator[FrontOf]:
    """Start nginx in front of the given servers (host:port each)."""
    need_nginx()
    started: list[Proxy] = []

    def start(upstreams: Sequence[str]) -> Proxy:
        started.append(start_proxy(upstreams))
        return started[-1]

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture(scope="module")
def server(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One `bahth serve` (two sync workers, as in the issue) over the small collection."""
    need_nginx()
    started = start_server(index_dir, tmp_path_factory.mktemp("serving") / "server.log")
    yield started
    started.stop()


@pytest.fixture(scope="session")
def costly_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 articles of 300 words drawn from 30 (support.WORDS): every word in
    every article, so a query of many quoted pairs is costly to answer."""
    need_nginx()
    return build_index(tmp_path_factory.mktemp("costly") / "index", synthetic(400, 15, "costly"))
