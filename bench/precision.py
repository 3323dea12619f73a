"""Precision of short queries, judged without the analyzer under test.

    python bench/precision.py              # this task alone; rewrites its block of docs/relevance.md
    python bench/precision.py --show 20    # and prints 20 random judged hits to read
    python bench/precision.py --words      # only the judge: each query's documents and word forms

220 queries of one or two words, chosen from SaudiNewsNet (July and August
2015): people with their spelling variants, places (short and ambiguous ones
among them), organisations, events and common topics, many of them words
whose light stems or roots meet unrelated words (الحوثيين and البحوث, سلمان
and مسلم, الخادمات and خادم, الرياض and رياضية, الطائف and الطائفية).

The judge is written here and does not call Bahth's analysis: a document
(title and body, as indexed) matches a query when it holds a word of the
query by an explicit pattern, on text normalized for spelling noise only
(``spelling``); a stricter figure asks for every word of it (its ``spec``;
a name or an event of two words as a phrase).
A word's pattern is the word with the clitics و ف ب ل ك and the article
before it and the endings of number, gender and possession after it
(``endings``), or one of the spellings listed for it (``Form``).

For each system and query: the precision of the first page (10 results,
copies of a story collapsed as the page shows them) by relevance and newest
first, and the system's count of matching documents against the judge's.
Every wrong result shown (system, order, query, rank, id, title, and what
the judge found in it) goes to ``bench/out/precision-failures.tsv``.
"""
from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import sys
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import OUT, ROOT, SAUDINEWSNET, load_articles, mean, with_body  # noqa: E402
from bench.measure import markdown_table as table  # noqa: E402
from search.ingest.documents import Document  # noqa: E402

DOC = ROOT / "docs" / "relevance.md"
START, END = "<!-- precision:start -->", "<!-- precision:end -->"
FAILURES = OUT / "precision-failures.tsv"
PAGE = 10
WITHIN = 0.05  # a count "agrees" with the judge's within 5%
# Enough documents that a page of 10 stories can be filled with right answers.
MIN_DOCUMENTS = 20


# -- the judge's text: spelling noise only ------------------------------------------

_NOISE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u061c\u2060\ufeff]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def spelling(text: str) -> str:
    """``text`` without diacritics, tatweel and invisible marks, with أ إ آ ٱ → ا,
    ى → ي and ة → ه: the only folding the judge does."""
    return _NOISE.sub("", text).translate(_FOLD)


def judged_text(doc: Document) -> str:
    """What the systems index of a document: its title and body."""
    return spelling(doc.title + "\n" + doc.body)


# -- a word's forms, as regular expressions -----------------------------------------

LETTER = r"[^\W\d_]"  # a letter: a word is a run of them (digits and punctuation end it)
TOKEN = re.compile(f"{LETTER}+")
PRONOUN = "(?:ه|ها|هم|هما|هن|ك|كم|كما|كن|نا|ي)"
# Before a word: و or ف, then ب ك (with or without the article), ل (لل with it) or nothing.
WITH_ARTICLE = "(?:[وف]?(?:[بك]?ال|لل))"  # a word written with ال takes it always
ANY_ARTICLE = "(?:[وف]?(?:[بك]?ال|لل|[بلك])?)"  # a word written without it may take it
NO_ARTICLE = "(?:[وف]?[بلك]?)"  # names


# The endings of a relative adjective (يمني، يمنية، يمنيين، يمنيتها).
NISBA = f"(?:ي|يه|يين|يون|يات|يا|(?:يت|ي){PRONOUN})"


def endings(base: str, how: str, alef: bool = True) -> str:
    """``base`` and the endings it may take. '=': none but the alef of an
    accusative tanween (امطارا) if ``alef``; '~': those of a relative adjective; by
    default, number, gender and possession: ة/ه ات ان ين ون ي ية يين يون and
    the pronouns after them (a final ه, a ta marbuta, becomes ت before a
    pronoun or a dual ending; a plural in ات takes only pronouns)."""
    if how == "=":
        return base + ("ا?" if alef and base[-1] not in "اويهءئؤ" else "")
    if how == "~":
        return base + NISBA + "?"
    if base.endswith("ات"):
        return base + PRONOUN + "?"
    if base.endswith("ه"):
        return base[:-1] + f"(?:ه|ات|تان|تين|(?:ت|ات|تا|تي){PRONOUN})"
    return base + f"(?:ه|ات|ان|ين|ون|ي|يه|يين|يون|يات|ا|يا|تان|تين|(?:ت|يت|ات|يات|ي|و|ا)?{PRONOUN})?"


