"""Word families: a light stem grouped with its verb and derived forms.

The index keeps light stems (``search.text.stemmer``); at query time a word
also scores, more weakly, every stem of the index in its family (see
``search.scoring.bm25``). A family is named by its ``family_key``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from search.text.stemmer import MIN_STEM, is_arabic, light_stem

# Prefixes of the present tense, the future and derived verb forms and
# participles (with the ت of forms V and VI and the ست of form X, so that
# يتراجع, تراجع and متراجع meet); verb, pronoun, plural and dual endings.
_RELATED_PREFIXES = (
    "يست", "تست", "نست", "مست", "است", "ست", "سي", "يت", "تت", "نت", "مت",
    "ي", "ت", "ن", "ا", "م", "ب", "ل", "ف", "ك", "و",
)
_RELATED_SUFFIXES = ("تما", "تم", "وا", "نا", "هم", "كم", "ات", "ان", "ت", "ا", "و", "ي", "ه")
# Number words and the digits headlines write for them (خمسة and 5 meet),
# by light stem; not واحد, whose stem is احد ("anyone", "Sunday").
_NUMBER_WORDS = {
    "2": ("اثنان", "اثنين", "اثنتان", "اثنتين"), "3": ("ثلاث", "ثلاثه"), "4": ("اربع", "اربعه"),
    "5": ("خمس", "خمسه"), "6": ("ست", "سته"), "7": ("سبع", "سبعه"), "8": ("ثماني", "ثمانيه"),
    "9": ("تسع", "تسعه"), "10": ("عشر", "عشره"),
}
_NUMBERS = {light_stem(word): digits for digits, words in _NUMBER_WORDS.items() for word in words}
# Letters of person before a verb; those of the present tense.
_PERSONS = "يتنا"
_PRESENT = "يتن"


@dataclass(frozen=True)
class Parts:
    """A light stem taken apart: its family key and what was taken off it."""

    key: str
    prefix: str = ""
    suffixes: str = ""
    long_vowel: bool = False  # the verbal noun's ا before the last letter
    plural_waw: bool = False  # the و of the pattern فعول


@lru_cache(maxsize=1 << 18)  # builds compare each term with many others
def family_parts(stem: str) -> Parts:
    """``stem``'s family key, with the prefix, endings and pattern it lost."""
    if stem in _NUMBERS:
        return Parts(_NUMBERS[stem])
    if len(stem) > 1 and stem[-1] == "ء":
        stem = stem[:-1] + "ا"  # a final hamza on the line, as أ is written: بدء, بدأ
    if len(stem) <= MIN_STEM or not is_arabic(stem):
        return Parts(stem)
    # Endings first, so that a prefix is judged by what it leaves of the
    # word itself: استمرت → استمر → ستمر, as يستمر → ستمر.
    suffixes = ""
    for _ in range(2):
        for suffix in _RELATED_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stem, suffixes = stem[: -len(suffix)], suffix + suffixes
                break
    prefix = ""
    for candidate in _RELATED_PREFIXES:
        if stem.startswith(candidate) and len(stem) - len(candidate) >= MIN_STEM:
            stem, prefix = stem[len(candidate):], candidate
            break
    long_vowel = bool(prefix) and len(stem) > MIN_STEM and stem[-2] == "ا"
    if long_vowel:
        stem = stem[:-2] + stem[-1]  # the verbal noun's long vowel: اقتراب, استخدام
    plural_waw = len(stem) == 4 and stem[2] == "و"
    if plural_waw:
        stem = stem[:2] + stem[3]  # the pattern فعول of plurals and verbal nouns: عروض, دخول
    return Parts(stem, prefix, suffixes, long_vowel, plural_waw)


def family_key(stem: str) -> str:
    """What a light stem shares with the rest of its family: يستخدم, تستخدم and
    استخدام share خدم, يقترب, اقترب and اقتراب share قترب, يتراجع and تراجع
    share راجع, يستمر and استمرت share ستمر, معلم and يعلم share علم,
    شهيدا and الشهيد share شهيد, العروض and عرض share عرض, دخول and دخل
    share دخل, بدء and بدأت share بدا, خمسة and 5 share 5.

    Far coarser than a word family (it conflates words that only look
    alike: يستخدم and الخدمات share خدم, سلمان and مسلم share سلم): the
    key only proposes links, which ``inflected`` and the corpus decide.
    """
    return family_parts(stem).key


def _tense_markers(prefix: str) -> set[str]:
    """What a verb prefix says of the verb's form once its person (ي ت ن ا)
    and future (س) are taken off: يستخدم and استخدم both leave ست."""
    found = {prefix}
    if prefix[:1] == "س" and prefix[1:2] in _PERSONS:
        prefix = prefix[1:]
        found.add(prefix)
    if prefix[:1] in _PERSONS:
        found.add(prefix[1:])
    return found


def inflected(a: str, b: str) -> bool:
    """Whether two light stems are one word in two regular inflections: the
    same key, the same verb form (only person, tense and verb endings
    differ; a verbal noun of the derived forms counts as its verb), and the
    same pattern. A م of participles and place nouns (محمد, مسلم, مدينة) or
    the و of فعول (محمود) makes a different word; so does ان, unless the
    other is a verb in the present (نقصان and ينقص, not سلمان and إسلام)."""
    return parts_inflected(family_parts(a), family_parts(b))


def parts_inflected(pa: Parts, pb: Parts) -> bool:
    """``inflected``, of two stems already taken apart."""
    if pa.key != pb.key or pa.plural_waw != pb.plural_waw:
        return False
    if not _tense_markers(pa.prefix) & _tense_markers(pb.prefix):
        return False
    if pa.suffixes.endswith("ان") != pb.suffixes.endswith("ان"):
        other = pb if pa.suffixes.endswith("ان") else pa
        return other.prefix != "" and other.prefix[0] in _PRESENT
    return True
