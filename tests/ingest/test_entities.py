"""HTML entities left in scraped text (&quot;, &amp;, &#8220;) are decoded
when a build reads records and page dumps, counted in the build's summary,
returned by the API as the characters they stand for, and escaped once by
the page."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.support import app_client, bahth_run, check_page, write_jsonl

RECORDS = [
    {"id": "quotes", "source": "sabq", "date": "2015-07-20",
     "title": "الأمير يفتتح &quot;مهرجان التمور&quot; في بريدة",
     "body": "قال المنظمون &#8220;إن المهرجان ناجح&#8221; وإن الزراعة &amp; المياه بخير."},
    {"id": "markup", "source": "alweeam", "date": "2015-07-21",
     "title": "&lt;script&gt;alert(1)&lt;/script&gt; مهرجان الكيانات",
     "body": "نص عن المهرجان بلا كيانات."},
    {"id": "plain", "source": "sabq", "title": "مهرجان بلا كيانات", "body": "نص عادي عن المهرجان."},
    {"teaser": "تشويقة عن &quot;المهرجان&quot; في الرياض", "source": "alyaum"},
]
# A page dump: an article line and a teaser, neither with a source.
PAGE = ("قال الوزير &quot;إن المشروع يكتمل قريبا&quot; في مؤتمر صحفي.\n\n"
        "    تشويقة عن &#8220;المهرجان&#8221; الكبير في جدة ...\n")
QUOTES_TITLE = 'الأمير يفتتح "مهرجان التمور" في بريدة'
QUOTES_BODY = "قال المنظمون “إن المهرجان ناجح” وإن الزراعة & المياه بخير."
MARKUP_TITLE = "<script>alert(1)</script> مهرجان الكيانات"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("entities")
    (root / "data").mkdir()
    write_jsonl(root / "data" / "news.jsonl", RECORDS)
    (root / "data" / "page.txt").write_text(PAGE, encoding="utf-8")
    result = bahth_run("index", "build", root / "data", "--json", "--index", root / "ix")
    assert result.code == 0, result.err
    return root / "ix", result.json()


def test_the_summary_counts_documents_with_entities_by_source(built: tuple[Path, dict], tmp_path: Path) -> None:
    index, summary = built
    assert summary["documents_with_entities"] == {"": 2, "sabq": 1, "alweeam": 1, "alyaum": 1}
    shown = bahth_run("index", "build", index.parent / "data", "--index", tmp_path / "ix")
    assert shown.code == 0, shown.err
    assert "HTML entities decoded in 5 documents: (no source) 2, sabq 1, alweeam 1, alyaum 1" in shown.out
    plain = bahth_run("index", "build", write_jsonl(tmp_path / "plain.jsonl", RECORDS[2:3]), "--json",
                      "--index", tmp_path / "ix", "--allow-shrink")
    assert plain.json()["documents_with_entities"] == {}


def test_the_api_returns_the_characters(built: tuple[Path, dict]) -> None:
    index, _ = built
    with app_client(INDEX=str(index)) as client:
        document = client.get("/api/documents/quotes").get_json()
        assert (document["title"], document["body"]) == (QUOTES_TITLE, QUOTES_BODY)
        hits = {h["id"]: h for h in client.get("/api/search", query_string={"q": "المهرجان"}).get_json()["hits"]}
        assert hits["quotes"]["title"] == QUOTES_TITLE
        # The snippet is HTML: the decoded & is escaped there once, as &amp;.
        assert "“إن <mark>المهرجان</mark> ناجح” وإن الزراعة &amp; المياه" in hits["quotes"]["snippet"]
        assert hits["markup"]["title"] == MARKUP_TITLE
        assert hits["markup"]["title_html"].startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
        teasers = sorted(h["title"] for h in hits.values() if h["kind"] == "teaser")
        assert teasers == ["تشويقة عن \"المهرجان\" في الرياض", "تشويقة عن “المهرجان” الكبير في جدة"]
        dump = client.get("/api/search", query_string={"q": "الوزير"}).get_json()["hits"]
        assert [h["title"] for h in dump] == ['قال الوزير "إن المشروع يكتمل قريبا" في مؤتمر صحفي.']
        # The names of entities are not words of the text.
        assert client.get("/api/search", query_string={"q": "quot"}).get_json()["total"] == 0


def shown(client: FlaskClient, url: str) -> tuple[str, str]:
    """A page's HTML and its text as a browser shows it."""
    reply = client.get(url)
    assert reply.status_code == 200, url
    html = reply.get_data(as_text=True)
    assert "&amp;quot;" not in html and "&amp;#8220;" not in html, url  # escaped once, not twice
    return html, "".join(check_page(html).text)  # no script but ours, no markup from the data


def test_the_page_escapes_the_decoded_text(built: tuple[Path, dict]) -> None:
    index, _ = built
    with app_client(INDEX=str(index)) as client:
        html, text = shown(client, "/search?q=مهرجان")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
        assert MARKUP_TITLE in text and QUOTES_TITLE in text
        html, text = shown(client, "/documents/markup")
        assert MARKUP_TITLE in text and "<script>alert" not in html
        _, text = shown(client, "/documents/quotes")
        assert QUOTES_TITLE in text and QUOTES_BODY in text
