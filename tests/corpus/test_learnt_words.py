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
