"""Site furniture (a contact footer, «مقالات أخرى للكاتب» and the author's
other headlines) recurs across the documents of one source: a build leaves
it out of what is indexed and snippeted, keeps the body as published, counts
it by source, and an update leaves it out of new documents too."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support import app_client, bahth_run, write_jsonl

FOOTER = "للتواصل مع الكاتب: اكتب إلى بريد الزوايا"
CITIES = ["جدة", "الرياض", "الدمام", "أبها", "تبوك", "حائل", "نجران", "جازان"]
# Headlines of other columns, glued to «مقالات أخرى للكاتب» as the site prints them (points and all).
HEADLINES = ["الطماطم والأسواق", "رحلة إلى البحر.. والعودة", "مدارس الغد", "صيف بلا كهرباء",
             "قصة نخلة", "شوارع مزدحمة", "ذاكرة المكان", "جسور من ورق"]
SAYING = "قال الشاعر: الصبر مفتاح الفرج"
WIRE = "وأعلنت الهيئة العامة موعد المهرجان السنوي للتمور"


def _column(n: int) -> dict[str, Any]:
    body = (f"افتتح المحافظ مشروع الحديقة رقم {n} في {CITIES[n]} بحضور الأهالي.\n"
            f"وقال إن المشروع يخدم {n * 1000 + 17} نسمة في الأحياء المجاورة.\n{FOOTER}")
    if n < 2:
        body += "\n" + SAYING  # a line of only two documents is theirs
    return {"id": f"column-{n}", "source": "paper", "date": "2015-07-20", "title": f"حديقة {CITIES[n]}", "body": body}


def _opinion(n: int) -> dict[str, Any]:
    others = "".join(HEADLINES[(n + k) % len(HEADLINES)] for k in (1, 2))
    body = (f"يكتب الكاتب عن سوق الأسماك في {CITIES[n]} وأسعاره رقم {n}. "
            f"ويرى أن صيادي {CITIES[n]} يحتاجون دعماً كبيراً. مقالات أخرى للكاتب{others}")
    return {"id": f"opinion-{n}", "source": "daily", "date": "2015-07-21", "title": f"سوق {CITIES[n]}", "body": body}


def _wire(n: int, source: str) -> dict[str, Any]:
    return {"id": f"wire-{source}-{n}", "source": source, "date": "2015-07-22", "title": f"تمور {CITIES[n]}",
            "body": f"تبدأ في {CITIES[n]} فعاليات رقم {n} للمزارعين.\n{WIRE}"}


def _brief(n: int) -> dict[str, Any]:
    """A brief of one sentence: its opening recurs, but it is the story."""
    return {"id": f"brief-{n}", "source": "briefs", "title": f"موعد {CITIES[n]}",
            "body": f"أعلنت الوزارة موعد اختبارات {CITIES[n]} رقم {n} للطلاب"}


RECORDS = ([_column(n) for n in range(8)] + [_opinion(n) for n in range(8)] + [_brief(n) for n in range(8)]
           + [_wire(n, "paper") for n in range(5)] + [_wire(n, "agency") for n in range(5)])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("furniture")
    result = bahth_run("index", "build", write_jsonl(root / "news.jsonl", RECORDS), "--json", "--index", root / "ix")
    assert result.code == 0, result.err
    return root / "ix", result.json()


def _search(index: Path, q: str) -> dict[str, Any]:
    result = bahth_run("search", q, "--all-copies", "--limit", "50", "--json", "--index", index)
    assert result.code == 0, result.err
    return result.json()


def test_the_summary_counts_furniture_by_source(built: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    index, summary = built
    assert summary["furniture"] == {"daily": {"documents": 8, "segments": 8},
                                    "paper": {"documents": 8, "segments": 8}}
    shown = bahth_run("index", "build", index.parent / "news.jsonl", "--index", tmp_path / "ix")
    assert shown.code == 0, shown.err
    assert ("site furniture left out of the index in 16 documents: daily 8 (8 segments), paper 8 (8 segments)"
            in shown.out)


def test_furniture_neither_matches_nor_shows(built: tuple[Path, dict[str, Any]]) -> None:
    index, _ = built
    for q in ("الزوايا", "بريد", "الطماطم", "كهرباء", "مقالات", "البحر", "والعودة"):
        assert _search(index, q)["total"] == 0, q
    # The story's words still match (يحتاجون ends a sentence that ends in a
    # tanween), and their snippets stop where the story does.
    hits = _search(index, "المجاورة")["hits"] + _search(index, "يحتاجون")["hits"]
    assert len(hits) == 16
    for hit in hits:
        assert "الزوايا" not in hit["snippet"] and "للكاتب" not in hit["snippet"], hit["snippet"]


def test_lines_of_a_few_documents_or_of_several_sources_stay(built: tuple[Path, dict[str, Any]]) -> None:
    index, _ = built
    assert {h["id"] for h in _search(index, "الفرج")["hits"]} == {"column-0", "column-1"}
    assert {h["source"] for h in _search(index, "المهرجان")["hits"]} == {"paper", "agency"}
    assert _search(index, "المهرجان")["total"] == 10
    assert _search(index, "اختبارات")["total"] == 8


def test_the_document_is_shown_as_published(built: tuple[Path, dict[str, Any]]) -> None:
    index, _ = built
    with app_client(INDEX=str(index)) as client:
        for record in (RECORDS[0], RECORDS[8]):
            document = client.get(f"/api/documents/{record['id']}").get_json()
            assert document["body"] == record["body"]
            assert [document["body"][start:end] for start, end in document["furniture"]][0] in (
                FOOTER, f"مقالات أخرى للكاتب{HEADLINES[1]}{HEADLINES[2]}")
            page = client.get(f"/documents/{record['id']}").get_data(as_text=True)
            assert FOOTER in page or "مقالات أخرى للكاتب" in page


def test_an_update_leaves_out_the_generation_furniture(built: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    index, _ = built
    copy = tmp_path / "ix"
    assert bahth_run("index", "build", index.parent / "news.jsonl", "--index", copy).code == 0
    new = {"id": "column-new", "source": "paper", "title": "حديقة جديدة",
           "body": f"افتتحت البلدية حديقة الورود الجديدة.\n{FOOTER}"}
    result = bahth_run("index", "update", write_jsonl(tmp_path / "more.jsonl", [new]), "--json", "--index", copy)
    assert result.code == 0, result.err
    assert result.json()["furniture"] == {"paper": {"documents": 1, "segments": 1}}
    assert _search(copy, "الورود")["total"] == 1
    assert _search(copy, "الزوايا")["total"] == 0
