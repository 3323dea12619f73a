"""What a build learns from its corpus (search/corpus/), through the engine
and the JSON API: spelling variants meet, names and unrelated words stay apart."""
from __future__ import annotations

import json
from pathlib import Path

from search.corpus.words import FILE as WORDS_FILE, CorpusWords
from search.engine import Engine
from search.query.request import SearchRequest
from search.results import to_json
from search.store.generations import IndexStore
from tests.support import app_client, build_index

# Two papers write one company's name two ways, in stories alike.
_TOPICS = ["هاتفا جديدا", "نظام تشغيل", "محرك بحث", "خدمة خرائط", "متجر تطبيقات", "نظارة ذكية"]


def _variant_records() -> list[dict[str, str]]:
    records = []
    for n, topic in enumerate(_TOPICS):
        records.append({"id": f"g{n}", "source": "okaz",
                        "body": f"أعلنت شركة غوغل الأمريكية عن {topic} في مؤتمرها السنوي للمطورين"})
        records.append({"id": f"j{n}", "source": "sabq",
                        "body": f"كشفت شركة جوجل الأمريكية عن {topic} خلال مؤتمرها السنوي للمطورين"})
        # Two names one و apart, in the same stories: no variants.
        records.append({"id": f"m{n}", "source": "alriyadh",
                        "body": f"استقبل محمد بن سالم الوزير محمود بن خالد لبحث {topic} في الرياض"})
    return records


def test_spellings_of_a_name_meet_and_the_search_says_so(tmp_path: Path) -> None:
    root = build_index(tmp_path, _variant_records())
    with Engine(root) as engine:
        google = to_json(engine.search(SearchRequest("غوغل", per_page=20, collapse=False)))
        typed_the_other_way = engine.search(SearchRequest("جوجل", per_page=20, collapse=False))
        quoted = engine.search(SearchRequest('"غوغل"', per_page=20, collapse=False))
        mohammed = engine.search(SearchRequest("محمود", per_page=20, collapse=False))
    ids = {h["id"] for h in google["hits"]}
    assert ids == {f"g{n}" for n in range(6)} | {f"j{n}" for n in range(6)}
    assert google["total"] == 12 and google["variants"] == ["جوجل"]
    assert any("<mark>جوجل</mark>" in h["snippet"] for h in google["hits"])
    assert typed_the_other_way.total == 12 and typed_the_other_way.variants == ["غوغل"]
    assert quoted.total == 6 and quoted.variants == []  # quotes: the word as written
    assert mohammed.variants == [] and {h.id for h in mohammed.hits} == {f"m{n}" for n in range(6)}


def test_the_api_and_the_page_name_the_variant(tmp_path: Path) -> None:
    root = build_index(tmp_path, _variant_records())
    with app_client(INDEX=str(root)) as client:
        data = client.get("/api/search", query_string={"q": "جوجل"}).get_json()
        page = client.get("/search", query_string={"q": "جوجل"}).get_data(as_text=True)
    assert data["variants"] == ["غوغل"]
    assert "تشمل النتائج أيضاً" in page and "<bdi>غوغل</bdi>" in page


def test_names_that_share_a_root_are_no_family(tmp_path: Path) -> None:
    """محمد, أحمد and محمود share the letters of a root, not a word: a search
    for one neither finds nor ranks by the others."""
    records = [{"id": "a", "body": "التقى أحمد بالمسؤولين في جدة"},
               {"id": "b", "body": "التقى محمود بالمسؤولين في جدة"},
               {"id": "c", "body": "التقى محمد بالمسؤولين في جدة"}]
    root = build_index(tmp_path, records)
    with Engine(root) as engine:
        assert [h.id for h in engine.search(SearchRequest("محمد")).hits] == ["c"]
        scores = {h.id: h.score for h in engine.search(SearchRequest("محمد المسؤولين", collapse=False)).hits}
    assert scores["a"] == scores["b"] < scores["c"]


def test_another_spelling_is_learnt_once_whatever_words_have_it(tmp_path: Path) -> None:
    """The pair غوغل / جوجل is met under each word that has it (غوغل,
    الغوغلية), and listed once: listed twice, the other spelling would
    weigh twice the word typed. Files written before are read the same way."""
    records = [{"id": f"{letter}{n}", "source": source,
                "body": f"أعلنت شركة {name} الأمريكية عن {topic} ضمن خدماتها ال{name}ية للمطورين"}
               for n, topic in enumerate(_TOPICS)
               for letter, name, source in (("g", "غوغل", "okaz"), ("j", "جوجل", "sabq"))]
    generation = IndexStore(build_index(tmp_path / "index", records)).current().path
    assert CorpusWords.load(generation).variants == {"غوغل": ("جوجل",), "جوجل": ("غوغل",)}
    written = json.loads((generation / WORDS_FILE).read_text(encoding="utf-8"))
    written["variants"] = {"غوغل": ["جوجل", "جوجل"], "جوجل": ["غوغل", "غوغل"]}
    (generation / WORDS_FILE).write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    assert CorpusWords.load(generation).variants == {"غوغل": ("جوجل",), "جوجل": ("غوغل",)}


