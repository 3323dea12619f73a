"""The search page and the document page, rendered on the server."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from search.results import Copies
from tests.support import Page, get_page
from web import arabic
from web.pages import page_numbers


def query_of(href: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(href).query))


def test_landing_page(client: FlaskClient) -> None:
    html, page = get_page(client, "/")
    assert page.all("html", lang="ar", dir="rtl")
    box = page.all("input", id="q")[0]
    assert box["name"] == "q" and box["role"] == "combobox"
    assert page.all("label", **{"for": "q"})
    assert "١٩ وثيقة" in html
    assert not page.all("select")  # filters appear with a query


def test_results_page(client: FlaskClient) -> None:
    html, page = get_page(client, "/search?q=روسيا")
    assert page.all("input", id="q")[0]["value"] == "روسيا"
    assert "نتيجة واحدة عن" in html
    assert '<mark>رُوسِيَا</mark>' in html
    assert "ثانية" in html  # time taken
    assert "٢١ يوليو ٢٠١٥" in html and "الرياض" in html and "مقال" in html
    link = page.all("a", href="https://example.com/news/russia-1")
    assert link and link[0]["rel"] == "noopener noreferrer"
    assert page.all("a", href="/documents/russia-1?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7")  # q=روسيا


def test_marked_words_side_by_side_are_one_mark(client: FlaskClient) -> None:
    html, _ = get_page(client, "/search?q=ولي+العهد")
    assert re.search('<a href="/documents/crown-1[?][^"]*"><mark>ولي العهد</mark> يستقبل', html)
    assert "استقبل <mark>ولي العهد</mark> في الرياض" in html
    assert "</mark> <mark>" not in html


def test_filters_keep_their_values(client: FlaskClient) -> None:
    html, page = get_page(client, "/search?q=ولي+العهد&kind=article&source=okaz"
                                  "&from=2015-07-01&to=2015-07-31&sort=newest")
    for value in ("article", "okaz", "newest"):
        assert "selected" in page.all("option", value=value)[0], value
    assert page.all("input", id="from")[0]["value"] == "2015-07-01"
    assert "٤ نتائج" in html
    assert "عكاظ (٤)" in html  # source names and counts in Arabic
    assert page.all("a", **{"class": "reset"})


def test_pagination(client: FlaskClient) -> None:
    html, page = get_page(client, "/search?q=ولي+العهد&per_page=2&page=3")
    current = page.all("a", **{"aria-current": "page"})
    assert len(current) == 1 and "page=3" in (current[0]["href"] or "")
    hrefs = [a["href"] or "" for a in page.all("a") if "page=" in (a["href"] or "")]
    assert any("page=2" in h for h in hrefs) and any("page=4" in h for h in hrefs)
    assert any("page=7" in h for h in hrefs)  # the last page
    assert all("per_page=2" in h and "q=" in h for h in hrefs)
    assert page.all("ol", start="5")


@pytest.mark.parametrize(("page", "total", "expected"), [
    (1, 0, [1]),
    (1, 25, [1, 2, 3]),
    (5, 100, [1, None, 3, 4, 5, 6, 7, None, 10]),
    (1000, 10**6, [1, None, 998, 999, 1000]),
])
def test_page_numbers(page: int, total: int, expected: list[int | None]) -> None:
    assert page_numbers(page, 10, total) == expected


def test_did_you_mean_link(client: FlaskClient) -> None:
    _, page = get_page(client, "/search?q=ولي+العحد&kind=article&exact=1")
    link = [a for a in page.all("a") if "%D8%A7%D9%84%D8%B9%D9%87%D8%AF" in (a["href"] or "")]
    assert link and "kind=article" in (link[0]["href"] or "")


def test_empty_state(client: FlaskClient) -> None:
    html, _ = get_page(client, "/search?q=كلمةلاوجودلها&source=okaz")
    assert "لا نتائج" in html and "لم نجد ما يطابق بحثك" in html
    assert "ابحث دون تصفية" in html


def test_error_state_keeps_the_query(client: FlaskClient) -> None:
    html, page = get_page(client, "/search?q=خبر&per_page=1000", status=400)
    assert page.all("input", id="q")[0]["value"] == "خبر"
    assert 'role="alert"' in html and "«عدد النتائج في الصفحة»" in html


@pytest.mark.parametrize(("url", "named"), [
    ("/search?q=خبر&page=0", {"page": "رقم الصفحة"}),
    ("/search?q=خبر&per_page=1000", {"per_page": "عدد النتائج في الصفحة"}),
    ("/search?q=خبر&kind=video", {"kind": "النوع"}),
    ("/search?q=خبر&sort=oldest", {"sort": "الترتيب"}),
    ("/search?q=خبر&from=yesterday", {"from": "من تاريخ"}),
    ("/search?q=خبر&to=2015-13-01", {"to": "إلى تاريخ"}),
    ("/search?q=خبر&from=2015-08-01&to=2015-07-01", {"from": "من تاريخ", "to": "إلى تاريخ"}),
    ("/search?q=خبر+source:okaz&source=sabq", {"source": "المصدر"}),
    ("/search?q=خبر&collapse=maybe", {"collapse": "النسخ المكررة"}),
    ("/search?q=خبر&group=abc", {"group": "مجموعة النسخ"}),
    ("/search?q=خبر&exact=maybe", {"exact": "البحث عن الكلمات كما كُتبت"}),
    ("/related", {"id": "معرّف الوثيقة"}),
])
def test_an_error_names_the_parameter_as_a_reader_knows_it(client: FlaskClient, url: str,
                                                           named: dict[str, str]) -> None:
    html, _ = get_page(client, url, status=400)
    alert = re.search(r'role="alert">(.*?)</div>', html, re.S)
    assert alert is not None
    said = re.sub(r"<[^>]+>", "", alert.group(1))
    for name, label in named.items():
        assert f"«{label}»" in said and not re.search(rf"\b{name}\b", said), said
    # The API's message names it as it is sent.
    api = client.get(url.replace("/search", "/api/search").replace("/related", "/api/related"))
    assert all(f"'{name}'" in api.get_json()["error"]["message_ar"] for name in named)


def test_hostile_text_is_escaped(client: FlaskClient) -> None:
    query = '"><script>alert(1)</script> خبيث'
    reply = client.get("/search", query_string={"q": query})
    html = reply.get_data(as_text=True)
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert "onmouseover='" not in html
    assert "&lt;script&gt;" in html
    # The only scripts are ours, from /static, and no link runs javascript:.
    page = Page(html)
    assert [s["src"] for s in page.all("script")] == ["/static/suggest.js"]
    assert not any((a["href"] or "").lower().startswith("javascript") for a in page.all("a"))
    assert not any(attr.startswith("on") for _, attrs in page.tags for attr in attrs)
    # The query stays inside the value attribute of the box.
    assert page.all("input", id="q")[0]["value"] == query


def test_no_inline_script_or_style(client: FlaskClient) -> None:
    for url in ("/", "/search?q=ولي+العهد", "/documents/russia-1", "/nowhere"):
        html = client.get(url).get_data(as_text=True)
        page = Page(html)
        assert all(s.get("src") for s in page.all("script")), url
        assert not page.all("style") and not any("style" in attrs for _, attrs in page.tags), url


def test_document_page(client: FlaskClient) -> None:
    html, page = get_page(client, "/documents/hostile")
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert not page.all("a", href="javascript:alert(1)")
    html, _ = get_page(client, "/documents/https://example.com/path/with/slashes")
    assert "خبر معرّفه رابط" in html
    html, _ = get_page(client, "/documents/unknown", status=404)
    assert "الصفحة غير موجودة" in html


def test_a_document_has_the_search_box_and_leads_back_to_the_results(client: FlaskClient) -> None:
    search = "/search?q=ولي+العهد&kind=article&per_page=2&page=3"
    html, page = get_page(client, search)
    href = next(a["href"] or "" for a in page.all("a") if (a["href"] or "").startswith("/documents/crown-"))
    assert set(query_of(href)) == {"q", "kind", "per_page", "page"}  # the search, as the reader made it
    document, doc = get_page(client, href)
    assert doc.all("input", id="q")[0]["value"] == "ولي العهد"
    assert not doc.all("select") and not any("autofocus" in attrs for _, attrs in doc.tags)  # the box alone
    back = doc.all("a", **{"class": "back-link"})
    assert len(back) == 1 and query_of(back[0]["href"] or "") == query_of(search)
    assert "العودة إلى نتائج «<bdi>ولي العهد</bdi>»" in document
    results, _ = get_page(client, back[0]["href"] or "")
    assert re.findall('<ol class="hits".*</ol>', results, re.S) == re.findall('<ol class="hits".*</ol>', html, re.S)
    related = doc.all("a", **{"class": "related-link"})[0]["href"] or ""
    assert query_of(related) == {"id": href.split("?")[0].removeprefix("/documents/"), **query_of(search)}


def test_a_document_reached_without_a_search_has_no_way_back(client: FlaskClient) -> None:
    _, page = get_page(client, "/documents/russia-1")
    assert page.all("input", id="q")[0]["value"] == "" and not page.all("a", **{"class": "back-link"})
    assert page.all("a", **{"class": "related-link"})[0]["href"] == "/related?id=russia-1"


def test_related_articles_mark_only_the_words_searched(client: FlaskClient) -> None:
    search = {"q": "ولي العهد", "sort": "newest"}
    html, page = get_page(client, "/related?" + urlencode({"id": "crown-1", **search}))
    assert page.all("input", id="q")[0]["value"] == "ولي العهد"
    back = page.all("a", **{"class": "back-link"})
    assert len(back) == 1 and query_of(back[0]["href"] or "") == search
    hits = re.findall('<li class="hit">.*?</li>', html, re.S)
    assert len(hits) > 5
    marked = {mark for hit in hits for mark in re.findall("<mark>(.*?)</mark>", hit)}
    assert marked == {"ولي العهد"}  # not the document's key terms (استقبل, وفدا, رسميا…)
    alone, _ = get_page(client, "/related?id=crown-1")
    assert "<mark>" not in alone and 'class="back-link"' not in alone
    # The API marks the same way.
    api = client.get("/api/related", query_string={"id": "crown-1", "q": "ولي العهد"}).get_json()
    assert {m for hit in api["hits"] for m in re.findall("<mark>(.*?)</mark>", hit["snippet"])} == {"ولي العهد"}
    bare = client.get("/api/related", query_string={"id": "crown-1"}).get_json()
    assert not any("<mark>" in hit["snippet"] + hit["title_html"] for hit in bare["hits"])


def test_arabic_formatting() -> None:
    assert arabic.number(30973) == "٣٠٬٩٧٣"
    assert arabic.day("2015-07-21T02:16:13") == "٢١ يوليو ٢٠١٥"
    assert [arabic.results(n) for n in (0, 1, 2, 3, 11, 103)] == [
        "لا نتائج", "نتيجة واحدة", "نتيجتان", "٣ نتائج", "١١ نتيجة", "١٠٣ نتائج"]
    assert arabic.link("javascript:alert(1)") is None and arabic.link(" JaVaScRiPt:x") is None
    assert arabic.link("https://example.com/x") == "https://example.com/x"
    assert arabic.source("okaz") == "عكاظ" and arabic.source("new-site") == "new-site"


@pytest.mark.parametrize(("copies", "said"), [
    (Copies(1, ["okaz"], 0, "g"), "ونشره أيضاً مصدر آخر: عكاظ"),
    (Copies(5, ["aleqtisadiya", "3alyoum", "alyaum"], 2, "g"),
     "ونشرته أيضاً ٣ مصادر أخرى: الاقتصادية، عاجل اليوم، اليوم؛ ونُشرت منه نسختان أخريان في الرياض نفسها"),
    (Copies(1, [], 1, "g"), "ونُشرت منه نسخة أخرى في الرياض نفسها"),
    (Copies(3, [], 0, "g"), "ونُشرت منه ٣ نسخ أخرى"),  # copies with no source
])
def test_also_carried_names_only_other_sources(copies: Copies, said: str) -> None:
    assert arabic.also_carried(copies, "alriyadh") == said


def test_page_text_is_arabic(client: FlaskClient) -> None:
    _, page = get_page(client, "/search?q=ولي+العهد")
    labels = " ".join(page.text)
    assert re.search("النوع|المصدر|الترتيب|من تاريخ|إلى تاريخ", labels)
    assert "article" not in " ".join(t.strip() for t in page.text)
