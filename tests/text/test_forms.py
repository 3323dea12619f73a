"""What a result must hold (search/text/forms.py), through the engine: the
query word itself, with endings of number, gender and possession at most;
its light stem only ranks."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from search.engine import Engine
from search.query.plan import Planner
from search.query.request import SearchRequest
from search.query.syntax import split_query
from search.settings import DEFAULTS
from search.store.schema import FORMS, build_schema
from search.text.forms import DEFINITE, extends
from tests.support import build_index

DOCS = [
    {"id": "saudization", "body": "تسعى وزارة العمل إلى السعودة في قطاع التجزئة في السعودية"},
    {"id": "saudi", "body": "أعلنت المملكة العربية السعودية خطة جديدة"},
    {"id": "maids", "body": "وصلت الخادمات إلى المطار أمس"},
    {"id": "maid", "body": "عادت الخادمة إلى بلدها بعد عامين"},
    {"id": "custodian", "body": "استقبل خادم الحرمين الشريفين الوفد"},
    {"id": "baghdadi", "body": "ظهر البغدادي في تسجيل جديد"},
    {"id": "baghdad", "body": "انفجار في بغداد صباح اليوم"},
    {"id": "gold", "body": "ارتفعت أسعار الذهب في السوق"},
    {"id": "went", "body": "ذهب الوزير إلى المؤتمر"},
    {"id": "medal", "body": "حصلت اللاعبة على ميدالية ذهبية"},
    {"id": "sect", "body": "حذر الخطيب من الطائفية"},
    {"id": "taif", "body": "افتتح سوق عكاظ في الطائف"},
    {"id": "hospital", "body": "افتتاح مستشفى جديد"},
    {"id": "floods", "body": "جرفت السيول عددا من السيارات"},
    {"id": "liquidity", "body": "تراجعت السيولة في سوق الأسهم"},
    {"id": "club", "body": "فاز الأهلي على الهلال"},
    {"id": "civil", "body": "اندلعت الحرب الأهلية في البلاد"},
    # An adjective's two genders stand together; a name and the noun its ية makes do not.
    {"id": "economy-1", "body": "النمو الاقتصادي في الخطة الاقتصادية"},
    {"id": "economy-2", "body": "القطاع الاقتصادي والرؤية الاقتصادية"},
    {"id": "economy-3", "body": "تحسن الأداء الاقتصادي للشركات"},
    {"id": "economy-4", "body": "الأزمة الاقتصادية في أوروبا"},
    *({"id": f"rouhani-{n}", "body": f"قال الرئيس روحاني في خطابه رقم {n}"} for n in range(3)),
    *({"id": f"spirit-{n}", "body": f"أجواء روحانية في الحرم ليلة {n}"} for n in range(3)),
    # A sound plural and its singular; words in ين that are no plural.
    {"id": "teachers", "body": "ناقشت الوزارة مطالب المعلمين"},
    {"id": "teachers-nom", "body": "احتج المعلمون أمام الوزارة"},
    {"id": "teacher", "body": "كرمت المدرسة المعلم الأول"},
    {"id": "bahrain", "body": "زار الوفد البحرين"},
    {"id": "sea", "body": "هاج البحر أمس"},
    {"id": "twentieth", "body": "في القرن العشرين"},
    {"id": "twenty", "body": "مضى العشرون عاما"},
    {"id": "ten", "body": "في الأيام العشر الأواخر"},
    # A name, and the country the article makes of its letters; a noun written either way.
    *({"id": f"cameron-{n}", "body": f"قال رئيس الوزراء البريطاني كاميرون في خطابه رقم {n}"} for n in range(3)),
    *({"id": f"cameroon-{n}", "body": f"هجوم جديد شمال الكاميرون أسفر عن {n} قتلى"} for n in range(3)),
    *({"id": f"minister-{n}", "body": f"أعلن وزير الخارجية موقفه وقال الوزير {n}"} for n in range(2)),
    *({"id": f"the-minister-{n}", "body": f"وصل الوزير إلى المطار في رحلة رقم {n}"} for n in range(2)),
    *({"id": f"a-minister-{n}", "body": f"التقى وزير الصحة بالأطباء في يوم {n}"} for n in range(2)),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with Engine(build_index(tmp_path_factory.mktemp("forms") / "index", DOCS)) as opened:
        yield opened


def found(engine: Engine, q: str) -> set[str]:
    result = engine.search(SearchRequest(q, collapse=False, per_page=50), snippets=False)
    assert result.total == len(result.hits)
    return {hit.id for hit in result.hits}


@pytest.mark.parametrize("q, ids", [
    ("السعودة", {"saudization"}),          # not السعودية, whose light stem it shares
    ("السعودية", {"saudi", "saudization"}),
    ("الخادمات", {"maids"}),               # not خادم الحرمين
    ("خادمة", {"maids", "maid"}),          # and its plural
    ("خادم", {"maids", "maid", "custodian"}),
    ("البغدادي", {"baghdadi"}),            # a name is not its city
    ("بغداد", {"baghdad"}),                # nor its relative adjective
    ("والسعودة", {"saudization"}),         # clitics are not part of the form
    ("الذهب", {"gold"}),                   # typed with the article: the noun (not ذهب, went)
    ("بالذهب", {"gold"}),
    ("ذهب", {"gold", "went"}),             # typed without: either
    ("الطائف", {"taif"}),                  # not الطائفية, sectarianism
    ("ذهبية", {"medal"}),
    ("المستشفى", {"hospital"}),            # no document writes it with the article: as without
    ("السيول", {"floods"}),                # not السيولة, liquidity
    ("السيولة", {"liquidity"}),
    ("الأهلي", {"club"}),                  # not الأهلية, civil
    ("الأهلية", {"civil"}),
    # ة after ي makes a noun of its own, unless the corpus uses both as one word
    ("الاقتصادي", {"economy-1", "economy-2", "economy-3", "economy-4"}),
    ("روحاني", {"rouhani-0", "rouhani-1", "rouhani-2"}),
    # A sound plural finds its singular where the other case is written with
    # the article (المعلمون); البحرين only where a document writes البحرون.
    ("المعلمين", {"teachers", "teachers-nom", "teacher"}),
    ("المعلم", {"teachers", "teachers-nom", "teacher"}),
    ("البحرين", {"bahrain"}),              # a name: no البحرون is written
    ("العشرين", {"twentieth"}),            # twenty is not the plural of ten
    # Typed without the article, a word matches it written with it too,
    # unless documents seldom hold both: then the article makes another word.
    ("كاميرون", {"cameron-0", "cameron-1", "cameron-2"}),
    ("الكاميرون", {"cameroon-0", "cameroon-1", "cameroon-2"}),
    ("وزير", {"minister-0", "minister-1", "the-minister-0", "the-minister-1", "a-minister-0", "a-minister-1", "went"}),
])
def test_a_result_holds_the_word_typed(engine: Engine, q: str, ids: set[str]) -> None:
    assert found(engine, q) == ids


def test_a_phrase_still_matches_as_a_phrase(engine: Engine) -> None:
    assert found(engine, '"خادم الحرمين"') == {"custodian"}


@pytest.mark.parametrize("form, word, holds", [
    ("معلم", "معلموهم", True), ("مدينه", "مدينتها", True), ("مدينه", "مدينات", True),
    ("مدينه", "مدين", False), ("نطاقات", "نطاق", False), ("سعوده", "سعوديه", False),
    ("ذهب", "ذهبي", False), ("ذهب", "ذهبيه", False),  # a relative adjective, not "my", "his"
    # ة after ي or the pattern فعول makes a noun of its own; other endings still extend
    ("روحاني", "روحانيه", False), ("اهلي", "اهليتها", False), ("حوثي", "حوثيين", True),
    ("سيول", "سيوله", False), ("سيول", "سيولتها", False), ("سيول", "سيولها", True),
    ("جديد", "جديده", True), ("مسؤول", "مسؤوله", True),
])
def test_endings_of_number_gender_and_possession(form: str, word: str, holds: bool) -> None:
    assert extends(form, word) is holds


def test_a_word_with_the_article_takes_no_pronoun() -> None:
    assert extends("خادم", "خادمها") and not extends("خادم", "خادمها", definite=True)
    assert extends("خادم", "خادمات", definite=True)



def test_snippets_mark_what_made_the_match_not_what_shares_its_stem(engine: Engine) -> None:
    """A document holding السعودة and السعودية: the query السعودة marks only
    the word it matched, though both words score through their stem."""
    hit = engine.search(SearchRequest("السعودة")).hits[0]
    assert hit.snippet is not None
    marked = [hit.snippet.text[a:b] for a, b in hit.snippet.marks]
    assert marked == ["السعودة"] and "السعودية" not in marked


def test_an_index_whose_forms_predate_the_article_mark_matches_by_stems() -> None:
    """Its forms hold no mark to look up: it matches as before forms until rebuilt."""
    schema = build_schema(DEFAULTS.lead_words, DEFAULTS.lead_boost)
    assert Planner(schema).plan(split_query("الذهب")).forms == (DEFINITE + "ذهب",)
    del schema[FORMS].analyzer.version  # as unpickled from an index built before the mark
    assert Planner(schema).plan(split_query("الذهب")).forms == ()


def test_a_feminine_used_as_one_word_is_marked(engine: Engine) -> None:
    hits = engine.search(SearchRequest("الاقتصادي", collapse=False, per_page=10)).hits
    hit = next(h for h in hits if h.id == "economy-4")
    assert hit.snippet is not None
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.marks] == ["الاقتصادية"]


def test_a_plural_finds_its_singular_only_where_the_corpus_writes_its_other_case(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Without المعلمون in the index, المعلمين is read as a word of its own."""
    docs = [d for d in DOCS if d["id"] != "teachers-nom"]
    with Engine(build_index(tmp_path_factory.mktemp("plural") / "index", docs)) as alone:
        assert found(alone, "المعلمين") == {"teachers"}


def test_the_singular_a_plural_found_is_marked(engine: Engine) -> None:
    hits = engine.search(SearchRequest("المعلمين", collapse=False, per_page=10)).hits
    hit = next(h for h in hits if h.id == "teacher")
    assert hit.snippet is not None
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.marks] == ["المعلم"]
