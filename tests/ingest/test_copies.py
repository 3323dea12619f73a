"""Copy fingerprints (search/ingest/copies.py): syndicated copies of a story
share one, other stories do not, and short texts get none."""
from __future__ import annotations

from datetime import datetime

from search.ingest.copies import fingerprints
from search.ingest.documents import ARTICLE, Document
from search.ingest.stories import copy_groups
from search.settings import DEFAULTS
from tests.support import PALM_STORY

MIN_LETTERS = DEFAULTS.copy_min_letters

# Another story of about the same length, on another subject.
MATCH_REPORT = (
    "فاز فريق الهلال على منافسه النصر بثلاثة أهداف مقابل هدف في المباراة التي أقيمت مساء أمس على ملعب "
    "الجوهرة في جدة أمام أكثر من خمسين ألف متفرج. وسجل المهاجم الأول هدفين في الشوط الأول قبل أن يضيف "
    "زميله الهدف الثالث من ركلة جزاء، فيما جاء هدف النصر الوحيد في الدقائق الأخيرة من اللقاء. وقال مدرب "
    "الهلال بعد المباراة إن الفريق قدم أداء متوازنا وإن الفوز يعزز حظوظه في المنافسة على لقب الدوري هذا الموسم. "
    "ويلتقي الفريقان مرة أخرى في نصف نهائي الكأس الشهر المقبل."
)


def test_identical_texts_share_a_fingerprint() -> None:
    first, second = fingerprints([PALM_STORY, PALM_STORY], MIN_LETTERS)
    assert first and first == second


def test_copies_with_small_edits_keep_the_fingerprint() -> None:
    """As papers carry a wire story: a dateline, a sign-off, another first
    word, punctuation changed, diacritics added, two words written as one."""
    original, *copies = fingerprints([
        PALM_STORY,
        "الرياض - واس\n" + PALM_STORY,
        "عكاظ (الرياض)\n" + PALM_STORY.replace("،", ".") + "\nوالله الموفق",
        PALM_STORY.replace("أعلنت", "أكدت", 1),
        PALM_STORY.replace("مئة ألف", "مِئَة أَلْف"),
        PALM_STORY.replace("عبر موقعها", "عبرموقعها"),
    ], MIN_LETTERS)
    assert original
    assert copies == [original] * 5


def test_different_stories_have_different_fingerprints() -> None:
    palm, match = fingerprints([PALM_STORY, MATCH_REPORT], MIN_LETTERS)
    assert palm and match and palm != match


def test_texts_below_min_letters_get_none() -> None:
    short = "توزيع فسائل النخيل في الشمال."
    assert fingerprints([short, short, "", PALM_STORY], MIN_LETTERS)[:3] == ["", "", ""]
    # The same story is too short when more letters are asked for.
    assert fingerprints([PALM_STORY], len(PALM_STORY)) == [""]
    assert fingerprints([PALM_STORY], MIN_LETTERS) != [""]


def test_a_fingerprint_depends_on_the_text_not_on_its_neighbours() -> None:
    alone = fingerprints([MATCH_REPORT], MIN_LETTERS)
    among = fingerprints(["", PALM_STORY, MATCH_REPORT, "نص قصير"], MIN_LETTERS)
    assert among[2] == alone[0]


def forecast(day: int, high: int) -> Document:
    return Document(id=f"weather-{day}", kind=ARTICLE, title="الأرصاد: سماء غائمة جزئيا على معظم مناطق المملكة",
                    body=f"توقعت الرئاسة العامة للأرصاد وحماية البيئة سماء غائمة جزئيا وأن تبلغ العظمى {high} درجة.",
                    source="was", date=datetime(2015, 8, day))


def test_forecasts_of_two_days_in_the_same_words_are_two_stories() -> None:
    """The same headline and opening a day apart, with other figures: the
    figures tell the days apart."""
    docs = [forecast(2, 45), forecast(3, 47), forecast(3, 47)]
    keys = copy_groups(docs, fingerprints((d.body for d in docs), MIN_LETTERS))
    assert keys[0] == "" and keys[1] and keys[1] == keys[2]


ARRIVAL = ("وصل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود اليوم إلى المملكة المغربية في إجازة "
           "خاصة وكان في استقباله لدى وصوله مطار طنجة الدولي صاحب السمو الملكي الأمير مولاي رشيد وعدد من "
           "المسؤولين في الحكومة المغربية")


def story(doc_id: str, source: str, title: str, body: str, day: int = 2) -> Document:
    return Document(id=doc_id, kind=ARTICLE, title=title, body=body, source=source, date=datetime(2015, 8, day))


def grouped(docs: list[Document]) -> list[str]:
    """Copy group keys of ``docs``, whose texts are too short for a body fingerprint."""
    return copy_groups(docs, fingerprints((d.body for d in docs), 10_000))


def test_the_same_opening_under_each_paper_own_headline_is_one_story() -> None:
    keys = grouped([story("a", "riyadh", "خادم الحرمين الشريفين يصل إلى المملكة المغربية", ARRIVAL),
                    story("b", "sabq", "خادم الحرمين يصل طنجة في إجازة خاصة", "واس- طنجة: " + ARRIVAL),
                    story("c", "okaz", "أمطار غزيرة على طنجة", MATCH_REPORT)])
    assert keys[0] and keys[0] == keys[1] and not keys[2]


def test_one_paper_opening_its_reports_alike_tells_two_stories() -> None:
    """Within one paper, the same opening under two headlines is a series (the first relief flight, the second)."""
    keys = grouped([story("a", "riyadh", "خادم الحرمين الشريفين يصل إلى المملكة المغربية", ARRIVAL),
                    story("b", "riyadh", "خادم الحرمين يصل طنجة في إجازة خاصة", ARRIVAL, day=3)])
    assert keys == ["", ""]


def test_the_same_headline_over_an_opening_edited_more_is_one_story() -> None:
    """A copy cut short: two thirds of the opening, the same headline."""
    edited = " ".join(ARRIVAL.split()[:24])
    keys = grouped([story("a", "riyadh", "خادم الحرمين الشريفين يصل إلى المغرب", ARRIVAL),
                    story("b", "alyaum", "خادم الحرمين الشريفين يصل الى المغرب", edited)])
    assert keys[0] and keys[0] == keys[1]


def test_the_installments_of_a_series_opened_alike_are_two_stories() -> None:
    """Two papers open the second and the third relief flight in the same
    words; the headlines' ordinals tell them apart."""
    opening = ("إنفاذا لتوجيهات خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز لتقديم المساعدات العاجلة "
               "للشعب اليمني الشقيق وصلت إلى مطار عدن الدولي طائرة شحن تابعة للقوات الجوية الملكية "
               "السعودية محملة بالمواد الطبية والإغاثية")
    keys = grouped([story("a", "riyadh", "وصول طائرة الشحن الثانية إلى مطار عدن الدولي", opening),
                    story("b", "okaz", "وصول الطائرة الإغاثية الثالثة إلى مطار عدن", opening, day=3),
                    story("c", "sabq", "الطائرة الإغاثية الثالثة تحط في عدن", opening, day=3)])
    assert not keys[0] and keys[1] and keys[1] == keys[2]
