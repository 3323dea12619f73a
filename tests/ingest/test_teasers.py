"""Teaser merging (search/ingest/teasers.py): a teaser that opens an article
is that article's teaser, cuts of one teaser are one teaser, and the rest
become teaser documents."""
from __future__ import annotations

from datetime import datetime

from search.ingest.documents import ARTICLE, TEASER, Document, Teaser, text_id
from search.ingest.teasers import resolve_teasers

BODY = ("ارتفعت أسعار النفط اليوم بعد قرار منظمة أوبك خفض الإنتاج. "
        "وقال محللون إن الأسعار قد تواصل الصعود في الأسابيع المقبلة.")
VACCINE = "أعلنت وزارة الصحة بدء حملة تطعيم واسعة في المدارس الحكومية والخاصة"


def article() -> Document:
    return Document(id="r1", kind=ARTICLE, title="النفط يرتفع بعد قرار أوبك", body=BODY, source="alwasat")


def teaser(text: str, line: int = 1, **fields: object) -> Teaser:
    return Teaser(text=text, origin=f"page.txt:{line}", **fields)  # type: ignore[arg-type]


def test_a_teaser_that_opens_an_article_is_merged_into_it() -> None:
    doc = article()
    cut = BODY[:45].rsplit(" ", 1)[0] + "..."
    outcome = resolve_teasers([doc], [teaser(cut)])
    assert outcome.documents == [] and outcome.merged_into_articles == 1
    assert doc.teaser == cut


def test_a_teaser_cut_in_the_middle_of_a_word_still_opens_its_article() -> None:
    doc = article()
    outcome = resolve_teasers([doc], [teaser(BODY[:30] + "…")])
    assert outcome.documents == [] and outcome.merged_into_articles == 1


def test_a_teaser_that_opens_an_articles_title_is_merged_into_it() -> None:
    doc = article()
    outcome = resolve_teasers([doc], [teaser(doc.title)])
    assert outcome.documents == [] and outcome.merged_into_articles == 1


def test_a_longer_and_a_shorter_cut_of_one_teaser_are_one_teaser() -> None:
    long_cut, short_cut = VACCINE[:55] + "…", VACCINE[:30] + "..."
    outcome = resolve_teasers([], [teaser(short_cut, 1), teaser(long_cut, 2), teaser(short_cut, 3)])
    assert [d.teaser for d in outcome.documents] == [long_cut]  # the longest cut is kept
    assert outcome.duplicates == 2 and outcome.merged_into_articles == 0


def test_an_unmatched_teaser_stays_a_teaser_document() -> None:
    date = datetime(2026, 10, 1)
    doc = article()
    outcome = resolve_teasers([doc], [teaser(VACCINE, 4, source="alyawm", date=date)])
    assert outcome.merged_into_articles == 0 and outcome.duplicates == 0
    [found] = outcome.documents
    assert (found.kind, found.teaser, found.source, found.date, found.origin) == (
        TEASER, VACCINE, "alyawm", date, "page.txt:4")
    assert found.id == text_id(VACCINE) and found.body == "" and found.title == ""
    assert doc.teaser == ""  # the article is left as it was


def test_a_very_short_opening_is_not_enough_to_merge() -> None:
    doc = article()
    outcome = resolve_teasers([doc], [teaser("ارتفعت أسعار")])  # under MIN_OPENING letters
    assert outcome.merged_into_articles == 0 and [d.teaser for d in outcome.documents] == ["ارتفعت أسعار"]
    assert doc.teaser == ""


def test_no_teasers_no_documents() -> None:
    outcome = resolve_teasers([article()], [])
    assert (outcome.documents, outcome.merged_into_articles, outcome.duplicates) == ([], 0, 0)
