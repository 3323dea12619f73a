"""Searches a new user tries first, over the shipped sample corpus."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.support import get_page, sample_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    with sample_app(tmp_path_factory.mktemp("sample") / "index") as client:
        yield client


def test_every_example_on_the_landing_page_finds_something(client: FlaskClient) -> None:
    _, page = get_page(client, "/")
    examples = [a["href"] or "" for a in page.all("a") if (a["href"] or "").startswith("/search?")]
    assert len(examples) == 3
    for href in examples:
        html, _ = get_page(client, href)
        assert "<mark>" in html, href

