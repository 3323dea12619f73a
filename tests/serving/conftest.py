"""Fixtures of the front-proxy tests: real Bahth servers over the small
invented collection, and nginx started from the shipped deploy/nginx in
front of them (tests/serving/proxy.py); everything is stopped after.
Skipped, with the reason shown, where nginx is not installed."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.serving.proxy import FrontOf, Proxy, need_nginx, start_proxy
from tests.support import Server, start_server


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
