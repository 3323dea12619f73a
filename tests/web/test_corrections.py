"""A sure correction searched instead of the query typed, and the way back
to it (``exact=1``), through the JSON API and the search page; and no
suggestion where the index has no better word (the sample corpus)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from tests.support import RESULTS, check_json_error, check_page, get_page, sample_app

TYPED, CORRECTED = "ولي العحد", "ولي العهد"


def api(client: FlaskClient, **params: str) -> Any:
    reply = client.get("/api/search", query_string=params)
    assert reply.status_code == 200
    data = reply.get_json()
    RESULTS.validate(data)
    return data


def test_the_api_searches_a_sure_correction(client: FlaskClient) -> None:
    data = api(client, q=TYPED)
    assert data["corrected"] == {"from": TYPED, "to": CORRECTED}
    assert data["query"] == TYPED and data["suggestion"] is None
    assert data["total"] == 13 and data["hits"][0]["title_html"].startswith("<mark>ولي العهد</mark>")
    assert data == {**api(client, q=CORRECTED), "query": TYPED, "corrected": data["corrected"],
                    "took_ms": data["took_ms"], "next": data["next"]}  # the very answer to the corrected query
    # The next page is asked as this one was: typed, and corrected again.
    assert api(client, q=TYPED, page="2")["corrected"] == data["corrected"]
    assert data["next"] == "/api/search?" + urlencode({"q": TYPED, "page": 2})


def test_exact_searches_the_words_as_typed(client: FlaskClient) -> None:
    data = api(client, q=TYPED, exact="1")
    assert "corrected" not in data and data["suggestion"] == CORRECTED
    assert data["hits"][0]["title_html"].startswith("<mark>ولي</mark> العهد")  # found by ولي alone
    assert api(client, q=TYPED, exact="0")["corrected"] == {"from": TYPED, "to": CORRECTED}


def test_exact_must_be_yes_or_no(client: FlaskClient) -> None:
    reply = client.get("/api/search", query_string={"q": TYPED, "exact": "maybe"})
    assert reply.status_code == 400 and check_json_error(reply.data, 400)["code"] == "bad_exact"
    assert client.get("/search", query_string={"q": TYPED, "exact": "maybe"}).status_code == 400


def test_filters_and_exclusions_stay_in_the_correction(client: FlaskClient) -> None:
    data = api(client, q=f"{TYPED} -الشمسية", source="sabq")
    assert data["corrected"] == {"from": f"{TYPED} -الشمسية", "to": f"{CORRECTED} -الشمسية"}
    assert data["total"] == 4 and {hit["source"] for hit in data["hits"]} == {"sabq"}


def test_the_page_says_what_it_searched_and_links_to_the_words_as_typed(client: FlaskClient) -> None:
    html, page = get_page(client, f"/search?q={TYPED}&kind=article")
    check_page(html)
    assert f"عن «<bdi>{CORRECTED}</bdi>»" in html  # the summary names what was searched
    assert f"عرض نتائج «<bdi>{CORRECTED}</bdi>» بدلاً من ذلك" in html
    assert page.all("input", id="q")[0]["value"] == TYPED  # the box keeps what was typed
    assert not page.all("input", name="exact")
    links = page.all("a", **{"class": "exact"})
    assert len(links) == 1
    params = parse_qs(urlsplit(links[0]["href"] or "").query)
    assert params == {"q": [TYPED], "kind": ["article"], "exact": ["1"]}

    html, page = get_page(client, links[0]["href"] or "")
    check_page(html)
    assert "بدلاً من ذلك" not in html and f"عن «<bdi>{TYPED}</bdi>»" in html
    suggested = [a for a in page.all("a") if parse_qs(urlsplit(a["href"] or "").query).get("q") == [CORRECTED]]
    assert suggested, "the words as typed still get a did-you-mean"
    # Filters, a new search and paging through the words as typed keep them as typed.
    assert page.all("input", name="exact") == [{"type": "hidden", "name": "exact", "value": "1"}]
    html, page = get_page(client, f"/search?q={TYPED}&exact=1&per_page=2")
    pages = [a["href"] or "" for a in page.all("a") if "page=2" in (a["href"] or "")]
    assert pages and all("exact=1" in href for href in pages)


@pytest.fixture(scope="module")
def sample_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    with sample_app(tmp_path_factory.mktemp("sample") / "index") as client:
        yield client


@pytest.mark.parametrize("q", ["ولي العهد", "زلزال بركان"])
def test_no_suggestion_where_the_index_has_no_better_word(sample_client: FlaskClient, q: str) -> None:
    data = api(sample_client, q=q)
    assert data["suggestion"] is None and "corrected" not in data
    html, _ = get_page(sample_client, f"/search?q={q}")
    assert "هل تقصد" not in html and "بدلاً من ذلك" not in html
