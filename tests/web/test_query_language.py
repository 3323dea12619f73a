"""The query language through /api/search and the page: exclusions, the
source: and kind: filters, and the help page."""
from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.support import get_page


def search(client: FlaskClient, q: str, status: int = 200, **params: str) -> dict[str, Any]:
    reply = client.get("/api/search", query_string={"q": q, "per_page": 100, **params})
    assert reply.status_code == status, reply.get_data(as_text=True)
    return reply.get_json()


def ids(data: dict[str, Any]) -> set[str]:
    return {hit["id"] for hit in data["hits"]}


@pytest.mark.parametrize("excluded", ["-الرياض", "-رياض", "-بالرياض", "NOT الرياض", '-"في الرياض"'])
def test_an_exclusion_removes_every_document_holding_it(client: FlaskClient, excluded: str) -> None:
    # Every crown-prince article says "في الرياض"; the one teaser does not.
    everything = search(client, "ولي العهد")
    assert everything["total"] == 13
    rest = search(client, f"ولي العهد {excluded}")
    assert rest["total"] == 1 and [h["kind"] for h in rest["hits"]] == ["teaser"]
    assert ids(rest) < ids(everything)
    assert rest["facets"]["kind"] == {"teaser": 1}


def test_an_excluded_phrase_needs_its_words_in_order(client: FlaskClient) -> None:
    # The teaser holds "الطاقة الشمسية"; no document holds them the other way round.
    assert search(client, 'ولي العهد -"الطاقة الشمسية"')["total"] == 12
    assert search(client, 'ولي العهد -"الشمسية الطاقة"')["total"] == 13


def test_remaining_words_rank_as_without_the_exclusion(client: FlaskClient) -> None:
    plain = search(client, "ولي العهد")["hits"]
    excluded = search(client, 'ولي العهد -"الطاقة الشمسية"')["hits"]
    assert [(h["id"], h["score"]) for h in plain if h["kind"] == "article"] == \
        [(h["id"], h["score"]) for h in excluded]


@pytest.mark.parametrize("q", ["-الرياض", "NOT الرياض", '-"ولي العهد"', "-الرياض -روسيا", "-(روسيا OR الرياض)"])
def test_only_exclusions_find_nothing(client: FlaskClient, q: str) -> None:
    data = search(client, q)
    assert data["total"] == 0 and data["hits"] == []


@pytest.mark.parametrize("q", ["ممرات-إنسانية", "12-3"])
def test_a_dash_inside_a_word_is_text(client: FlaskClient, q: str) -> None:
    # As exclusions, "-إنسانية" would remove the one document found, and
    # "-3" the headline "... رقم 3".
    words = q.replace("-", " ")
    assert search(client, q)["total"] == search(client, words)["total"] > 0


@pytest.mark.parametrize("q", ["ولي العهد -في الرياض-", "ولي -العهد- في الرياض", "-ولي العهد في الرياض-،"])
def test_words_set_off_between_dashes_are_text(client: FlaskClient, q: str) -> None:
    # An aside in Arabic news (-حفظه الله-): as an exclusion, "-في الرياض"
    # would leave 1 of the 13 documents, "-العهد" none.
    assert search(client, q)["total"] == search(client, "ولي العهد في الرياض")["total"] == 13
    # An exclusion still excludes beside an aside.
    assert search(client, "ولي العهد -الرياض -حفظه الله-")["total"] == 1


def test_source_in_the_query_equals_the_parameter(client: FlaskClient) -> None:
    by_parameter = search(client, "ولي العهد", source="okaz")
    by_query = search(client, "ولي العهد source:okaz")
    assert by_query["total"] == by_parameter["total"] == 4
    assert by_query["hits"] == by_parameter["hits"] and by_query["facets"] == by_parameter["facets"]
    assert by_query["query"] == "ولي العهد source:okaz"  # as typed
    # Both, agreeing, are the same filter.
    assert search(client, "ولي العهد source:okaz", source="okaz")["hits"] == by_parameter["hits"]