# The Russian president's name as most papers write it, and in a few
# stories as others do; the light stem of بوتين is بوت (its ين read as a
# plural's), which has fewer letters than a variant's term needs.
_PUTIN_VERBS = ["قال", "أكد", "أعلن", "دعا", "صرح", "رأى", "وعد", "حذر", "طالب", "اعتبر"]
_PUTIN_TOPICS = ["أن الاقتصاد ينمو", "بأن الحوار مستمر", "عن خطة للطاقة", "إلى وقف القتال",
                 "بخفض الضرائب", "أن الأسعار تستقر", "بدعم المزارعين", "من تراجع النفط",
                 "بإصلاح المصارف", "أن التعاون مثمر"]


def _putin_records() -> list[dict[str, str]]:
    records = [{"id": f"p{n}", "source": "okaz", "body": f"{verb} الرئيس فلاديمير بوتين {topic}"}
               for n, (verb, topic) in enumerate(zip(_PUTIN_VERBS, _PUTIN_TOPICS, strict=True))]
    records += [{"id": f"q{n}", "source": "sabq", "body": body} for n, body in enumerate([
        "وصل الرئيس فلاديمير بوتن إلى موسكو مساء أمس", "استقبل الرئيس فلاديمير بوتن وفدا تجاريا كبيرا",
        "زار الرئيس فلاديمير بوتن مصنعا للسيارات شرقي البلاد"])]
    # Two names one و apart, each in stories of its own but mostly together.
    records += [{"id": f"m{n}", "source": "alriyadh",
                 "body": f"استقبل محمد بن سالم الوزير محمود بن خالد لبحث {topic}"}
                for n, topic in enumerate(_TOPICS)]
    return records


def test_a_rare_spelling_meets_the_common_one_by_the_name_beside_it(tmp_path: Path) -> None:
    """بوتن, in three stories, shares too few neighbours with بوتين for the
    cosine, but its strongest (فلاديمير) is one of بوتين's: a search for
    either finds both, while محمد and محمود stay apart."""
    root = build_index(tmp_path, _putin_records())
    with Engine(root) as engine:
        common = engine.search(SearchRequest("بوتين", per_page=20, collapse=False))
        rare = engine.search(SearchRequest("بوتن", per_page=20, collapse=False))
        mohammed = engine.search(SearchRequest("محمد", per_page=20, collapse=False))
    both = {f"p{n}" for n in range(10)} | {f"q{n}" for n in range(3)}
    assert {h.id for h in common.hits} == both and common.variants == ["بوتن"]
    assert {h.id for h in rare.hits} == both and rare.variants == ["بوتين"]
    assert mohammed.variants == [] and {h.id for h in mohammed.hits} == {f"m{n}" for n in range(6)}


def test_a_rare_noun_beside_its_verb_is_no_spelling(tmp_path: Path) -> None:
    """تكبيد, in three stories, stands beside what تكبد does (losses), but
    تكبد is a verb (its family holds يتكبد): a verb and its noun differ by
    the long vowel of a pattern, not by a writer's ear."""
    openings = ["أعلن أمس", "ذكر التقرير", "أكد المدير", "كشف البيان",
                "قال المحلل", "أوضح الخبير", "نشرت الصحيفة", "بين المسؤول"]
    places = ["المصنع", "البنك", "المصنع", "المنتجع", "المصنع", "المطار", "المصنع", "المستشفى"]
    causes = ["في الربع الأول", "بسبب تراجع الطلب", "خلال العام الماضي", "مع ارتفاع التكاليف",
              "في أسواق آسيا", "بعد إغلاق المصانع", "رغم خطط التوسع", "منذ بداية الأزمة"]
    bodies = [f"{opening} تكبد {place} خسائر {cause}"
              for opening, place, cause in zip(openings, places, causes, strict=True)]
    bodies += [f"يتكبد {place} خسائر {cause}" for place, cause in zip(places[3:6], causes[:3], strict=True)]
    bodies += ["تكبيد المصنع خسائر جديدة أمر متوقع بعد الحرب", "تكبيد المصنع خسائر أخرى نتيجة الحريق",
               "تكبيد السكان خسائر فادحة سببه السيول"]
    generation = IndexStore(build_index(tmp_path, [{"id": f"d{n}", "body": body}
                                                   for n, body in enumerate(bodies)])).current().path
    assert CorpusWords.load(generation).variants == {}
