"""The relevance benchmark's query sets (bench/corpus.py) are drawn so that
a change in how a few articles are read does not draw the rest anew."""
from __future__ import annotations

from bench.corpus import drawn, headline_queries
from search.ingest.documents import Document


def _articles(count: int) -> list[Document]:
    return [Document(id=f"https://example.com/{n}", kind="article", title=f"خبر رقم {n} عن المدينة اليوم",
                     body="نص الخبر") for n in range(count)]


def test_an_article_keeps_its_place_when_others_join_or_leave() -> None:
    articles = _articles(400)
    before = [a.id for a in drawn(articles, 7)]
    fewer = [a.id for a in drawn(articles[3:], 7)]
    assert fewer == [i for i in before if i in set(fewer)]
    assert before != sorted(before)  # a draw, not the order given


def test_a_headline_that_stops_being_eligible_leaves_the_others_drawn() -> None:
    articles = _articles(400)
    chosen = [q.answer for q in headline_queries(articles, n=50, seed=3)]
    dropped = chosen[10]
    changed = [Document(**{**a.__dict__, "body": ""}) if a.id == dropped else a for a in articles]
    again = [q.answer for q in headline_queries(changed, n=50, seed=3)]
    assert again[:49] == [i for i in chosen if i != dropped]
