"""The sources Bahth knows by name: a document stores its source's id
(``okaz``), readers know the source by its Arabic name (عكاظ).

Pages show the name; a query's ``source:`` and the ``source`` parameter
take either, the name read as any Arabic text is (whatever its hamza forms
or diacritics). A source missing here is shown, and given, by its id.
"""
from __future__ import annotations

from search.text.normalize import WORD, normalize_word

NAMES = {
    # The newspapers of SaudiNewsNet, and the Saudi Press Agency (was).
    "aawsat": "الشرق الأوسط", "aleqtisadiya": "الاقتصادية", "aljazirah": "الجزيرة",
    "almadina": "المدينة", "alriyadh": "الرياض", "alwatan": "الوطن", "alweeam": "الوئام",
    "alyaum": "اليوم", "arreyadi": "الرياضي", "arriyadiyah": "الرياضية", "okaz": "عكاظ",
    "sabq": "سبق", "was": "واس", "3alyoum": "عاجل اليوم",
    # The invented sources of sample/. alyawm's name is not alyaum's اليوم:
    # each name must name one source.
    "akhbar-alkhaleej": "أخبار الخليج", "almasdar": "المصدر", "alwasat": "الوسط",
    "alyawm": "اليوم الإخباري", "annahar-alraqmi": "النهار الرقمي",
}


def _key(text: str) -> str:
    """``text``'s words, normalized, one space apart."""
    return " ".join(normalize_word(word) for word in WORD.findall(text))


_IDS = {_key(written): source for source, name in NAMES.items() for written in (source, name)}


def name(source: str) -> str:
    """The Arabic name of the source ``source``, or its id if it has none."""
    return NAMES.get(source, source)


def source_id(value: str) -> str:
    """The id of the source that ``value`` names by its id or its Arabic
    name; ``value`` itself when it names no source known here."""
    return _IDS.get(_key(value), value)
