"""The analysis as searches see it: small indexes built from JSON Lines records
and searched through the engine, one per kind of word the analysis used to
split, cut or drop wrongly."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from search.engine import Engine
from search.query.request import SearchRequest
from search.results import to_json
from search.store import build as build_module
from search.store.schema import build_schema
from search.text.clitics import Clitics
from search.text.normalize import WORD, normalize
from tests.support import build_index


def doc(id_: str, body: str, title: str = "خبر") -> dict[str, str]:
    return {"id": id_, "title": title, "body": body, "source": "test"}


def found(engine: Engine, query: str) -> set[str]:
    return {hit.id for hit in engine.search(SearchRequest(query, per_page=50), snippets=False).hits}


def analyzer_of(engine: Engine) -> Any:
    with engine.live.use() as opened:
        return opened.searcher.schema["body"].analyzer


def snippets(engine: Engine, query: str) -> dict[str, str]:
    return {hit["id"]: hit["snippet"] for hit in to_json(engine.search(SearchRequest(query, per_page=50)))["hits"]}


# -- words written with clitics: the clitic table learnt from the records -----------

FILLER = "ثم عاد الوفد إلى بلاده بعد الزيارة. "
CLITIC_DOCS = [
    doc("minister", "أعلن الوزير خطة جديدة. وقال الوزير إن الخطة تبدأ غدا، وأكد الوزير دعمها. " + FILLER),
    doc("minister-bare", "صرح وزير الصحة بأن المستشفى جاهز. " + FILLER),
    doc("egypt", "ومصر تشارك في القمة مع السعودية. " + FILLER),
    doc("egypt-bare", "زار الرئيس مصر أمس، وفي مصر التقى نظيره، ثم غادر مصر. " + FILLER),
    doc("jeddah", "افتتح الأمير مشروعا بجدة وآخر بمكة ضمن برنامج التنمية. " + FILLER),
    doc("jeddah-bare", "مطار جدة يستقبل الحجاج، وجدة مدينة ساحلية، ومن جدة إلى مكة طريق سريع. "
                       "تقع مكة شرق جدة، ومكة قبلة المسلمين، وإلى مكة يحج الناس. " + FILLER),
    doc("programme", "بدأ البرنامج الجديد، ويهدف البرنامج إلى التدريب، وسيستمر البرنامج عاما. " + FILLER),
    doc("lebanon", "زار الوفد لبنان. " * 20),
    doc("lebanon-2", "عاد الوفد من لبنان. " * 20),
    doc("banan", "أصدرت الشاعرة بنان ديوانا، وقرأت بنان قصائدها. "),
]


def _counts(docs: list[dict[str, Any]]) -> Counter[str]:
    """The records' words, normalized, as a build counts them to learn its table."""
    return Counter(normalize(m.group()) for d in docs for name in ("title", "body")
                   for m in WORD.finditer(d.get(name, "")))


@pytest.fixture(scope="module")
def with_table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    table = Clitics.learn(_counts(CLITIC_DOCS))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "build_schema",
                      lambda lead_words, lead_boost, clitics=None: build_schema(lead_words, lead_boost, table))
        root = build_index(tmp_path_factory.mktemp("clitics") / "index", CLITIC_DOCS)
    with Engine(root) as engine:
        assert analyzer_of(engine).clitics == table
        yield engine


@pytest.mark.parametrize("query,ids", [
    ("وزير", {"minister", "minister-bare"}),      # bare and with the article: one term
    ("الوزير", {"minister"}),                     # typed with the article: written with it
    ("مصر", {"egypt", "egypt-bare"}),             # a real conjunction still comes off
    ("ومصر", {"egypt", "egypt-bare"}),
    ("جدة", {"jeddah", "jeddah-bare"}),           # a preposition in front of three letters
    ("بجدة", {"jeddah", "jeddah-bare"}),
    ("بمكة", {"jeddah", "jeddah-bare"}),
    ("برنامج", {"jeddah", "programme"}),          # a first letter stays
    ("لبنان", {"lebanon", "lebanon-2"}),          # not بنان, the poet
    ("بنان", {"banan"}),
])
def test_clitics_come_off_and_first_letters_stay(with_table: Engine, query: str, ids: set[str]) -> None:
    assert found(with_table, query) == ids


