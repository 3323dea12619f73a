"""The JSON API through the Flask test client: the contract, every client
mistake, escaping, and the description in /openapi.json."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from tests.support import check_not_ready, validator
from web import create_app

HIT_FIELDS = {"id", "kind", "title", "title_html", "url", "source", "date", "snippet", "score", "copies"}


def test_search_contract(client: FlaskClient) -> None:
    reply = client.get("/api/search", query_string={"q": "ولي العهد", "per_page": 5})
    assert reply.status_code == 200
    assert reply.content_type == "application/json"
    data = reply.get_json()
    validator("SearchResults").validate(data)
    assert list(data) == ["query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion", "variants",
                          "next", "prev"]
    assert data["query"] == "ولي العهد" and data["page"] == 1 and data["per_page"] == 5
    assert data["total"] == 13 and len(data["hits"]) == 5
    assert all(set(hit) == HIT_FIELDS for hit in data["hits"])
    assert sum(data["facets"]["kind"].values()) == data["total"]
    assert data["facets"]["kind"] == {"article": 12, "teaser": 1}
    assert data["suggestion"] is None and data["variants"] == []


def test_search_pages_and_filters(client: FlaskClient) -> None:
    first = client.get("/api/search?q=ولي+العهد&per_page=5&sort=newest").get_json()
    third = client.get("/api/search?q=ولي+العهد&per_page=5&page=3&sort=newest").get_json()
    assert len(third["hits"]) == 3
    dates = [h["date"] for h in first["hits"] + third["hits"]]
    assert dates == sorted(dates, reverse=True)
    assert {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in third["hits"])

    teasers = client.get("/api/search?q=ولي+العهد&kind=teaser").get_json()
    assert [h["kind"] for h in teasers["hits"]] == ["teaser"]
    okaz = client.get("/api/search?q=ولي+العهد&source=okaz").get_json()
    assert okaz["total"] == 4 and {h["source"] for h in okaz["hits"]} == {"okaz"}
    july = client.get("/api/search?q=ولي+العهد&from=2015-07-12&to=2015-07-14").get_json()
    assert sorted(h["date"] for h in july["hits"]) == ["2015-07-12", "2015-07-13", "2015-07-14"]


@pytest.mark.parametrize(("query", "marked"), [
    ("روسيا", "رُوسِيَا"),         # diacritics in the text, none in the query
    ("جديد", "الجديدة"),          # an ending of gender
    ("اوكرانيا", "أوكرانيا"),      # hamza forms
])
def test_snippets_mark_words_as_written(client: FlaskClient, query: str, marked: str) -> None:
    hit = client.get("/api/search", query_string={"q": query}).get_json()["hits"][0]
    assert f"<mark>{marked}</mark>" in hit["snippet"]
    assert 0 < len(hit["snippet"]) <= 320


def test_title_is_highlighted_separately(client: FlaskClient) -> None:
    hit = client.get("/api/search?q=روسيا").get_json()["hits"][0]
    assert hit["title"] == "رُوسِيَا وأوكرانيا تتفقان على ممرات إنسانية"
    assert hit["title_html"].startswith("<mark>رُوسِيَا</mark>")


def test_marked_words_side_by_side_are_one_mark(client: FlaskClient) -> None:
    hits = client.get("/api/search", query_string={"q": "ولي العهد"}).get_json()["hits"]
    crown = [hit for hit in hits if hit["id"].startswith("crown-")]
    assert crown and all(hit["title_html"].startswith("<mark>ولي العهد</mark> يستقبل") for hit in crown)
    assert all("استقبل <mark>ولي العهد</mark> في" in hit["snippet"] for hit in crown)
    assert not any("</mark> <mark>" in hit["title_html"] + hit["snippet"] for hit in hits)


def test_hit_without_match_in_body_shows_its_teaser(client: FlaskClient) -> None:
    hit = client.get("/api/search?q=تاريخية").get_json()["hits"][0]
    assert hit["id"] == "visit"
    assert hit["snippet"] == "الأمير يزور المتحف الوطني في جولة قصيرة"
    assert hit["title_html"] == "زيارة <mark>تاريخية</mark> للمتحف"


def test_did_you_mean(client: FlaskClient) -> None:
    data = client.get("/api/search?q=ولي+العحد&exact=1").get_json()  # else searched corrected (test_corrections)
    assert data["suggestion"] == "ولي العهد"
    assert client.get("/api/search?q=العهد").get_json()["suggestion"] is None


def test_empty_parameters_are_their_defaults(client: FlaskClient) -> None:
    """As the page's form sends the fields left alone."""
    blank = {"kind": "", "source": "", "from": "", "to": "", "sort": "", "collapse": "", "exact": "", "group": ""}
    answers = [client.get("/api/search", query_string={"q": "خبر", **given}).get_json() for given in (blank, {})]
    for answer in answers:
        del answer["took_ms"], answer["next"]  # the time taken, and a link that repeats the parameters
    assert answers[0] == answers[1]
    assert answers[0]["total"] > 0


