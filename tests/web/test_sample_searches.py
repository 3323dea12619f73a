"""Searches a new user tries first, over the shipped sample corpus."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.store.build import build
from tests.support import SAMPLE, app_client, get_page


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    root: Path = tmp_path_factory.mktemp("sample") / "index"
    build(root, [str(SAMPLE)])
    with app_client(INDEX=str(root)) as client:
        yield client


def test_every_example_on_the_landing_page_finds_something(client: FlaskClient) -> None:
    _, page = get_page(client, "/")
    examples = [a["href"] or "" for a in page.all("a") if (a["href"] or "").startswith("/search?")]
    assert len(examples) == 3
    for href in examples:
        html, _ = get_page(client, href)
        assert "<mark>" in html, href