# -- the article before two letters -----------------------------------------------

PILGRIMAGE_DOCS = [
    doc("al-hajj", "بدأ موسم الحج هذا العام مبكرا."),
    doc("hajj", "أدى حج هذا العام مليون حاج."),
    doc("lil-hajj", "استعدادات للحج في المشاعر."),
    doc("wal-hajj", "الصلاة والحج من أركان الإسلام."),
    doc("bil-hajj", "تحتفي المدينة بالحج كل عام."),
    doc("art", "معرض الفن المعاصر يفتح أبوابه، وفن الخط حاضر."),
    doc("god", "قال الخطيب: الله أكبر، وله الحمد."),
]


@pytest.fixture(scope="module")
def pilgrimage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with Engine(build_index(tmp_path_factory.mktemp("hajj") / "index", PILGRIMAGE_DOCS)) as engine:
        yield engine


@pytest.mark.parametrize("query", ["الحج", "للحج", "والحج", "بالحج"])
def test_the_article_goes_before_two_letters(pilgrimage: Engine, query: str) -> None:
    assert found(pilgrimage, query) == {"al-hajj", "lil-hajj", "wal-hajj", "bil-hajj"}
    assert found(pilgrimage, "حج") == {"al-hajj", "hajj", "lil-hajj", "wal-hajj", "bil-hajj"}
    assert found(pilgrimage, "فن") == found(pilgrimage, "الفن") == {"art"}


def test_the_article_stays_before_a_stop_word(pilgrimage: Engine) -> None:
    assert found(pilgrimage, "الله") == {"god"}
    assert found(pilgrimage, "له") == set()


# -- stop words taken on the word as written ------------------------------------------

NAMES_DOCS = [
    doc("ali", "التقى الرئيس علي عبدالله صالح وفدا قبليا."),
    doc("ala", "وضع الكتاب على الطاولة وعاد إلى بيته."),
    doc("wa-ali", "حضر الاجتماع محمد وعلي وخالد."),
    doc("umm-alqura", "أعلنت جامعة أم القرى نتائج القبول."),
    doc("umm-kulthum", "غنت أم كلثوم في القاهرة."),
]


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with Engine(build_index(tmp_path_factory.mktemp("names") / "index", NAMES_DOCS)) as engine:
        yield engine


def test_ali_the_name_is_a_word_and_ala_the_preposition_is_not(names: Engine) -> None:
    assert found(names, "علي") == {"ali", "wa-ali"}
    assert found(names, "عليّ") == {"ali", "wa-ali"}
    assert found(names, "على") == set()
    assert "<mark>علي</mark> عبدالله" in snippets(names, "علي")["ali"]


def test_umm_is_a_word(names: Engine) -> None:
    assert found(names, "أم") == {"umm-alqura", "umm-kulthum"}
    assert found(names, '"أم القرى"') == {"umm-alqura"}


# -- numbers ----------------------------------------------------------------------------

NUMBER_DOCS = [
    doc("thousands", "بلغ السعر 1,500 ريال للطن."),
    doc("arabic-separator", "بلغ السعر 1٬500 ريال للطن."),
    doc("arabic-digits", "بلغ السعر ١٬٥٠٠ ريال للطن."),
    doc("decimal", "نما الاقتصاد 3.5 في المئة."),
    doc("arabic-decimal", "نما الإنتاج ٣٫٥ في المئة."),
    doc("agency-decimal", "بلغت الاستثمارات 5ر3 مليار دولار."),
    doc("apart", "فاز الفريق 3 مقابل 5 في المباراة."),
    doc("hijri", "صدر القرار في عام 1436هـ بعد دراسة."),
    doc("gregorian", "افتتح المشروع عام 2015م في الرياض."),
    doc("glued-waw", "سجل الفريق و3 أهداف في الشوط الأول."),
    doc("glued-article", "انطلقت الدورة الـ12 للمهرجان."),
    doc("units", "هاتف بذاكرة 3.5GB وبطارية 1,500mAh."),
]


@pytest.fixture(scope="module")
def numbers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with Engine(build_index(tmp_path_factory.mktemp("numbers") / "index", NUMBER_DOCS)) as engine:
        yield engine


