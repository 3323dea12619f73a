"""Sources on the pages by their Arabic names, and given by name in the
query language and the `source` parameter, over the sample corpus (whose
sources have Latin ids such as annahar-alraqmi)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from search.sources import name
from tests.support import get_page, sample_app

SAMPLE_SOURCES = ("akhbar-alkhaleej", "almasdar", "alwasat", "alyawm", "annahar-alraqmi")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    with sample_app(tmp_path_factory.mktemp("sample") / "index") as client:
        yield client


def search(client: FlaskClient, status: int = 200, **params: str) -> dict[str, Any]:
    reply = client.get("/api/search", query_string={"per_page": "100", **params})
    assert reply.status_code == status, reply.get_data(as_text=True)
    return reply.get_json()


def shown(html: str) -> str:
    """The text a reader sees, less the addresses of the originals."""
    text = re.sub(r"<a class=\"origin\"[^>]*>[^<]*</a>", "", html)
    return re.sub(r"<[^>]+>", " ", text)


def test_sources_are_shown_by_their_arabic_names(client: FlaskClient) -> None:
    html, page = get_page(client, "/search?q=أسعار")
    facets = search(client, q="أسعار")["facets"]["source"]
    assert len(facets) > 1
    for source in facets:  # the filter menu: the name, the id as the value sent
        assert page.all("option", value=source) and f"{name(source)} (" in html
    names = re.findall(r'<span class="source">([^<]*)</span>', html)
    assert names and set(names) <= {name(s) for s in SAMPLE_SOURCES}
    assert not any(source in shown(html) for source in SAMPLE_SOURCES)
    films, _ = get_page(client, "/search?q=مهرجان+الدوحة+للفيلم+القصير")
    carried = re.findall(r'<span class="copies">ونشره أيضاً مصدران آخران: ([^<]*)</span>', films)
    assert [set(names.split("، ")) for names in carried] == [{"المصدر", "الوسط"}]
    document, _ = get_page(client, "/documents/sample-030")
    assert '<span class="source">النهار الرقمي</span>' in document
    assert "annahar-alraqmi" not in shown(document)


@pytest.mark.parametrize(("q", "params"), [
    ('أسعار source:"النهار الرقمي"', {}),
    ("أسعار source:النهار_الرقمي", {}),
    ("أسعار", {"source": "النهار الرقمي"}),
    ("أسعار", {"source": "النهار  الرقمى"}),  # as any Arabic text: spaces, alef maksura for yeh
    ('أسعار source:"النهار الرقمي"', {"source": "annahar-alraqmi"}),  # the same source twice
])
def test_a_source_is_given_by_its_arabic_name(client: FlaskClient, q: str, params: dict[str, str]) -> None:
    by_id = search(client, q="أسعار", source="annahar-alraqmi")
    assert by_id["total"] > 0 and {hit["source"] for hit in by_id["hits"]} == {"annahar-alraqmi"}
    by_name = search(client, q=q, **params)
    assert by_name["hits"] == by_id["hits"] and by_name["facets"] == by_id["facets"]


def test_the_page_shows_a_source_given_by_name_in_its_menu(client: FlaskClient) -> None:
    html, page = get_page(client, '/search?q=أسعار+source:"النهار+الرقمي"')
    assert "selected" in page.all("option", value="annahar-alraqmi")[0]
    assert re.findall(r'<span class="source">([^<]*)</span>', html) == ["النهار الرقمي"] * 3


def test_two_sources_are_a_conflict_named_and_listed_in_arabic(client: FlaskClient) -> None:
    error = search(client, status=400, q="أسعار source:الوسط", source="almasdar")["error"]
    assert error["code"] == "conflicting_filter"
    assert "(almasdar, alwasat)" in error["message"] and "(المصدر، الوسط)" in error["message_ar"]