@pytest.mark.parametrize(("params", "code"), [
    ({}, "missing_query"),
    ({"q": ""}, "missing_query"),
    ({"q": "   "}, "missing_query"),
    ({"q": "x" * 501}, "query_too_long"),
    ({"q": "خبر", "page": "0"}, "bad_page"),
    ({"q": "خبر", "page": "abc"}, "bad_page"),
    ({"q": "خبر", "per_page": "1000"}, "bad_per_page"),
    ({"q": "خبر", "per_page": "-1"}, "bad_per_page"),
    ({"q": "خبر", "from": "yesterday"}, "bad_date"),
    ({"q": "خبر", "to": "2015-13-01"}, "bad_date"),
    ({"q": "خبر", "from": "2015-08-01", "to": "2015-07-01"}, "bad_range"),
    ({"q": "خبر", "sort": "oldest"}, "bad_sort"),
    ({"q": "خبر", "kind": "video"}, "bad_kind"),
    # Only an empty value is the default: white space is a value, and not one described.
    ({"q": "خبر", "sort": "\t"}, "bad_sort"),
    ({"q": "خبر", "sort": "newest "}, "bad_sort"),
    ({"q": "خبر", "kind": " "}, "bad_kind"),
    ({"q": "خبر", "from": " "}, "bad_date"),
    ({"q": "خبر", "from": "20150801"}, "bad_date"),
    ({"q": "خبر", "collapse": " "}, "bad_collapse"),
    ({"q": "خبر", "exact": "YES"}, "bad_exact"),
    ({"q": "خبر", "group": "F" * 32}, "bad_group"),
])
def test_client_mistakes_are_400_in_both_languages(client: FlaskClient, params: dict[str, str], code: str) -> None:
    reply = client.get("/api/search", query_string=params)
    assert reply.status_code == 400
    error = reply.get_json()["error"]
    validator("Error").validate(reply.get_json())
    assert error["code"] == code
    assert error["message"].isascii()
    assert any("\u0600" <= ch <= "\u06ff" for ch in error["message_ar"])
    assert "Traceback" not in reply.get_data(as_text=True)


def test_query_syntax_never_fails(client: FlaskClient) -> None:
    for q in ('"', "(", "AND", "NOT OR", ")(", "title:x", "*", "a~", "[a TO b]", "\x00", "ولي^3", "'"):
        reply = client.get("/api/search", query_string={"q": q})
        assert reply.status_code in (200, 400), q
        if reply.status_code == 200:
            validator("SearchResults").validate(reply.get_json())


def test_escaping_of_documents_and_queries(client: FlaskClient) -> None:
    data = client.get("/api/search", query_string={"q": "خبيث غامق عنوان"}).get_json()
    hit = next(h for h in data["hits"] if h["id"] == "hostile")
    for html in (hit["title_html"], hit["snippet"]):
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "&lt;script&gt;" in hit["title_html"]
    assert "&quot;&gt;&lt;img" in hit["snippet"]
    # The query comes back as data, and the JSON is served as JSON.
    query = '<script>alert(1)</script>"'
    reply = client.get("/api/search", query_string={"q": query})
    assert reply.get_json()["query"] == query
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_document(client: FlaskClient) -> None:
    doc = client.get("/api/documents/russia-1").get_json()
    validator("Document").validate(doc)
    assert doc["id"] == "russia-1" and doc["source"] == "alriyadh" and doc["date"] == "2015-07-21"
    assert doc["body"].startswith("قالت رُوسِيَا")
    slashed = client.get("/api/documents/https://example.com/path/with/slashes")
    assert slashed.status_code == 200 and slashed.get_json()["title"] == "خبر معرّفه رابط"