@pytest.mark.parametrize("query,ids", [
    ("1500", {"thousands", "arabic-separator", "arabic-digits"}),
    ("1,500", {"thousands", "arabic-separator", "arabic-digits"}),
    ("١٬٥٠٠", {"thousands", "arabic-separator", "arabic-digits"}),
    ("3.5", {"decimal", "arabic-decimal", "agency-decimal"}),
    ("٣٫٥", {"decimal", "arabic-decimal", "agency-decimal"}),
    ("5", {"apart"}),
    ("1436", {"hijri"}),
    ("1436هـ", {"hijri"}),
    ("2015", {"gregorian"}),
    ("3", {"apart", "glued-waw"}),
    ("12", {"glued-article"}),
    ("3.5GB", {"units"}),
    ("1500mAh", {"units"}),
])
def test_a_number_is_one_term_whatever_is_written_around_it(numbers: Engine, query: str, ids: set[str]) -> None:
    assert found(numbers, query) == ids


def test_numbers_are_marked_as_written(numbers: Engine) -> None:
    assert "<mark>1,500</mark> ريال" in snippets(numbers, "1500")["thousands"]
    assert "<mark>١٬٥٠٠</mark> ريال" in snippets(numbers, "1500")["arabic-digits"]
    assert "<mark>3.5</mark> في" in snippets(numbers, "3.5")["decimal"]
    assert "عام <mark>1436</mark>هـ" in snippets(numbers, "1436")["hijri"]
    assert "و<mark>3</mark> أهداف" in snippets(numbers, "3")["glued-waw"]
    assert "الـ<mark>12</mark> للمهرجان" in snippets(numbers, "12")["glued-article"]
    assert "<mark>1,500mAh</mark>" in snippets(numbers, "1500mah")["units"]


# -- letters, ligatures, marks and hashtags --------------------------------------------------

WRITING_DOCS = [
    doc("vietnam", "وصل الوفد إلى ڤيتنام أمس."),
    doc("pakistan", "زار الوفد پاكستان أمس."),
    doc("google", "أعلنت گوگل منتجا جديدا."),
    doc("urdu", "افتتحت مدرسہ جديدة في كراتشے."),
    doc("prophet", "قال النبي ﷺ في الحديث الشريف."),
    doc("prophet-glued", "سيرة محمدﷺ في كتاب جديد."),
    doc("open-tanween", "قرأ كتابࣰا عن التاريخ."),
    doc("hashtag", "انتشر وسم #عاصفة_الحزم على تويتر."),
    doc("hashtag-bare", "تفاعل المغردون مع عاصفه_الحزم أمس."),
]


@pytest.fixture(scope="module")
def writing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with Engine(build_index(tmp_path_factory.mktemp("writing") / "index", WRITING_DOCS)) as engine:
        yield engine


@pytest.mark.parametrize("query,ids", [
    ("فيتنام", {"vietnam"}), ("باكستان", {"pakistan"}), ("كوكل", {"google"}),
    ("مدرسة", {"urdu"}), ("كراتشي", {"urdu"}),
    ('"صلى الله"', {"prophet", "prophet-glued"}), ("وسلم", {"prophet", "prophet-glued"}),
    ("محمد", {"prophet-glued"}),
    ("كتابا", {"open-tanween"}),
    ("عاصفة", {"hashtag", "hashtag-bare"}), ("الحزم", {"hashtag", "hashtag-bare"}),
    ('"عاصفة الحزم"', {"hashtag", "hashtag-bare"}), ("عاصفة_الحزم", {"hashtag", "hashtag-bare"}),
])
def test_every_way_of_writing_a_word_finds_it(writing: Engine, query: str, ids: set[str]) -> None:
    assert found(writing, query) == ids


def test_a_ligature_is_marked_whole_and_a_hashtag_word_by_word(writing: Engine) -> None:
    assert "النبي <mark>ﷺ</mark> في" in snippets(writing, "صلى")["prophet"]
    assert "#<mark>عاصفة</mark>_الحزم" in snippets(writing, "عاصفة")["hashtag"]
    assert "<mark>عاصفه</mark>_<mark>الحزم</mark>" in snippets(writing, "عاصفة الحزم")["hashtag-bare"]
