"""Property tests: whatever the query and parameters, the JSON API and the page
answer 200 or a 4xx, never a 5xx; every 4xx of the API has the JSON error
shape; every answer is well-formed (valid JSON of the documented schema, or a
whole Arabic page whose only markup and script are ours)."""
from __future__ import annotations

import time
import urllib.parse

from flask import Flask
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.support import DOCUMENT, RESULTS, SUGGESTIONS, check_json_error, check_page

# Pieces of query syntax, scripts, invisible characters and markup, to be
# strung together: random text alone seldom hits the parser's corners.
TOKENS = [
    "ولي", "العهد", "السعودية", "اقتصادية", "رُوسِيَا", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE",
    "(", ")", '"', "'", "*", "ا*", "*ية", "?", "~", "~2", "^2", "title:", "nosuch:", ":", "[", "]", "{", "}",
    "TO", "-", "+", "\\", "/", "..", "%", "%00", "\x00", "\x1b", "\r\n", "\t", "\u202e", "\u200c", "\u200d",
    "\ufeff", "ـ", "\u0651", "\u064b", "<script>", "</mark>", "<mark>", "&amp;", "&#60;", "؟", "،", "«", "»",
    "2015", "١٤٣٦", "x", "😀", "\U0001d400", "\ufffd",
]
_CHARS = st.characters(exclude_categories=("Cs",))  # the test client sends UTF-8: no lone surrogates
QUERIES = st.one_of(
    st.text(_CHARS, max_size=600),
    st.lists(st.sampled_from(TOKENS), max_size=120).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=120).map("".join),
)
JUNK = st.one_of(st.text(_CHARS, max_size=12), st.integers(-10**6, 10**6).map(str))
PARAMS = st.fixed_dictionaries({}, optional={
    "page": st.one_of(JUNK, st.integers(1, 1001).map(str)),
    "per_page": st.one_of(JUNK, st.integers(0, 101).map(str)),
    "kind": st.one_of(JUNK, st.sampled_from(["article", "teaser", ""])),
    "source": st.one_of(JUNK, st.sampled_from(["okaz", "sabq", ""])),
    "from": st.one_of(JUNK, st.dates().map(str)),
    "to": st.one_of(JUNK, st.dates().map(str)),
    "sort": st.one_of(JUNK, st.sampled_from(["relevance", "newest"])),
})
def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# A search of the small index takes milliseconds; a second means something runs away.
SLOW = 1.5


@fuzz(200)
@given(q=st.one_of(st.none(), QUERIES), params=PARAMS)
def test_api_search(app: Flask, q: str | None, params: dict[str, str]) -> None:
    query = {**params, **({"q": q} if q is not None else {})}
    started = time.perf_counter()
    reply = app.test_client().get("/api/search", query_string=query)
    assert time.perf_counter() - started < SLOW, query
    assert reply.status_code in (200, 400), (query, reply.status_code)
    assert reply.content_type == "application/json"
    if reply.status_code == 400:
        check_json_error(reply.get_data(), 400)
    else:
        data = reply.get_json()
        RESULTS.validate(data)
        assert len(data["hits"]) <= data["per_page"]
        for hit in data["hits"]:
            for html in (hit["title_html"], hit["snippet"]):
                assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


@fuzz(120)
@given(q=st.one_of(st.none(), QUERIES), params=PARAMS)
def test_search_page(app: Flask, q: str | None, params: dict[str, str]) -> None:
    query = {**params, **({"q": q} if q is not None else {})}
    reply = app.test_client().get("/search", query_string=query)
    assert reply.status_code in (200, 400), (query, reply.status_code)
    assert reply.content_type == "text/html; charset=utf-8"
    check_page(reply.get_data(as_text=True))


@fuzz(100)
@given(q=st.one_of(st.none(), QUERIES))
def test_suggest(app: Flask, q: str | None) -> None:
    reply = app.test_client().get("/api/suggest", query_string={} if q is None else {"q": q})
    assert reply.status_code in (200, 400), (q, reply.status_code)
    if reply.status_code == 400:
        check_json_error(reply.get_data(), 400)
    else:
        SUGGESTIONS.validate(reply.get_json())


@fuzz(100)
@given(doc_id=st.one_of(st.text(_CHARS, min_size=1, max_size=80),
                        st.lists(st.sampled_from(["..", "/", "%2e", "%2f", "etc", "passwd", "crown-1", "\\", "%00"]),
                                 min_size=1, max_size=12).map("".join)))
def test_documents(app: Flask, doc_id: str) -> None:
    client = app.test_client()
    quoted = urllib.parse.quote(doc_id, safe="")
    api = client.get("/api/documents/" + quoted)
    assert api.status_code in (200, 404), (doc_id, api.status_code)
    assert api.content_type == "application/json"
    if api.status_code == 200:
        DOCUMENT.validate(api.get_json())
        assert api.get_json()["id"] == doc_id
    else:
        check_json_error(api.get_data(), 404)
    page = client.get("/documents/" + quoted)
    assert page.status_code == api.status_code
    check_page(page.get_data(as_text=True))