def test_a_source_by_its_arabic_name_is_the_source(client: FlaskClient) -> None:
    by_id = search(client, "ولي العهد", source="okaz")
    for q, params in (("ولي العهد source:عكاظ", {}), ("ولي العهد", {"source": "عكاظ"}),
                      ("ولي العهد source:عكاظ", {"source": "okaz"})):
        assert search(client, q, **params)["hits"] == by_id["hits"]


def test_kind_in_the_query_equals_the_parameter(client: FlaskClient) -> None:
    by_query = search(client, "kind:teaser ولي العهد")
    assert by_query["hits"] == search(client, "ولي العهد", kind="teaser")["hits"]
    assert [h["kind"] for h in by_query["hits"]] == ["teaser"]


@pytest.mark.parametrize(("q", "params", "code"), [
    ("ولي العهد source:okaz", {"source": "sabq"}, "conflicting_filter"),
    ("ولي العهد source:okaz source:sabq", {}, "conflicting_filter"),
    ("ولي العهد kind:article", {"kind": "teaser"}, "conflicting_filter"),
    ("ولي العهد kind:video", {}, "bad_kind"),
])
def test_filters_that_cannot_hold_are_a_client_mistake(client: FlaskClient, q: str,
                                                        params: dict[str, str], code: str) -> None:
    error = search(client, q, status=400, **params)["error"]
    assert error["code"] == code and error["message_ar"]


def test_an_unknown_field_is_plain_text(client: FlaskClient) -> None:
    assert ids(search(client, "foo:روسيا")) == {"russia-1"}


def test_exclusions_and_filters_combine_with_operators(client: FlaskClient) -> None:
    data = search(client, "(ولي AND العهد) source:sabq -الشمسية")
    assert data["total"] == 4 and {h["source"] for h in data["hits"]} == {"sabq"}
    assert all(h["kind"] == "article" for h in data["hits"])


def test_parameter_filters_hold_for_operator_queries(client: FlaskClient) -> None:
    # Whoosh's matchers, under the time limit of every HTTP search.
    data = search(client, "ولي AND العهد", source="sabq")
    assert data["total"] == 5 and {h["source"] for h in data["hits"]} == {"sabq"}


def test_did_you_mean_keeps_the_exclusions_and_filters(client: FlaskClient) -> None:
    assert search(client, "ولي العحد -الشمسية source:sabq", exact="1")["suggestion"] == \
        "ولي العهد -الشمسية source:sabq"


def test_help_is_linked_from_the_search_page_and_in_arabic(client: FlaskClient) -> None:
    _, landing = get_page(client, "/")
    assert landing.all("a", href="/help")
    _, results = get_page(client, "/search?q=روسيا")
    assert results.all("a", href="/help")
    html, page = get_page(client, "/help")
    assert page.all("html", lang="ar", dir="rtl")
    assert "طريقة البحث" in html and "الاستبعاد" in html and "source:عكاظ" in html and "source:okaz" in html
    assert not page.all("script", src=None)  # nothing inline: it works without JavaScript
    # Its examples are searches, escaped in links and in text.
    assert page.all("a", href="/search?q=%D8%A7%D9%84%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"
                              "+-%D8%A7%D9%84%D9%86%D9%81%D8%B7")
    assert "الاقتصاد -&#34;أسعار النفط&#34;" in html


def test_the_page_shows_filters_typed_in_the_query_in_its_menus(client: FlaskClient) -> None:
    _, page = get_page(client, "/search?q=ولي+العهد+source:okaz+kind:article")
    chosen = [o["value"] for o in page.all("option") if "selected" in o]
    assert "article" in chosen and "okaz" in chosen


def test_the_page_reports_a_conflicting_filter_in_arabic(client: FlaskClient) -> None:
    html, _ = get_page(client, "/search?q=روسيا+source:okaz&source=sabq", status=400)
    assert "بقيم مختلفة" in html
