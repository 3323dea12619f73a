"""Ids that a path cannot carry as they are: "." and ".." segments, which
browsers resolve away (percent-encoded too: the URL standard), and newlines.
The results page links to each in a form a browser keeps, and every lookup
finds each."""
from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.support import DOCUMENT, app_client, build_index, check_page, get_page

# "b" is where a browser would take a link to "a/../b" written in the path.
ODD_IDS = ["a/../b", "..", ".", "x\ny", "b", "a/./b", "../..", "./x", "x/..", "x/.", "c/%2e%2e/d", "n\r\nm"]
WORD = "استطلاع"


def title(n: int) -> str:
    return f"{WORD} رقم {n}"


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    docs = [{"id": doc_id, "title": title(n), "body": f"{WORD} عن المدن والأسواق، الوثيقة {n}.", "source": "okaz"}
            for n, doc_id in enumerate(ODD_IDS)]
    index = build_index(tmp_path_factory.mktemp("odd") / "index", docs)
    with app_client(INDEX=str(index)) as client:
        yield client


def dot_segments(href: str) -> list[str]:
    """The segments of ``href``'s path a browser would resolve: "." and "..",
    also written %2e (any case)."""
    path = urllib.parse.urlsplit(href).path
    return [s for s in path.split("/") if s.lower().replace("%2e", ".") in (".", "..")]


def check_kept(href: str) -> None:
    """A browser follows ``href`` as written: nothing in it to resolve away."""
    assert not dot_segments(href), href
    base = "https://bahth.example/search?q=x"
    assert urllib.parse.urljoin(base, href) == "https://bahth.example" + href, href


def test_the_results_link_to_every_document_as_it_is(odd_client: FlaskClient) -> None:
    _, page = get_page(odd_client, "/search?" + urllib.parse.urlencode({"q": WORD, "per_page": 50}))
    titles = [a["href"] or "" for a in page.all("a") if (a["href"] or "").startswith("/documents")]
    related = [a["href"] or "" for a in page.all("a", **{"class": "related-link"})]
    assert len(titles) == len(related) == len(ODD_IDS)
    titles_of = {title(n) for n in range(len(ODD_IDS))}
    shown = set()
    for href in titles:
        check_kept(href)
        html, document = get_page(odd_client, href)
        check_page(html)
        shown.add(next(t for t in document.text if t in titles_of))  # its heading
        # The document's own link to related articles, and back from there.
        more = next(a["href"] or "" for a in document.all("a", **{"class": "related-link"}))
        check_kept(more)
        _, related_page = get_page(odd_client, more)
        back = [a["href"] or "" for a in related_page.all("a") if (a["href"] or "").startswith("/documents")]
        for link in back:
            check_kept(link)
    assert shown == titles_of, "a link led to another document"
    for href in related:
        check_kept(href)
        get_page(odd_client, href)


@pytest.mark.parametrize("doc_id", ODD_IDS)
def test_every_lookup_finds_the_id(odd_client: FlaskClient, doc_id: str) -> None:
    in_query = urllib.parse.urlencode({"id": doc_id})
    for target in ("/api/documents/" + urllib.parse.quote(doc_id, safe=""),
                   "/api/documents/" + urllib.parse.quote(doc_id, safe="/."),  # dots and slashes as typed
                   "/api/documents?" + in_query):
        reply = odd_client.get(target)
        assert reply.status_code == 200, target
        DOCUMENT.validate(reply.get_json())
        assert reply.get_json()["id"] == doc_id
    for target in ("/documents/" + urllib.parse.quote(doc_id, safe="/."), "/documents?" + in_query,
                   "/related?" + in_query):
        html, _ = get_page(odd_client, target)
        assert title(ODD_IDS.index(doc_id)) in html, target
    related = odd_client.get("/api/related?" + in_query)
    assert related.status_code == 200 and related.get_json()["id"] == doc_id


def test_an_empty_or_unknown_id_in_the_query_is_a_404(odd_client: FlaskClient) -> None:
    for target in ("/api/documents?id=", "/api/documents", "/api/documents?id=a/b"):
        reply = odd_client.get(target)
        assert reply.status_code == 404 and reply.get_json()["error"]["code"] == "unknown_document"
    get_page(odd_client, "/documents?id=nothing", status=404)
