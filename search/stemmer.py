"""A light Arabic stemmer of our own, in the spirit of Larkey's light10.

It works on normalized text (see ``search.normalize``), where ة is already ه
and ى is already ي, and never touches words that are not Arabic.

``light_stem`` strips the definite article with its attached conjunctions and
prepositions, a lone proclitic ب ل ك ف in front of a long word, and the
commonest plural, dual, feminine, relative (nisba) and pronoun endings. Each
rule has a guard on the length of what it leaves (never fewer than
``MIN_STEM`` letters, and four for the rules that would otherwise eat names):

- ان is stripped only from words that keep four letters, so the dual
  كتابان → كتاب but the names سلمان, نجران, لبنان, رمضان, ايران stay whole;
- يا is an ending, so سوريا and السورية, تركيا and التركي meet;
- a lone ب ل ك ف goes only when four letters remain after the endings, so
  بعسير → عسير and لمشاريع → مشاريع but كبير, فريق, كتابها → كتاب are safe;
- endings are stripped until none applies, so الباكستاني and باكستان meet.

``related_key`` groups a light stem with its verb and derived forms for
ranking (see ``search.scoring``): the index keeps light stems, and a query
word also scores, more weakly, every stem of the index with the same key.
"""
from __future__ import annotations

MIN_STEM = 3

# Longest first: the first match wins.
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_PROCLITICS = "بلكف"
# (ending, letters it must leave)
_SUFFIXES = (
    ("ها", 3), ("ان", 4), ("ات", 3), ("ون", 3), ("ين", 3), ("يه", 3), ("يا", 3), ("ه", 3), ("ي", 3),
)
_PROCLITIC_REST = 4


def _is_arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u064a"


def _strip_endings(word: str) -> str:
    while True:
        before = word
        for suffix, rest in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= rest:
                word = word[: -len(suffix)]
        if word == before:
            return word


def light_stem(word: str) -> str:
    """Stem one normalized word."""
    if len(word) < 3 or not _is_arabic(word):
        return word
    if word[0] == "و" and len(word) > 3:
        word = word[1:]
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix):]
            break
    word = _strip_endings(word)
    if word[0] in _PROCLITICS and len(word) - 1 >= _PROCLITIC_REST:
        word = _strip_endings(word[1:])
    return word


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


def related_key(stem: str) -> str:
    """What a light stem shares with its related forms: يستخدم, تستخدم and
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
    if len(stem) <= MIN_STEM or not _is_arabic(stem):
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