@dataclass(frozen=True)
class Form:
    """One accepted way of writing a query word (or a name of several words).

    Written ``[-|!]words[=|~]``. A first word written with the article ال
    takes it always (الرياض, never رياض); one written without it may take it
    (ابتعاث and الابتعاث). A leading ``-`` allows no article (names: روحاني,
    not الروحاني), ``!`` no clitic at all (explicit forms: لحج, whose للحج is
    the hajj's). A trailing ``=`` allows no ending (but an accusative alef),
    ``~`` only those of a relative adjective, which may then take the article
    whatever the word (إيران: إيراني, الإيرانية); none, every ending of
    ``endings``. أل and آل (ألمانيا, آل سعود) are not the article."""

    tokens: tuple[str, ...]  # the patterns of its words, in order
    cores: tuple[str, ...]   # the plain letters each word must contain

    @classmethod
    def parse(cls, written: str) -> Form:
        text = written.strip()
        how = text[-1] if text[-1] in "=~" else ""
        mark = text[0] if text[0] in "-!" else ""
        text = text.rstrip("=~").lstrip("-!")
        article = text.startswith("ال") and not mark  # before spelling() makes أل and آل alike
        words = spelling(text).split()
        if article:
            words[0] = words[0][2:]
        prefix = {"!": "", "-": NO_ARTICLE}.get(mark, WITH_ARTICLE if article else ANY_ARTICLE)
        tokens = [re.escape(w) for w in words]
        # No accusative alef after a name (حائلا: preventing) nor after the article.
        tokens[-1] = endings(words[-1], how, alef=not mark and not (article and len(words) == 1))
        if how == "~" and len(words) == 1:
            tokens[0] = f"(?:{prefix}{tokens[0]}|{ANY_ARTICLE}{words[0]}{NISBA})"
        else:
            tokens[0] = prefix + tokens[0]
        cores = [w[:-1] if w.endswith("ه") and how == "" else w for w in words]
        return cls(tuple(tokens), tuple(cores))

    @property
    def regex(self) -> re.Pattern[str]:
        """The form in running text, between word boundaries."""
        return re.compile(f"(?<!{LETTER})" + r"\s+".join(self.tokens) + f"(?!{LETTER})")


@dataclass(frozen=True)
class Query:
    text: str   # as typed
    kind: str   # person, place, organisation, event, topic
    words: tuple[tuple[Form, ...], ...]  # a document must hold each word, in one of its forms
    spec: str   # the words' forms as written below
    # Each word of ``text`` on its own, with its clitics and endings: a
    # document holding any of them (or ``words``) holds "a query word".
    loose: tuple[tuple[Form, ...], ...] = ()

    @classmethod
    def make(cls, kind: str, text: str, spec: str = "") -> Query:
        """``spec``: the words a matching document holds, separated by '+',
        each as forms separated by '|' (see ``Form``); by default each word of
        ``text`` with its clitics and endings."""
        spec = spec or " + ".join(text.split())
        words = tuple(tuple(Form.parse(f) for f in word.split("|")) for word in spec.split("+"))
        loose = words if len(text.split()) == 1 else tuple((Form.parse(w),) for w in text.split())
        return cls(text, kind, words, spec, loose)


# -- the queries -------------------------------------------------------------------

