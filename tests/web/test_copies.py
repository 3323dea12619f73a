"""Syndicated copies collapsed into one hit, and "more like this", through
the JSON API and the page (Flask's test client) and the CLI."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from search.store import build, schema
from tests.support import (
    COPY_SOURCE,
    PALM_STORY,
    app_client,
    bahth_run,
    build_index,
    syndicated_records,
    validator,
    write_jsonl,
)
from web import ENGINE, create_app

PALM = {"palm-was", "palm-okaz", "palm-wire"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("copies") / "index", syndicated_records())


@pytest.fixture(scope="module")
def client(index: Path) -> Iterator[FlaskClient]:
    app = create_app({"INDEX": str(index), "TESTING": True})
    yield app.test_client()
    app.extensions[ENGINE].close()


def search(client: FlaskClient, **params: str) -> dict:
    reply = client.get("/api/search", query_string=params)
    assert reply.status_code == 200, reply.get_data(as_text=True)
    validator("SearchResults").validate(reply.get_json())
    return reply.get_json()


def test_copies_collapse_into_one_hit(client: FlaskClient) -> None:
    data = search(client, q="مزارعي النخيل")
    ids = [hit["id"] for hit in data["hits"]]
    assert len(PALM & set(ids)) == 1  # one hit stands for the story
    story = next(hit for hit in data["hits"] if hit["id"] in PALM)
    others = PALM - {story["id"]}
    sources = {"palm-was": "was", "palm-okaz": "okaz", "palm-wire": COPY_SOURCE}
    assert story["copies"]["count"] == 2 and story["copies"]["same_source"] == 0
    assert sorted(story["copies"]["sources"]) == sorted(sources[i] for i in others)
    assert re.fullmatch(r"[0-9a-f]{32}", story["copies"]["group"])
    # The total and the facets count the story once.
    assert data["total"] == len(ids) == 4
    assert sum(data["facets"]["source"].values()) == data["total"]
    assert all(hit["copies"] is None for hit in data["hits"] if hit["id"] not in PALM)


def test_short_texts_and_related_stories_are_not_copies(client: FlaskClient) -> None:
    ids = {hit["id"] for hit in search(client, q="مزارعي النخيل")["hits"]}
    # The same short sentence in two papers, and another story on the same subject, stay apart.
    assert {"short-okaz", "short-sabq", "dates-festival"} <= ids


def test_collapse_off_shows_every_copy(client: FlaskClient) -> None:
    for value in ("0", "false"):
        data = search(client, q="مزارعي النخيل", collapse=value)
        assert {hit["id"] for hit in data["hits"]} >= PALM and data["total"] == 6
        assert all(hit["copies"] is None for hit in data["hits"])
    assert search(client, q="مزارعي النخيل", collapse="1")["total"] == 4


def test_group_lists_the_copies(client: FlaskClient) -> None:
    story = next(h for h in search(client, q="النخيل")["hits"] if h["id"] in PALM)
    data = search(client, q="النخيل", group=story["copies"]["group"])
    assert {hit["id"] for hit in data["hits"]} == PALM and data["total"] == 3


def test_operator_queries_collapse_too(client: FlaskClient) -> None:
    data = search(client, q="النخيل AND الزراعة")
    story = [hit for hit in data["hits"] if hit["id"] in PALM]
    assert len(story) == 1 and story[0]["copies"]["count"] == 2
    assert search(client, q="النخيل AND الزراعة", collapse="0")["total"] == data["total"] + 2


@pytest.mark.parametrize(("params", "code"), [
    ({"q": "النخيل", "collapse": "maybe"}, "bad_collapse"),
    ({"q": "النخيل", "group": "<script>"}, "bad_group"),
    ({"q": "النخيل", "group": "abc"}, "bad_group"),
])
def test_bad_parameters(client: FlaskClient, params: dict[str, str], code: str) -> None:
    reply = client.get("/api/search", query_string=params)
    assert reply.status_code == 400 and reply.get_json()["error"]["code"] == code
    page = client.get("/search", query_string=params)
    assert page.status_code == 400 and "<script>" not in page.get_data(as_text=True)


def test_page_shows_copies_with_a_link_to_them(client: FlaskClient) -> None:
    page = client.get("/search", query_string={"q": "مزارعي النخيل"}).get_data(as_text=True)
    assert "ونشره أيضاً مصدران آخران" in page
    assert COPY_SOURCE not in page and str(escape(COPY_SOURCE)) in page
    link = re.search(r'class="copies-link" href="([^"]+)"', page)
    assert link is not None
    shown = client.get(html.unescape(link.group(1))).get_data(as_text=True)
    assert all(f"/documents/{doc_id}" in shown for doc_id in PALM)
    assert "نسخ خبر واحد" in shown and "ونشره أيضاً" not in shown
    everything = client.get("/search", query_string={"q": "مزارعي النخيل", "collapse": "0"}).get_data(as_text=True)
    assert all(f"/documents/{doc_id}" in everything for doc_id in PALM) and "copies-link" not in everything


def test_a_copy_in_the_hits_own_source_is_no_other_source(tmp_path: Path) -> None:
    again = {"id": "palm-was-again", "title": "خطة للشمال", "body": "واس\n" + PALM_STORY + "\nانتهى",
             "source": "was", "date": "2015-07-21"}
    index = build_index(tmp_path / "index", [*syndicated_records(), again])
    with app_client(INDEX=str(index)) as client:
        story = search(client, q="تطلق خطة لدعم مزارعي النخيل")["hits"][0]
        assert story["id"] == "palm-was" and story["source"] == "was"
        assert story["copies"]["count"] == 3 and story["copies"]["same_source"] == 1
        assert sorted(story["copies"]["sources"]) == sorted(["okaz", COPY_SOURCE])  # not was
        page = client.get("/search", query_string={"q": "تطلق خطة لدعم مزارعي النخيل"}).get_data(as_text=True)
    said = re.search('<span class="copies">([^<]*)</span>', page)
    assert said is not None
    assert said.group(1) in (f"ونشره أيضاً مصدران آخران: {names}؛ ونُشرت منه نسخة أخرى في واس نفسها"
                             for names in (f"عكاظ، {escape(COPY_SOURCE)}", f"{escape(COPY_SOURCE)}، عكاظ"))
    printed = bahth_run("search", "تطلق خطة لدعم مزارعي النخيل", "--index", index).out.splitlines()
    carried = next(line for line in printed if "--group" in line)
    assert carried.startswith("   also carried by ") and "; 1 more in واس itself (3 more;" in carried  # by name
    assert "was," not in carried and "was;" not in carried


def test_more_like_this(client: FlaskClient) -> None:
    reply = client.get("/api/related", query_string={"id": "palm-was"})
    assert reply.status_code == 200
    data = reply.get_json()
    validator("RelatedResults").validate(data)
    ids = [hit["id"] for hit in data["hits"]]
    assert ids and ids[0] == "dates-festival"
    assert PALM.isdisjoint(ids)  # never the document itself, nor its copies
    assert "football" not in ids and data["terms"]


def test_more_like_this_page(client: FlaskClient) -> None:
    page = client.get("/search", query_string={"q": "مهرجان التمور"}).get_data(as_text=True)
    link = re.search(r'class="related-link" href="([^"]+)"', page)
    assert link is not None
    related = client.get(html.unescape(link.group(1)))
    assert related.status_code == 200
    text = related.get_data(as_text=True)
    assert "مقالات مشابهة" in text and "/documents/palm-" in text
    assert COPY_SOURCE not in text
    heading = text.split('<h1 class="related-heading">')[1].split("</h1>")[0]
    assert 'href="/documents/dates-festival?q=' in heading


@pytest.mark.parametrize("path", ["/api/related", "/related"])
def test_more_like_this_of_an_unknown_document(client: FlaskClient, path: str) -> None:
    assert client.get(path, query_string={"id": "no-such-id"}).status_code == 404
    assert client.get(path, query_string={"id": "<b>x</b>/related"}).status_code == 404
    missing = client.get(path)
    assert missing.status_code == 400
    # The page's page and per_page are those of the search it leads back to.
    paged = client.get(path, query_string={"id": "palm-was", "per_page": "0"}).status_code
    assert paged == (400 if path.startswith("/api/") else 200)


def test_cli(index: Path) -> None:
    collapsed = bahth_run("search", "مزارعي النخيل", "--index", index)
    assert collapsed.code == 0 and "also carried by" in collapsed.out
    every = bahth_run("search", "مزارعي النخيل", "--all-copies", "--json", "--index", index).json()
    assert every["total"] == 6
    assert bahth_run("search", "النخيل", "--group", "nope", "--index", index).code == 2


def test_an_index_built_before_copy_groups_serves_without_collapsing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def without_copy_groups(lead_words: int, lead_boost: float, clitics: object = None) -> object:
        old = schema.build_schema(lead_words, lead_boost)
        old.remove("copy_group")
        return old

    monkeypatch.setattr(build, "build_schema", without_copy_groups)
    index = build_index(tmp_path / "index", syndicated_records())
    monkeypatch.undo()
    assert bahth_run("index", "update", write_jsonl(tmp_path / "more.jsonl", syndicated_records()[:1]),
                     "--index", index).code == 0
    app = create_app({"INDEX": str(index), "TESTING": True})
    try:
        old = app.test_client()
        data = search(old, q="مزارعي النخيل")
        assert {hit["id"] for hit in data["hits"]} >= PALM and data["total"] == 6
        assert all(hit["copies"] is None for hit in data["hits"])
        assert search(old, q="النخيل AND الزراعة")["total"] == 4  # the story three times, and the festival
        related = old.get("/api/related", query_string={"id": "palm-was"}).get_json()
        assert related["hits"][0]["id"] in PALM - {"palm-was"}  # its copies are not known
    finally:
        app.extensions[ENGINE].close()


# Short items (too short for a body fingerprint), grouped or kept apart by
# their headline and opening (search/ingest/stories.py).
SHIP = "وصلت إلى ميناء عدن صباح اليوم سفينة درب الخير الإغاثية محملة بثلاثة آلاف طن من المواد الغذائية والطبية."
CONDOLENCE = ("بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية عزاء ومواساة لفخامة رئيس جمهورية {}، "
              "في ضحايا {}، أعرب فيها عن أحر التعازي وصادق المواساة لأسر المتوفين.")


def short_items() -> list[dict[str, str]]:
    return [
        {"id": "ship-sabq", "title": "وصول سفينة درب الخير الإغاثية إلى ميناء عدن", "body": SHIP,
         "source": "sabq", "date": "2015-07-26"},
        {"id": "ship-okaz", "title": "سفينة «درب الخير» الإغاثية تصل ميناء عدن",
         "body": "عدن - واس\n" + SHIP.replace("صباح اليوم ", ""), "source": "okaz", "date": "2015-07-27"},
        {"id": "ship-later", "title": "وصول سفينة درب الخير الإغاثية إلى ميناء عدن", "body": SHIP,
         "source": "alriyadh", "date": "2015-08-05"},
        {"id": "condolence-niger", "title": "عام / خادم الحرمين الشريفين يعزي رئيس جمهورية",
         "body": CONDOLENCE.format("النيجر", "الفيضانات"), "source": "was", "date": "2015-08-03"},
        {"id": "condolence-peru", "title": "عام / خادم الحرمين الشريفين يعزي رئيس جمهورية",
         "body": CONDOLENCE.format("بيرو", "الزلزال"), "source": "was", "date": "2015-08-03"},
        *({"id": f"aid-{source}", "title": "سفينة إغاثة سعودية ثانية تبحر إلى ميناء عدن", "source": source,
           "body": "أبحرت من ميناء جدة سفينة إغاثة سعودية ثانية متجهة إلى ميناء عدن محملة بالأدوية.",
           "date": date} for source, date in (("alyaum", "2015-07-27"), ("almadina", "2015-07-28"))),
        *syndicated_records(),
    ]


@pytest.fixture(scope="module")
def short_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    with app_client(INDEX=str(build_index(tmp_path_factory.mktemp("short") / "index", short_items()))) as client:
        yield client


def test_short_copies_a_day_apart_are_one_story(short_client: FlaskClient) -> None:
    data = search(short_client, q="سفينة درب الخير")
    ship = [hit for hit in data["hits"] if hit["id"].startswith("ship-")]
    story = next(hit for hit in ship if hit["id"] in {"ship-sabq", "ship-okaz"})
    assert story["copies"]["count"] == 1 and story["copies"]["sources"] != [story["source"]]
    group = search(short_client, q="سفينة درب الخير", group=story["copies"]["group"])
    assert {hit["id"] for hit in group["hits"]} == {"ship-sabq", "ship-okaz"}


def test_copies_further_apart_than_the_window_stay_apart(short_client: FlaskClient) -> None:
    ids = {hit["id"] for hit in search(short_client, q="سفينة درب الخير")["hits"]}
    assert "ship-later" in ids  # nine days on: another story, or the same one told again
    assert len(ids & {"ship-sabq", "ship-okaz"}) == 1


def test_different_stories_with_one_formulaic_headline_stay_apart(short_client: FlaskClient) -> None:
    data = search(short_client, q="خادم الحرمين يعزي")
    ids = {hit["id"] for hit in data["hits"]}
    assert {"condolence-niger", "condolence-peru"} <= ids
    assert all(hit["copies"] is None for hit in data["hits"])


def test_more_like_this_lists_no_copy_and_one_per_story(short_client: FlaskClient) -> None:
    related = short_client.get("/api/related", query_string={"id": "ship-sabq"}).get_json()
    ids = [hit["id"] for hit in related["hits"]]
    assert "ship-sabq" not in ids and "ship-okaz" not in ids  # the document and its copy
    assert "ship-later" in ids
    assert len([i for i in ids if i.startswith("aid-")]) == 1  # one of the second ship's two copies
