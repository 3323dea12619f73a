"""Completions through /api/suggest over headlines written for the test: a
word typed after another completes only to phrases that headlines use more
than once, the commonest phrase first, and hashtags count as their words."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.support import SUGGESTIONS, app_client, build_index

HEADLINES = [
    *["ولي العهد يستقبل وفدا رسميا"] * 3,
    *["ولي الأمر يراجع المدرسة"] * 2,
    *["الأمر الملكي بتعيين وزير جديد"] * 6,     # الأمر alone is commoner than العهد
    *["صلاة العيد في جوامع المدينة"] * 6,        # as العيد and العالم are
    *["كأس العالم تنطلق قريبا"] * 5,
    "ولي العيد",                                 # phrases seen once
    "ولي العالم",
    *["خادم الحرمين الشريفين يفتتح مشروعا"] * 2,
    *["موجة الحرارة تشتد"] * 6,
    "خادم الحرارة",
    *["أمطار الرياض: الحرارة تنخفض"] * 3,        # words parted by a colon are no phrase
    *["هاشتاق #داعش_باقية يتصدر"] * 2,
    "هل # داعش_باقية_ وتتمدد؟؟",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    docs = [{"id": f"h{n}", "title": title, "body": "نص الخبر."} for n, title in enumerate(HEADLINES)]
    index = build_index(tmp_path_factory.mktemp("completions") / "ix", docs)
    with app_client(INDEX=str(index)) as test_client:
        yield test_client


def completions(client: FlaskClient, q: str) -> list[str]:
    reply = client.get("/api/suggest", query_string={"q": q})
    assert reply.status_code == 200
    SUGGESTIONS.validate(reply.get_json())
    return list(reply.get_json()["suggestions"])


def test_a_word_after_another_completes_to_the_phrases_of_headlines(client: FlaskClient) -> None:
    assert completions(client, "ولي الع") == ["ولي العهد"]
    assert completions(client, "ولي ال") == ["ولي العهد", "ولي الأمر"]  # the phrase seen most first
    assert completions(client, "خادم الحر") == ["خادم الحرمين"]
    assert completions(client, "الرياض الحر") == []
    assert completions(client, "ولي الز") == []


def test_a_word_alone_completes_to_the_commonest_words(client: FlaskClient) -> None:
    assert completions(client, "الع")[:3] == ["العيد", "العالم", "العهد"]
    # After an operator or a stop word a new phrase begins.
    assert completions(client, "كأس OR الع")[:3] == ["كأس OR العيد", "كأس OR العالم", "كأس OR العهد"]
    assert completions(client, "في الع")[:3] == ["في العيد", "في العالم", "في العهد"]


def test_hashtags_are_offered_as_words(client: FlaskClient) -> None:
    assert completions(client, "داع") == ["داعش"]
    assert completions(client, "داعش با") == ["داعش باقية"]
    assert completions(client, "#داعش_با") == ["#داعش باقية"]  # a hashtag being typed
    assert completions(client, "وتت") == ["وتتمدد"]
    assert completions(client, "باقية وتت") == []  # seen together once
    for q in ("د", "داعش", "#داعش_", "هاشتاق #د", "هل # داعش_باقية_ وت"):
        assert not any("_" in s for s in completions(client, q)), q