# (kind, query as typed, what a matching document must hold; empty: the query's words).
# Comments name the words an ending or a clitic would wrongly take in.
QUERIES = [Query.make(*row) for row in [
    # people, with the spellings the papers use; names take no article
    ("person", "بوتين", "-بوتين=|-بوتن="),
    ("person", "بوتن", "-بوتين=|-بوتن="),
    ("person", "ترامب", "-ترامب=|-ترمب="),
    ("person", "ترمب", "-ترامب=|-ترمب="),
    ("person", "أوباما", "-أوباما="),
    ("person", "روحاني", "-روحاني="),  # الروحانية, الروحاني: spiritual
    ("person", "حسن روحاني", "-حسن روحاني="),
    ("person", "الأسد", "الأسد="),
    ("person", "بشار الأسد", "-بشار الأسد="),
    ("person", "عبدالملك الحوثي", "-عبدالملك الحوثي=|-عبد الملك الحوثي="),
    ("person", "سلمان", "-سلمان="),  # السلمان: a family
    ("person", "الملك سلمان", "الملك سلمان="),
    ("person", "محمد", "-محمد="),  # المحمدي
    ("person", "أحمد", "-أحمد="),
    ("person", "محمود", "-محمود="),
    ("person", "ولي العهد", "ولي العهد="),
    ("person", "بن نايف", "-بن نايف="),
    ("person", "الجبير", "الجبير="),
    ("person", "كيري", "-كيري="),
    ("person", "ظريف", "-ظريف="),
    ("person", "لافروف", "-لافروف="),
    ("person", "هادي", "-هادي="),
    ("person", "منصور هادي", "-منصور هادي="),
    ("person", "صالح", "!صالح=|!وصالح="),  # لصالح: in favour of
    ("person", "عبدالله صالح", "-عبدالله صالح=|-عبد الله صالح="),
    ("person", "المخلوع", "المخلوع="),
    ("person", "نصرالله", "-نصرالله=|-نصر الله="),
    ("person", "البغدادي", "البغدادي="),
    ("person", "أردوغان", "-أردوغان="),
    ("person", "نتنياهو", "-نتنياهو=|-نتانياهو="),
    ("person", "السيسي", "السيسي="),
    ("person", "كاميرون", "-كاميرون="),
    ("person", "ميركل", "-ميركل="),
    ("person", "هولاند", "-هولاند="),
    ("person", "كي مون", "-كي مون="),
    ("person", "خامنئي", "-خامنئي=|-خامنه اي=|-خامنه ئي="),
    ("person", "الظواهري", "الظواهري="),
    ("person", "بن لادن", "-بن لادن="),
    ("person", "عباس", "-عباس="),
    ("person", "خالد الفيصل", "-خالد الفيصل="),
    ("person", "العبادي", "العبادي="),
    ("person", "المالكي", "المالكي="),
    ("person", "ميسي", "-ميسي="),
    # places, short and ambiguous ones among them; a place's relative adjective counts
    ("place", "الموصل", "الموصل~"),  # الموصلة, الموصلات: connecting
    ("place", "لحج", "!لحج~|!ولحج~|!بلحج~|!فلحج~"),  # للحج: for the hajj
    ("place", "جدة", "-جدة="),
    ("place", "مكة", "-مكة="),
    ("place", "مكة المكرمة", "-مكة المكرمة="),
    ("place", "لبنان", "-لبنان~"),
    ("place", "صنعاء", "-صنعاء="),
    ("place", "عدن", "-عدن~"),  # عدنان
    ("place", "حلب", "-حلب~"),  # حلبة: a ring
    ("place", "تعز", "-تعز="),  # تعزية: condolence
    ("place", "الرياض", "الرياض="),  # الرياضي, الرياضية: sport
    ("place", "المدينة", "المدينة"),
    ("place", "المدينة المنورة", "المدينة المنورة="),
    ("place", "دمشق", "-دمشق~"),
    ("place", "بغداد", "-بغداد=|-بغدادي"),  # البغدادي: a man's name
    ("place", "طهران", "-طهران="),
    ("place", "القاهرة", "القاهرة="),
    ("place", "إيران", "-إيران~"),
    ("place", "العراق", "العراق~"),
    ("place", "سوريا", "-سوريا=|-سورية=|سوري"),
    ("place", "اليمن", "اليمن~"),
    ("place", "قطر", "-قطر~"),  # القطر: a diameter, a country
    ("place", "مصر", "-مصر~"),  # مصرون: insisting
    ("place", "تركيا", "-تركيا="),  # تركي: a first name as well
    ("place", "الكويت", "الكويت~"),
    ("place", "البحرين", "البحرين~"),
    ("place", "الإمارات", "الإمارات~"),
    ("place", "الطائف", "الطائف="),  # الطائفية: sectarianism
    ("place", "تبوك", "-تبوك~"),
    ("place", "الدمام", "الدمام="),
    ("place", "أبها", "-أبها="),
    ("place", "جازان", "-جازان=|-جيزان="),
    ("place", "جيزان", "-جازان=|-جيزان="),
    ("place", "نجران", "-نجران~"),
    ("place", "القطيف", "القطيف="),
    ("place", "الأحساء", "الأحساء=|-أحسائي"),
    ("place", "حائل", "-حائل="),
    ("place", "القصيم", "القصيم="),
    ("place", "ينبع", "-ينبع="),
    ("place", "الخرج", "الخرج="),
    ("place", "الحديدة", "الحديدة="),  # حديد: iron
    ("place", "مأرب", "-مأرب="),
    ("place", "حضرموت", "-حضرموت~"),
    ("place", "صعدة", "-صعدة="),  # تصعد: rises
    ("place", "الرقة", "الرقة="),
    ("place", "إدلب", "-إدلب="),
    ("place", "حمص", "-حمص="),
    ("place", "الزبداني", "الزبداني="),
    ("place", "الأنبار", "الأنبار="),
    ("place", "الرمادي", "الرمادي="),  # also grey
    ("place", "الفلوجة", "الفلوجة="),
    ("place", "غزة", "-غزة="),
    ("place", "القدس", "القدس="),
    ("place", "سيناء", "-سيناء="),
    ("place", "ليبيا", "-ليبيا=|ليبي"),
    ("place", "تونس", "-تونس~"),
    ("place", "المغرب", "المغرب~"),  # also the sunset prayer
    ("place", "السودان", "السودان~"),
    ("place", "إسرائيل", "-إسرائيل~"),
    ("place", "فلسطين", "-فلسطين~"),
    ("place", "روسيا", "-روسيا=|روسي"),
    ("place", "الصين", "الصين~"),
    ("place", "ألمانيا", "-ألمانيا=|ألماني"),
    ("place", "فرنسا", "-فرنسا=|فرنسي"),
    ("place", "بريطانيا", "-بريطانيا=|بريطاني"),
    ("place", "أمريكا", "-أمريكا=|-أميركا=|أمريكي|أميركي"),
    ("place", "واشنطن", "-واشنطن="),
    ("place", "لندن", "-لندن="),
    ("place", "فيينا", "-فيينا="),
    ("place", "الأردن", "الأردن~"),
    # organisations
    ("organisation", "داعش", "-داعش~"),
    ("organisation", "الحوثيين", "حوثي"),  # البحوث
    ("organisation", "الحوثي", "حوثي"),
    ("organisation", "أرامكو", "-أرامكو="),
    ("organisation", "نطاقات", "نطاقات"),
    ("organisation", "القاعدة", "القاعدة="),  # قاعدة: a base, a rule
    ("organisation", "حزب الله", "حزب الله="),
    ("organisation", "الإخوان", "الإخوان="),  # إخوانه: his brothers
    ("organisation", "الأمم المتحدة", "الأمم المتحدة="),
    ("organisation", "مجلس الأمن", "مجلس الأمن="),
    ("organisation", "الجامعة العربية", "الجامعة العربية=|جامعة الدول العربية="),
    ("organisation", "مجلس التعاون", "مجلس التعاون="),
    ("organisation", "أوبك", "-أوبك="),
    ("organisation", "سابك", "-سابك="),
    ("organisation", "الهلال", "الهلال~"),
    ("organisation", "النصر", "النصر="),
    ("organisation", "الأهلي", "الأهلي="),
    ("organisation", "الاتحاد", "الاتحاد~"),
    ("organisation", "الأمر بالمعروف", "الأمر بالمعروف="),
    ("organisation", "الجوازات", "الجوازات="),
    ("organisation", "الدفاع المدني", "الدفاع المدني="),
    ("organisation", "طالبان", "-طالبان="),
    ("organisation", "جبهة النصرة", "جبهة النصرة="),
    ("organisation", "الحشد الشعبي", "الحشد الشعبي="),
    ("organisation", "مجلس الشورى", "مجلس الشورى="),
    ("organisation", "الكونغرس", "الكونغرس=|الكونجرس="),
    ("organisation", "البنتاغون", "البنتاغون=|البنتاجون="),
    ("organisation", "تويتر", "-تويتر~"),
    ("organisation", "فيسبوك", "فيسبوك=|فيس بوك="),
    ("organisation", "واتساب", "واتساب=|واتس اب="),
    # events
    ("event", "عاصفة الحزم", "عاصفة الحزم="),
    ("event", "إعادة الأمل", "إعادة الأمل="),
    ("event", "الاتفاق النووي", "الاتفاق النووي=|اتفاق نووي="),
    ("event", "كأس العالم", "كأس العالم="),
    ("event", "عيد الفطر", "عيد الفطر="),
    ("event", "رمضان", "-رمضان="),
    ("event", "الحج", "الحج="),  # حج: also a verb
    ("event", "موسم الحج", "موسم الحج="),
    ("event", "العمرة", "العمرة"),  # عمر: age, Omar; عمره: his age
    ("event", "قناة السويس", "قناة السويس="),
    ("event", "كورونا", "-كورونا="),
    ("event", "سوق عكاظ", "سوق عكاظ="),
    ("event", "الانتخابات البلدية", "الانتخابات البلدية=|انتخابات بلدية=|المجالس البلدية="),
    ("event", "تفجير", "تفجير"),
    ("event", "القديح", "القديح="),
    # common topics; nouns may come without the article
    ("topic", "السعودة", "سعودة"),  # السعودية
    ("topic", "السعودية", "سعودي"),
    ("topic", "الخادمات", "خادمة"),  # خادم الحرمين
    ("topic", "خادم الحرمين", "خادم الحرمين="),
    ("topic", "العمالة المنزلية", "العمالة المنزلية=|عمالة منزلية="),
    ("topic", "البطالة", "بطالة"),
    ("topic", "أسعار النفط", "أسعار=|سعر= + نفط="),  # سعرات: calories
    ("topic", "النفط", "نفط~"),
    ("topic", "الاستقدام", "استقدام="),
    ("topic", "التأشيرات", "تأشيرة"),
    ("topic", "الإسكان", "إسكان="),
    ("topic", "الأراضي البيضاء", "الأراضي البيضاء=|أراض بيضاء=|أراضي بيضاء="),
    ("topic", "الأسهم", "الأسهم="),  # أسهم: contributed
    ("topic", "الرواتب", "رواتب=|راتب"),
    ("topic", "التقاعد", "تقاعد~"),
    ("topic", "المرور", "المرور~"),  # مرور: passing
    ("topic", "المعلمين", "معلم=|معلمين=|معلمون=|معلمة"),  # المعلمي: a name
    ("topic", "المعلمات", "معلمة"),
    ("topic", "الطلاب", "طلاب=|الطالب=|الطالبة|طالبات="),  # طالب: demanded; طالبان
    ("topic", "الابتعاث", "ابتعاث="),
    ("topic", "الكهرباء", "كهرباء="),
    ("topic", "المياه", "مياه="),
    ("topic", "الأمطار", "أمطار=|مطر="),
    ("topic", "السيول", "سيول=|سيل="),
    ("topic", "الغبار", "غبار="),
    ("topic", "السياحة", "سياحة|سياحي"),
    ("topic", "الفساد", "فساد="),
    ("topic", "الإرهاب", "إرهاب~"),
    ("topic", "المخدرات", "مخدرات|مخدر="),
    ("topic", "الكبتاجون", "كبتاجون=|كبتاغون="),
    ("topic", "اللاجئين", "لاجئ"),
    ("topic", "الزكاة", "زكاة="),
    ("topic", "العقار", "عقار"),
    ("topic", "الذهب", "الذهب="),  # ذهب: went
    ("topic", "الريال", "ريال="),
    ("topic", "المستشفى", "مستشفى=|مستشفيات"),
    ("topic", "التعليم", "تعليم~"),  # التعليمات: instructions
    ("topic", "الوظائف", "وظائف=|وظيفة"),
    ("topic", "المرأة", "المرأة=|امرأة="),
    ("topic", "الشباب", "شباب="),
    ("topic", "الحوادث", "حوادث=|حادث"),
    ("topic", "القطار", "قطار"),
    ("topic", "المسلمين", "مسلم"),
    ("topic", "الإسلام", "إسلام~"),
    ("topic", "البحوث", "بحوث="),
    ("topic", "الدين", "الدين="),  # لدينا: we have
    ("topic", "الرياضة", "رياضة|رياضي=|رياضية=|رياضيين=|رياضيون="),  # الرياضيات: mathematics
    ("topic", "الوصول", "وصول="),
    # two words that need not stand together
    ("topic", "تفجير مسجد", "تفجير + مسجد"),
    ("topic", "داعش الموصل", "-داعش~ + الموصل~"),
    ("topic", "الحوثيين عدن", "حوثي + -عدن~"),
    ("topic", "رواتب المعلمين", "رواتب=|راتب + معلم=|معلمين=|معلمون=|معلمة"),
    ("topic", "أمطار جدة", "أمطار=|مطر= + -جدة="),
    ("topic", "إيران النفط", "-إيران~ + نفط~"),
    ("topic", "سعر الذهب", "أسعار=|سعر= + الذهب="),
    ("topic", "الهلال النصر", "الهلال= + النصر="),
    ("topic", "ترامب الانتخابات", "-ترامب=|-ترمب= + انتخابات|انتخاب~"),
    ("topic", "وزارة العمل", "وزارة العمل="),
    ("topic", "وزارة الإسكان", "وزارة الإسكان="),
    ("topic", "سوق الأسهم", "سوق الأسهم="),
    ("topic", "السعودة الوظائف", "سعودة + وظائف=|وظيفة"),
    ("topic", "البطالة النساء", "بطالة + نساء=|المرأة=|امرأة="),
]]


