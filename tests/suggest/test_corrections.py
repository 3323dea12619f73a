"""Did you mean and sure corrections through the engine, on the sample
corpus and on an invented collection about the king."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search.engine import Engine
from search.query.request import parse_request
from search.store.build import build
from tests.support import SAMPLE, app_client, bahth_run, build_index


def royal_records() -> list[dict[str, Any]]:
    """Twelve stories of the king (خادم الحرمين الشريفين الملك سلمان), four
    of peace talks (السلام, one letter from سلمان), four of oil."""
    docs: list[dict[str, Any]] = [
        {"id": f"king-{n}", "title": f"خادم الحرمين الشريفين الملك سلمان يستقبل وفدا رقم {n}",
         "body": f"استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر اليمامة وفدا رسميا رقم {n}.",
         "source": "spa", "date": f"2015-07-{n + 10:02d}"}
        for n in range(1, 13)
    ]
    docs += [{"id": f"peace-{n}", "title": f"مفاوضات السلام تتواصل في جنيف للمرة {n}",
              "body": "قال المبعوث إن عملية السلام تتقدم ببطء وإن الأطراف ستلتقي مجددا.", "source": "wire"}
             for n in range(1, 5)]
    docs += [{"id": f"oil-{n}", "title": f"أسعار النفط ترتفع في الأسبوع {n}",
              "body": "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار خفض الإنتاج.", "source": "wire"}
             for n in range(1, 5)]
    return docs


@pytest.fixture(scope="module")
def royal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = Engine(build_index(tmp_path_factory.mktemp("royal") / "index", royal_records()))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("sample") / "index"
    build(root, [str(SAMPLE)])
    engine = Engine(root)
    yield engine
    engine.close()


def search(engine: Engine, **params: str) -> Any:
    return engine.search(parse_request(params))


@pytest.mark.parametrize("q", ["ولي العهد", "زلزال بركان"])
def test_no_nonsense_for_words_the_sample_lacks(sample: Engine, q: str) -> None:
    # Neither phrase is in the sample; دولي العدد and الزال بركان are no
    # better. ولي is too short to call a slip; no document of the sample
    # writes العدد (عدد, بعدد and عددا give its term) nor الزال (زال and زالت).
    result = search(sample, q=q)
    assert result.suggestion is None and result.corrected is None


def test_the_sample_still_corrects_its_own_words(sample: Engine) -> None:
    result = search(sample, q="الاقتصاط")
    assert result.suggestion == "الاقتصاد" and result.corrected is None  # too few documents to be sure


@pytest.mark.parametrize(("q", "to"), [("خادم الحرمبن", "خادم الحرمين"), ("الملك سلمام", "الملك سلمان")])
def test_a_sure_correction_is_searched_instead(royal: Engine, q: str, to: str) -> None:
    result = search(royal, q=q)
    assert result.corrected is not None and (result.corrected.typed, result.corrected.to) == (q, to)
    assert result.query == q and result.suggestion is None
    assert result.total == 12 and {hit.id for hit in result.hits} <= {f"king-{n}" for n in range(1, 13)}
    assert result.hits[0].title_marked is not None
    assert f"<mark>{to}</mark>" in result.hits[0].title_marked.to_html()  # side by side: one mark


def test_as_typed_the_same_query_is_only_suggested(royal: Engine) -> None:
    result = search(royal, exact="1", q="الملك سلمام")
    assert result.corrected is None and result.suggestion == "الملك سلمان"
    assert result.hits[0].title_marked is not None
    assert "<mark>الملك</mark> سلمان" in result.hits[0].title_marked.to_html()  # found by الملك alone


def test_a_correction_less_sure_is_only_suggested(royal: Engine) -> None:
    # Alone, سلمام is as near to السلام's سلام as to سلمان: neither wins clearly.
    result = search(royal, q="سلمام")
    assert result.corrected is None and result.suggestion is not None and result.total == 0


def test_a_correction_that_finds_nothing_is_only_suggested(royal: Engine) -> None:
    result = search(royal, q="خادم الحرمبن", source="wire")
    assert result.corrected is None and result.suggestion == "خادم الحرمين" and result.total == 0
    result = search(royal, q="الملك سلمام -وفدا")  # every story of the king says وفدا
    assert result.corrected is None and result.suggestion == "الملك سلمان -وفدا"


def test_exclusions_and_filters_stay_as_typed(royal: Engine) -> None:
    result = search(royal, q="source:spa الملك -جنيف سلمام")
    assert result.corrected is not None and result.corrected.to == "الملك سلمان source:spa -جنيف"
    assert result.total == 12


def test_the_command_searches_as_typed_with_exact(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert bahth_run("index", "build", SAMPLE, "--index", index).code == 0
    typed = bahth_run("search", "ولي العحد", "--exact", "--json", "--index", index).json()
    with app_client(INDEX=str(index)) as client:
        api = client.get("/api/search", query_string={"q": "ولي العحد", "exact": "1"}).get_json()
    assert "corrected" not in typed and typed["total"] == api["total"] == 0
    assert [h["id"] for h in typed["hits"]] == [h["id"] for h in api["hits"]]
