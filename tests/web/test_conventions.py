"""What a public search site is expected to offer: an OpenSearch description
and suggestions a browser can use, opt-in CORS on the JSON API, links to
the next and previous page of results, and result pages kept out of search
engines' indexes."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support import Page, app_client, check_json_error, get_page, validator

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
SITE = "https://site.example"


# -- OpenSearch ---------------------------------------------------------------


def test_pages_point_browsers_to_the_opensearch_description(client: FlaskClient) -> None:
    for url in ("/", "/search?q=ولي", "/help", "/documents/russia-1"):
        page = get_page(client, url)[1]
        links = page.all("link", rel="search")
        assert links == [{"rel": "search", "type": "application/opensearchdescription+xml", "title": "بحث",
                          "href": "/opensearch.xml"}], url


def test_the_opensearch_description(client: FlaskClient) -> None:
    reply = client.get("/opensearch.xml", base_url="https://news.example:8443")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    root = ET.fromstring(reply.data)
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert root.findtext(f"{OPENSEARCH}ShortName") == "بحث"
    assert root.findtext(f"{OPENSEARCH}Description") == "البحث في الأخبار العربية"
    assert root.findtext(f"{OPENSEARCH}InputEncoding") == "UTF-8"
    urls = {url.get("type"): url.get("template") for url in root.iter(f"{OPENSEARCH}Url")}
    # Absolute, on the host and scheme the request came by; the placeholder as it is.
    assert urls == {
        "text/html": "https://news.example:8443/search?q={searchTerms}",
        "application/x-suggestions+json": "https://news.example:8443/api/suggest/opensearch?q={searchTerms}",
        "application/opensearchdescription+xml": "https://news.example:8443/opensearch.xml",
    }
    image = root.find(f"{OPENSEARCH}Image")
    assert image is not None and image.text == "https://news.example:8443/static/favicon.svg"
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200


def test_the_search_address_of_the_description_searches(client: FlaskClient) -> None:
    root = ET.fromstring(client.get("/opensearch.xml").data)
    template = next(u.get("template") for u in root.iter(f"{OPENSEARCH}Url") if u.get("type") == "text/html")
    assert template is not None
    # What a browser does with it: the words typed, URL-encoded, in place of {searchTerms}.
    url = template.replace("{searchTerms}", "%D9%88%D9%84%D9%8A+%D8%A7%D9%84%D8%B9%D9%87%D8%AF")
    page = get_page(client, url.removeprefix("http://localhost"))[1]
    assert page.all("input", name="q")[0]["value"] == "ولي العهد"
    assert any((a.get("href") or "").startswith("/documents/crown-") for a in page.all("a"))


def test_opensearch_suggestions(client: FlaskClient) -> None:
    reply = client.get("/api/suggest/opensearch", query_string={"q": "ولي الع"})
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "application/x-suggestions+json"
    answer = json.loads(reply.data)
    assert answer[0] == "ولي الع" and answer[1][0] == "ولي العهد"
    # The same completions as /api/suggest, Arabic unescaped.
    for typed in ("ولي الع", "الاش", "رُوس", "ولي "):
        both = client.get("/api/suggest", query_string={"q": typed}).get_json()
        assert json.loads(client.get("/api/suggest/opensearch", query_string={"q": typed}).data) == \
            [both["query"], both["suggestions"]]
    assert "الأشهر".encode() in client.get("/api/suggest/opensearch?q=الاش").data


def test_opensearch_suggestions_refuse_what_suggest_refuses(client: FlaskClient) -> None:
    for query, code in (({}, "missing_query"), ({"q": " "}, "missing_query"), ({"q": "ا" * 501}, "query_too_long")):
        reply = client.get("/api/suggest/opensearch", query_string=query)
        assert reply.status_code == 400
        assert check_json_error(reply.data, 400)["code"] == code


# -- next and prev ----------------------------------------------------------------


def _args(link: str) -> dict[str, list[str]]:
    parts = urlsplit(link)
    assert not parts.scheme and not parts.netloc  # relative to the server
    return parse_qs(parts.query)


def test_search_links_walk_every_page(client: FlaskClient) -> None:
    url: str | None = "/api/search?q=%D9%88%D9%84%D9%8A&per_page=5&sort=newest&source="
    seen: list[str] = []
    pages = 0
    while url is not None:
        data = client.get(url).get_json()
        validator("SearchResults").validate(data)
        pages += 1
        assert data["page"] == pages
        assert (data["prev"] is None) == (pages == 1)
        seen += [hit["id"] for hit in data["hits"]]
        url = data["next"]
        if url is not None:
            args = _args(url)
            # The request's other parameters as they were sent, the page one higher.
            assert args == {"q": ["ولي"], "per_page": ["5"], "sort": ["newest"], "page": [str(pages + 1)]}
            assert urlsplit(url).path == "/api/search"
    total = client.get("/api/search?q=ولي&per_page=100").get_json()["total"]
    assert pages == -(-total // 5) > 1
    assert len(seen) == len(set(seen)) == total


def test_prev_goes_back_and_past_the_end_to_the_last_page(client: FlaskClient) -> None:
    second = client.get("/api/search?q=ولي&per_page=5&page=2").get_json()
    back = client.get(second["prev"]).get_json()
    assert back["page"] == 1 and back["prev"] is None and back["next"] == second["next"].replace("page=3", "page=2")
    beyond = client.get("/api/search?q=ولي&per_page=5&page=40").get_json()
    assert beyond["hits"] == [] and beyond["next"] is None
    assert _args(beyond["prev"])["page"] == [str(-(-beyond["total"] // 5))]
    nothing = client.get("/api/search?q=qqqqzzzz").get_json()
    assert nothing["total"] == 0 and nothing["next"] is None and nothing["prev"] is None


def test_related_links(client: FlaskClient) -> None:
    first = client.get("/api/related?id=crown-1&per_page=2").get_json()
    validator("RelatedResults").validate(first)
    assert first["total"] > 2 and first["prev"] is None
    assert urlsplit(first["next"]).path == "/api/related"
    assert _args(first["next"]) == {"id": ["crown-1"], "per_page": ["2"], "page": ["2"]}
    second = client.get(first["next"]).get_json()
    assert second["page"] == 2 and _args(second["prev"])["page"] == ["1"]
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_links_are_described_and_escaped(client: FlaskClient) -> None:
    schema = client.get("/openapi.json").get_json()["components"]["schemas"]
    for name in ("SearchResults", "RelatedResults"):
        assert {"next", "prev"} <= set(schema[name]["required"])
    # A parameter Flask's url_for would read (_external, _anchor) is only a parameter here.
    data = client.get("/api/search?q=ولي&per_page=1&_external=1&_scheme=https&_anchor=x").get_json()
    assert data["next"].startswith("/api/search?") and "#" not in data["next"]
    assert _args(data["next"])["_scheme"] == ["https"]


# -- CORS ----------------------------------------------------------------------


def _cors_headers(reply: TestResponse) -> list[str]:
    return [name for name, _ in reply.headers.items() if name.startswith("Access-Control-")]


@pytest.fixture(scope="module")
def cors_client(index_dir: Path) -> Iterator[FlaskClient]:
    with app_client(INDEX=str(index_dir), CORS_ORIGINS=(SITE, "http://localhost:3000")) as client:
        yield client


def test_no_cors_unless_configured(client: FlaskClient) -> None:
    reply = client.get("/api/search?q=ولي", headers={"Origin": SITE})
    assert "Access-Control-Allow-Origin" not in reply.headers and "Origin" not in reply.vary
    preflight = client.options("/api/search", headers={"Origin": SITE, "Access-Control-Request-Method": "GET"})
    assert not _cors_headers(preflight)


def test_cors_for_an_allowed_origin(cors_client: FlaskClient) -> None:
    for url in ("/api/search?q=ولي", "/api/suggest?q=ول", "/api/documents/russia-1", "/api/related?id=crown-1",
                "/api/suggest/opensearch?q=ول", "/api/search?q=", "/api/documents/none"):
        reply = cors_client.get(url, headers={"Origin": SITE})
        assert reply.headers["Access-Control-Allow-Origin"] == SITE, url
        assert "Origin" in reply.vary and "Access-Control-Allow-Credentials" not in reply.headers
        assert "Retry-After" in reply.headers["Access-Control-Expose-Headers"]
    assert cors_client.get("/api/search?q=ولي", headers={"Origin": "http://localhost:3000"}
                           ).headers["Access-Control-Allow-Origin"] == "http://localhost:3000"


def test_cors_preflight(cors_client: FlaskClient) -> None:
    reply = cors_client.options("/api/search?q=ولي", headers={
        "Origin": SITE, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-request-id"})
    assert reply.status_code in (200, 204) and not reply.data
    assert reply.headers["Access-Control-Allow-Origin"] == SITE
    assert reply.headers["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert reply.headers["Access-Control-Allow-Headers"] == "X-Request-Id"
    assert int(reply.headers["Access-Control-Max-Age"]) > 0
    assert "Origin" in reply.vary
    refused = cors_client.options("/api/search", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"})
    assert not _cors_headers(refused)


def test_cors_refuses_other_origins_and_never_touches_pages(cors_client: FlaskClient) -> None:
    for origin in ("https://elsewhere.example", "https://site.example.evil.example", "null", "http://site.example"):
        reply = cors_client.get("/api/search?q=ولي", headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in reply.headers, origin
        assert "Origin" in reply.vary  # a cache must not give this answer to the allowed origin
    for url in ("/", "/search?q=ولي", "/help", "/documents/russia-1", "/related?id=crown-1", "/opensearch.xml",
                "/livez", "/readyz", "/healthz", "/metrics", "/openapi.json", "/static/style.css", "/nothing"):
        with cors_client.get(url, headers={"Origin": SITE}) as reply:
            assert not _cors_headers(reply), url


def test_cors_for_any_origin(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAHTH_CORS_ORIGINS", "*")  # as a server reads it
    with app_client(INDEX=str(index_dir)) as client:
        reply = client.get("/api/search?q=ولي", headers={"Origin": "https://anyone.example"})
        assert reply.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Origin" not in client.get("/search?q=ولي", headers={"Origin": SITE}).headers


# -- noindex ---------------------------------------------------------------------


def _noindex(page: Page) -> bool:
    return page.all("meta", name="robots") == [{"name": "robots", "content": "noindex"}]


def test_result_pages_are_not_indexed_the_landing_page_and_help_are(client: FlaskClient) -> None:
    for url, status in (("/search?q=ولي", 200), ("/search?q=ولي&page=2", 200), ("/search?q=qqqqzzzz", 200),
                        ("/search?q=ولي&per_page=1000", 400), ("/related?id=crown-1", 200),
                        ("/documents/no-such-id", 404), ("/nothing/here", 404), ("/related?id=none", 404)):
        assert _noindex(get_page(client, url, status)[1]), url
    for url in ("/", "/search", "/help"):
        assert get_page(client, url)[1].all("meta", name="robots") == [], url