# -- the judge -----------------------------------------------------------------------

class Judge:
    """Which documents hold a query's words, found through a table of every
    word (as ``spelling`` leaves it) and the documents holding it."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.number = {d.id: n for n, d in enumerate(documents)}
        postings: dict[str, list[int]] = defaultdict(list)
        for n, doc in enumerate(documents):
            for word in set(TOKEN.findall(judged_text(doc))):
                postings[word].append(n)
        self.postings = {word: array("i", docs) for word, docs in postings.items()}
        self._found: dict[object, frozenset[int]] = {}

    def words(self, form: Form, at: int) -> list[str]:
        """The words of the corpus that word ``at`` of ``form`` matches on its own."""
        pattern = re.compile(form.tokens[at])
        core = form.cores[at]
        return [w for w in self.postings if core in w and pattern.fullmatch(w)]

    def holding(self, form: Form) -> set[int]:
        """The documents that hold ``form``."""
        found: set[int] | None = None
        for at in range(len(form.tokens)):
            docs = {n for w in self.words(form, at) for n in self.postings[w]}
            found = docs if found is None else found & docs
        assert found is not None
        if len(form.tokens) > 1:  # a name of several words: in a row, checked in the text
            regex = form.regex
            found = {n for n in found if regex.search(judged_text(self.documents[n]))}
        return found

    def found(self, query: Query) -> frozenset[int]:
        """The document numbers that hold every word of ``query``."""
        if query not in self._found:
            docs: set[int] | None = None
            for forms in query.words:
                either = set().union(*(self.holding(f) for f in forms))
                docs = either if docs is None else docs & either
            self._found[query] = frozenset(docs or ())
        return self._found[query]

    def found_any(self, query: Query) -> frozenset[int]:
        """The document numbers that hold a word of ``query``: each on its
        own, or the whole of it as ``found`` reads it (the issue's measure)."""
        key = ("any", query)
        if key not in self._found:
            docs = set(self.found(query))
            for forms in query.loose:
                docs |= set().union(*(self.holding(f) for f in forms))
            self._found[key] = frozenset(docs)
        return self._found[key]

    def match(self, query: Query, doc_id: str, every: bool = False) -> bool:
        """Whether the document holds a word of ``query`` (``every``: all of it)."""
        return self.number.get(doc_id, -1) in (self.found(query) if every else self.found_any(query))

    def evidence(self, query: Query, doc_id: str, width: int = 30) -> str:
        """Where each word of ``query`` is in the document, or that it is not
        (with the nearest thing: its letters inside another word)."""
        text = judged_text(self.documents[self.number[doc_id]])
        shown = []
        for forms in query.words:
            hit = next((m for f in forms if (m := f.regex.search(text))), None)
            if hit:
                shown.append("…" + text[max(0, hit.start() - width):hit.end() + width].replace("\n", " ") + "…")
                continue
            cores = list(dict.fromkeys(" ".join(f.cores) for f in forms))
            inside = re.search(f"{LETTER}*{re.escape(forms[0].cores[0])}{LETTER}*", text)
            shown.append(f"[no {' or '.join(cores)}" + (f"; only in «{inside.group()}»" if inside else "") + "]")
        return " / ".join(shown)


# -- the systems ---------------------------------------------------------------------

@dataclass
class Answer:
    """What a system shows for a query: the first page in each order (one
    document for each story) and its count of matching documents."""

    pages: dict[str, list[str]]  # "relevance" and "newest" → document ids, first first
    total: int                   # documents matched, each copy counted


System = Callable[[str], Answer]
ORDERS = ("relevance", "newest")


def one_per_story(ids: Iterable[str], story: dict[str, str]) -> list[str]:
    """``ids`` with the copies of a story after its first left out."""
    seen: set[str] = set()
    kept = []
    for doc_id in ids:
        key = story.get(doc_id, doc_id)
        if key not in seen:
            seen.add(key)
            kept.append(doc_id)
    return kept


def tantivy_system(documents: list[Document], story: dict[str, str]) -> System:
    """tantivy over the same title and body, dated; copies collapsed by
    Bahth's copy groups, as Bahth's page would collapse them."""
    from bench.baselines import Tantivy
    from bench.relevance import WORK
    path = WORK / f"tantivy-full-dated-{len(documents)}"
    if (path / "meta.json").exists():
        engine = Tantivy(path, dated=True)
    else:
        started = time.perf_counter()
        engine = Tantivy.build(path, documents, dated=True)
        print(f"built the dated tantivy index in {time.perf_counter() - started:.0f} s", flush=True)

    def page(text: str, newest: bool) -> list[str]:
        limit = 4 * PAGE
        while True:
            ids = engine.search(text, limit, newest=newest)
            kept = one_per_story(ids, story)
            if len(kept) >= PAGE or len(ids) < limit:
                return kept[:PAGE]
            limit *= 4

    return lambda text: Answer({"relevance": page(text, False), "newest": page(text, True)}, engine.count(text))


def bahth_system(engine: object) -> System:
    """Bahth as served: the page as the web page asks for it (copies collapsed)."""
    from search.engine import Engine
    from search.query.request import SearchRequest
    assert isinstance(engine, Engine)

    def answer(text: str) -> Answer:
        pages = {order: [hit.id for hit in engine.search(SearchRequest(q=text, per_page=PAGE, sort=order),
                                                        snippets=False).hits]
                 for order in ORDERS}
        every = engine.search(SearchRequest(q=text, per_page=1, collapse=False), snippets=False)
        return Answer(pages, every.total)
    return answer


# -- the measures --------------------------------------------------------------------

@dataclass
class Outcome:
    query: Query
    judged: int                      # documents the judge finds holding a query word
    answer: Answer
    verdicts: dict[str, list[bool]]  # order → whether each shown document holds a query word
    every: dict[str, list[bool]]     # order → whether it holds every word (names as phrases)

    def precision(self, order: str, every: bool = False) -> float:
        """Right answers among the page shown (an empty page scores 0)."""
        shown = (self.every if every else self.verdicts)[order]
        return sum(shown) / len(shown) if shown else 0.0

    @property
    def ratio(self) -> float:
        return self.answer.total / self.judged if self.judged else math.inf


def run_system(name: str, system: System, judge: Judge) -> list[Outcome]:
    started = time.perf_counter()
    outcomes = []
    for query in QUERIES:
        answer = system(query.text)
        verdicts = {order: [judge.match(query, doc_id) for doc_id in ids] for order, ids in answer.pages.items()}
        every = {order: [judge.match(query, doc_id, every=True) for doc_id in ids]
                 for order, ids in answer.pages.items()}
        outcomes.append(Outcome(query, len(judge.found_any(query)), answer, verdicts, every))
    print(f"{name}: {len(QUERIES)} queries in {time.perf_counter() - started:.1f} s", flush=True)
    return outcomes


def _words(q: Query) -> int:
    return len(q.text.split())


def summary_row(name: str, outcomes: list[Outcome]) -> list[object]:
    one = [o for o in outcomes if _words(o.query) == 1]
    two = [o for o in outcomes if _words(o.query) > 1]

    def p(items: list[Outcome], order: str, every: bool = False) -> str:
        return f"{mean([o.precision(order, every) for o in items]):.3f}"

    def median(items: list[Outcome]) -> str:
        return f"{statistics.median([o.ratio for o in items]):.2f}"

    def within(items: list[Outcome]) -> str:
        return f"{sum(abs(o.ratio - 1) <= WITHIN for o in items) / len(items):.0%}"
    return [name, p(outcomes, "relevance"), p(outcomes, "newest"),
            f"{p(one, 'relevance')} / {p(one, 'newest')}", f"{p(two, 'relevance')} / {p(two, 'newest')}",
            f"{median(outcomes)} ({median(one)} / {median(two)})",
            f"{within(outcomes)} ({within(one)} / {within(two)})",
            f"{p(two, 'relevance', True)} / {p(two, 'newest', True)}"]


SUMMARY = ["system", "P@10 by relevance", "P@10 newest first", "one word: relevance / newest",
           "two words: relevance / newest", "count ÷ judge's, median (one word / two)",
           "counts within 5% (one word / two)", "two words, every word held: relevance / newest"]


def kind_rows(results: dict[str, list[Outcome]]) -> tuple[list[str], list[list[object]]]:
    kinds = list(dict.fromkeys(q.kind for q in QUERIES))
    header = ["queries"] + [f"{name}: {order}" for name in results for order in ORDERS]
    rows: list[list[object]] = []
    for kind in kinds:
        row: list[object] = [f"{kind} ({sum(q.kind == kind for q in QUERIES)})"]
        for outcomes in results.values():
            row += [mean([o.precision(order) for o in outcomes if o.query.kind == kind]) for order in ORDERS]
        rows.append(row)
    return header, rows


def worst_counts(outcomes: list[Outcome], n: int = 5) -> str:
    """The one-word queries whose count is furthest from the judge's (either way)."""
    one = [o for o in outcomes if _words(o.query) == 1]
    worst = sorted(one, key=lambda o: -abs(math.log(max(o.ratio, 1e-9))))[:n]
    return ", ".join(f"{o.query.text} {o.answer.total:,} against {o.judged:,}" for o in worst)


def worst_rows(outcomes: list[Outcome], n: int = 10) -> list[list[object]]:
    worst = sorted(outcomes, key=lambda o: (o.precision("relevance") + o.precision("newest"),
                                            -abs(math.log(max(o.ratio, 1e-9)))))[:n]
    return [[o.query.text, o.query.kind, o.precision("relevance"), o.precision("newest"),
             f"{o.answer.total:,}", f"{o.judged:,}"] for o in worst]


def write_failures(results: dict[str, list[Outcome]], judge: Judge) -> int:
    """Every wrong result shown, with the judge's reason, to FAILURES."""
    titles = {d.id: d.title for d in judge.documents}
    lines = ["system\torder\tquery\trank\tid\ttitle\twhat the judge found"]
    for name, outcomes in results.items():
        for o in outcomes:
            for order in ORDERS:
                for rank, (doc_id, right) in enumerate(zip(o.answer.pages[order], o.verdicts[order], strict=True), 1):
                    if not right:
                        why = judge.evidence(o.query, doc_id, 15) if doc_id in judge.number else "not in the corpus"
                        lines.append("\t".join([name, order, o.query.text, str(rank), doc_id,
                                                " ".join(titles.get(doc_id, "").split()), why]))
    FAILURES.parent.mkdir(parents=True, exist_ok=True)
    FAILURES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def show_judged(results: dict[str, list[Outcome]], judge: Judge, n: int, seed: int = 7) -> None:
    """``n`` random results shown by the systems, with the judge's verdict and its evidence."""
    shown = sorted({(o.query.text, doc_id, right)
                    for outcomes in results.values() for o in outcomes for order in ORDERS
                    for doc_id, right in zip(o.answer.pages[order], o.verdicts[order], strict=True)})
    by_text = {q.text: q for q in QUERIES}
    for text, doc_id, right in random.Random(seed).sample(shown, min(n, len(shown))):
        print(f"{text} | {'match' if right else 'NO'} | {judge.evidence(by_text[text], doc_id)}")


# -- the task ------------------------------------------------------------------------

def measure(documents: list[Document], show: int = 0) -> str:
    """Run both systems over the queries; write the failures; return the report (Markdown)."""
    from bench.relevance import WORK, bahth_index, copy_groups
    from search.engine import Engine
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    judge = Judge(documents)
    print(f"judge: {len(documents):,} documents read in {time.perf_counter() - started:.0f} s", flush=True)
    scarce = [f"{q.text} ({len(judge.found(q))})" for q in QUERIES if len(judge.found(q)) < MIN_DOCUMENTS]
    if scarce:
        print(f"warning: the judge finds fewer than {MIN_DOCUMENTS} documents for: {', '.join(scarce)}")
    root = bahth_index("full", documents)
    story = {doc_id: key for key, ids in copy_groups(root).items() for doc_id in ids}
    results = {"tantivy": run_system("tantivy", tantivy_system(documents, story), judge)}
    with Engine(root) as engine:
        results["Bahth"] = run_system("Bahth", bahth_system(engine), judge)
    failures = write_failures(results, judge)
    print(f"{failures:,} wrong results shown, written to {FAILURES.relative_to(ROOT)}", flush=True)
    if show:
        show_judged(results, judge, show)
    seconds = time.perf_counter() - started

    rows = [summary_row("tantivy, Snowball Arabic, BM25 (baseline)", results["tantivy"]),
            summary_row("Bahth (as served)", results["Bahth"])]
    one = sum(_words(q) == 1 for q in QUERIES)
    parts = [f"### Precision of short queries\n\n_Measured {datetime.now():%Y-%m-%d %H:%M}: {len(QUERIES)} "
             f"queries ({one} of one word, {len(QUERIES) - one} of two), {seconds:.0f} s._\n\n"
             + table(SUMMARY, rows, decimals=3)]
    header, by_kind = kind_rows(results)
    parts.append("P@10 by kind of query:\n\n" + table(header, by_kind, decimals=3))
    parts.append("The counts of one-word queries furthest from the judge's: "
                 + "; ".join(f"{name}: {worst_counts(outcomes)}" for name, outcomes in results.items()) + ".")
    parts.append("Bahth's ten worst queries (precision by relevance and newest first, its count, the judge's):\n\n"
                 + table(["query", "kind", "P@10 relevance", "P@10 newest", "count", "judge's count"],
                         worst_rows(results["Bahth"]), decimals=1))
    return "\n\n".join(parts)


def write(block: str) -> None:
    """``block`` between the precision markers of docs/relevance.md."""
    text = DOC.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{DOC} has no {START} … {END} block to write into")
    before, after = text.split(START)[0], text.split(END)[1]
    DOC.write_text(before + START + "\n\n" + block + "\n\n" + END + after, encoding="utf-8")


def run(documents: list[Document], show: int = 0) -> None:
    """The task as bench/relevance.py runs it: measure and write its block."""
    write(measure(documents, show))


def print_words(documents: list[Document]) -> None:
    """The judge alone: each query's documents and the commonest words it accepts."""
    judge = Judge(documents)
    for q in QUERIES:
        forms = []
        for word in q.words:
            for form in word:
                found = sorted({w for at in range(len(form.tokens)) for w in judge.words(form, at)},
                               key=lambda w: -len(judge.postings[w]))
                forms.append(" ".join(f"{w}:{len(judge.postings[w])}" for w in found[:12]))
        print(f"{len(judge.found(q)):6,} {q.text} | {q.spec} | " + " || ".join(forms))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N random judged results to read")
    parser.add_argument("--words", action="store_true", help="only print what the judge accepts for each query")
    args = parser.parse_args()
    if not SAUDINEWSNET.is_dir():
        raise SystemExit(f"{SAUDINEWSNET} is absent: the benchmark needs SaudiNewsNet")
    documents = with_body(load_articles())
    if args.words:
        print_words(documents)
        return
    run(documents, args.show)


if __name__ == "__main__":
    main()