def test_unknown_document_is_404_json(client: FlaskClient) -> None:
    reply = client.get("/api/documents/no-such-id")
    assert reply.status_code == 404
    validator("Error").validate(reply.get_json())
    assert reply.get_json()["error"]["code"] == "unknown_document"


def test_suggest(client: FlaskClient) -> None:
    reply = client.get("/api/suggest", query_string={"q": "ولي الع"})
    assert reply.status_code == 200
    validator("Suggestions").validate(reply.get_json())
    assert reply.get_json()["suggestions"][0] == "ولي العهد"
    # Prefixes match whatever the hamza or diacritics, and words show as written.
    assert client.get("/api/suggest?q=الاش").get_json()["suggestions"] == ["الأشهر"]
    assert client.get("/api/suggest?q=رُوس").get_json()["suggestions"] == ["رُوسِيَا"]
    # A finished word (a trailing space) is not completed.
    assert client.get("/api/suggest", query_string={"q": "ولي "}).get_json()["suggestions"] == []
    assert client.get("/api/suggest?q=").status_code == 400
    assert client.get("/api/suggest").get_json()["error"]["code"] == "missing_query"


def test_healthz(client: FlaskClient, index_dir: Path) -> None:
    data = client.get("/healthz").get_json()
    validator("Health").validate(data)
    name = (index_dir / "CURRENT").read_text().strip()
    assert data == {"status": "ok", "generation": name, "version": name, "documents": 19}


def test_missing_index_is_503_everywhere(tmp_path: Path) -> None:
    client = create_app({"INDEX": str(tmp_path / "nothing-here"), "TESTING": True}).test_client()
    health = client.get("/healthz")
    error = check_not_ready(health.get_data(), health.status_code)
    assert error["code"] == "no_index" and "bahth index build" in error["message"]
    api = client.get("/api/search?q=خبر")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "index_unavailable"
    page = client.get("/")
    assert page.status_code == 503
    assert "البحث غير متاح الآن" in page.get_data(as_text=True)
    assert client.get("/metrics").status_code == 200


def test_unknown_routes_and_methods(client: FlaskClient) -> None:
    assert client.get("/api/nothing").get_json()["error"]["code"] == "not_found"
    reply = client.post("/api/search?q=خبر")
    assert reply.status_code == 405 and reply.get_json()["error"]["code"] == "method_not_allowed"


def test_unexpected_errors_are_a_bare_500(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("search.engine.Engine.search", broken)
    reply = client.get("/api/search?q=خبر")
    assert reply.status_code == 500
    assert reply.get_json()["error"]["code"] == "internal_error"
    assert "secret" not in reply.get_data(as_text=True)
    page = client.get("/search?q=خبر")
    assert page.status_code == 500 and "secret" not in page.get_data(as_text=True)


def test_security_headers(client: FlaskClient) -> None:
    for path in ("/", "/api/search?q=خبر", "/static/style.css"):
        with client.get(path) as reply:
            headers = reply.headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_openapi_describes_the_routes(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    Draft202012Validator.check_schema(document["components"]["schemas"]["SearchResults"])
    routes = {rule.rule.replace("<path:doc_id>", "{id}") for rule in client.application.url_map.iter_rules()
              if rule.endpoint.startswith(("api.", "probes.")) or rule.rule == "/metrics"}
    assert routes == set(document["paths"])
    per_page = next(p for p in document["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "per_page")
    assert per_page["schema"]["maximum"] == 100


def test_metrics_count_requests(client: FlaskClient) -> None:
    def count() -> float:
        text = client.get("/metrics").get_data(as_text=True)
        line = 'bahth_http_requests_total{endpoint="/api/documents/<path:doc_id>",method="GET",status="404"}'
        return next((float(row.split()[-1]) for row in text.splitlines() if row.startswith(line)), 0.0)

    before = count()
    for _ in range(3):
        client.get("/api/documents/nothing")
    after = client.get("/metrics").get_data(as_text=True)
    assert count() == before + 3
    assert "bahth_http_request_duration_seconds_bucket" in after
    assert "bahth_index_documents 19.0" in after
