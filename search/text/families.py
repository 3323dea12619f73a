"""Word families: a light stem grouped with its verb and derived forms.

The index keeps light stems (``search.text.stemmer``); at query time a word
also scores, more weakly, every stem of the index in its family (see
``search.scoring.bm25``). A family is named by its ``family_key``.
"""
from __future__ import annotations

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


def family_key(stem: str) -> str:
    """What a light stem shares with the rest of its family: يستخدم, تستخدم and
    استخدام share خدم, يقترب, اقترب and اقتراب share قترب, يتراجع and تراجع
    share راجع, يستمر and استمرت share ستمر, معلم and يعلم share علم,
    شهيدا and الشهيد share شهيد, العروض and عرض share عرض, دخول and دخل
    share دخل, بدء and بدأت share بدا, خمسة and 5 share 5.

    Far coarser than the light stem (it conflates words that only look
    alike: يستخدم and الخدمات share خدم, سلمان and سلم share سلم), which is
    why it only ever adds to a light-stem match.
    """
    if stem in _NUMBERS:
        return _NUMBERS[stem]
    if len(stem) > 1 and stem[-1] == "ء":
        stem = stem[:-1] + "ا"  # a final hamza on the line, as أ is written: بدء, بدأ
    if len(stem) <= MIN_STEM or not is_arabic(stem):
        return stem
    # Endings first, so that a prefix is judged by what it leaves of the
    # word itself: استمرت → استمر → ستمر, as يستمر → ستمر.
    for _ in range(2):
        for suffix in _RELATED_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stem = stem[: -len(suffix)]
                break
    prefixed = False
    for prefix in _RELATED_PREFIXES:
        if stem.startswith(prefix) and len(stem) - len(prefix) >= MIN_STEM:
            stem = stem[len(prefix):]
            prefixed = True
            break
    if prefixed and len(stem) > MIN_STEM and stem[-2] == "ا":
        stem = stem[:-2] + stem[-1]  # the verbal noun's long vowel: اقتراب, استخدام
    if len(stem) == 4 and stem[2] == "و":
        stem = stem[:2] + stem[3]  # the pattern فعول of plurals and verbal nouns: عروض, دخول
    return stem
