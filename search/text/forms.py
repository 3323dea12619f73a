"""Word forms: what a document must hold for a query word to match it.

A light stem (``search.text.stemmer``) joins words a reader tells apart:
السعودة (Saudization) and السعودية, الخادمات (maids) and خادم, البغدادي and
بغداد. A document is a result only when it holds the query word itself: its
form (the word without its clitics and article) followed by nothing more
than endings of number, gender and possession (الخادمة also matches
خادمتها and الخادمات; السعودة does not match السعودية). A word written with
the article takes no pronoun, so its endings are of number and gender only.
The ending of a relative adjective (ي, ية) makes another word (الذهبية
"golden", الطائفية "sectarianism", البغدادي a name), so it does not extend a
form either; nor does ة make a feminine where Arabic makes a new noun with it
(see ``_new_noun``). A sound masculine plural typed asks for its singular
too, where the corpus shows it is one (``sound_plural``). The stem still
ranks the documents that match.
"""
from __future__ import annotations

from search.text.clitics import Clitics
from search.text.stemmer import is_arabic, strip_proclitics

# Endings of number and gender, then of possession, as normalized (ة is ه).
_NUMBER = ("", "ه", "ات", "ان", "ين", "ون", "ا", "تان", "تين")
_POSSESSION = ("", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ي")


def _joined(number: str, possession: str) -> str:
    """An ending of number before one of possession: ة is written ت (مدينتها),
    and the ن of a plural or dual falls (معلموهم)."""
    if not possession:
        return number
    if number.endswith("ه"):
        number = number[:-1] + "ت"
    elif number in ("ين", "ون", "ان", "يين", "يون"):
        number = number[:-1]
    return number + possession


# Alone, ي (my) and يه (his, of a plural) are far more often the endings of
# a relative adjective (ذهبي، ذهبية), so they do not extend a form.
SUFFIXES: frozenset[str] = frozenset(_joined(n, p) for n in _NUMBER for p in _POSSESSION) - {"ي", "يه"}
# After the article: number and gender only.
_DEFINITE = frozenset(_NUMBER)


def _after_ta(endings: frozenset[str]) -> frozenset[str]:
    """After a form ending in ة: the ة itself, or what replaces it."""
    return frozenset(s for s in endings if s.startswith(("ه", "ت", "ات")))


_ENDINGS = {False: (SUFFIXES, _after_ta(SUFFIXES)), True: (_DEFINITE, _after_ta(_DEFINITE))}

# The singular ة (written ه, or ت before a pronoun or a dual ending).
_TA = frozenset(_joined(n, p) for n in ("ه", "تان", "تين") for p in _POSSESSION)


def _new_noun(form: str) -> bool:
    """Whether ة after ``form`` may make a noun of its own rather than its
    feminine: after a name or relative adjective in ي, the abstract noun in
    ية (روحاني and روحانية "spirituality", الأهلي the club and الأهلية
    "civil", الرمادي and الرمادية "grey"); after the pattern فعول, a plural or
    verbal noun with no feminine, the verbal noun فعولة (السيول "floods" and
    السيولة "liquidity", بطولة). The letters cannot tell it from a feminine
    (اقتصادي and اقتصادية), so such a word is indexed apart and a search
    asks the corpus (``feminine``)."""
    return form.endswith("ي") or (len(form) == 4 and form[2] == "و")


def feminine(form: str) -> str | None:
    """The form that ة makes of ``form`` (as looked up, ``DEFINITE`` kept),
    where it is indexed apart: a search matches it too only where the
    corpus uses the two as one word."""
    bare = form.removeprefix(DEFINITE)
    return form + "ه" if _new_noun(bare) and len(bare) > 2 else None


def word_form(normal: str, clitics: Clitics | None = None) -> str:
    """The form of a normalized word: without its leading conjunction,
    preposition and article (as the stemmer takes them), its endings kept."""
    if len(normal) < 3 or not is_arabic(normal):
        return normal
    return strip_proclitics(normal, clitics)


# A sound masculine plural: ون in the nominative, ين otherwise.
_PLURAL_CASES = {"ين": "ون", "ون": "ين"}
# What the letters before ون and ين leave of words that are no plural of
# them: the tens (عشرون is twenty, not tens) and مليون.
_NOT_SINGULARS = frozenset({"عشر", "ثلاث", "اربع", "خمس", "سبع", "ثمان", "تسع", "ملي"})


def sound_plural(form: str) -> tuple[str, str] | None:
    """For a form (as looked up) that may be a sound masculine plural: its
    singular, as looked up, and the plural in its other case, without the
    article (الـمعلمين: الـمعلم and معلمون); None if it cannot be one. Many words end in ين or ون
    without being plurals (البحرين, فلسطين, كاميرون), so a search asks the
    index whether the other case is written too (``OpenedIndex._forms``)."""
    bare = form.removeprefix(DEFINITE)
    other = _PLURAL_CASES.get(bare[-2:])
    if other is None or len(bare) < 5 or bare[:-2] in _NOT_SINGULARS:
        return None
    return form[:-2], bare[:-2] + other


def stem_of(form: str) -> str:
    """The part of ``form`` that the words it matches begin with."""
    return form[:-1] if form.endswith("ه") and len(form) > 2 else form


# Before the form of a word written with the article (الذهب is indexed as
# الـذهب): typed with the article, a query word asks for the noun it makes
# (الذهب gold, not ذهب went; الخرج the town, not خرج went out); typed
# without, for both. Tatweel never survives normalization, so no plain form
# holds it.
DEFINITE = "الـ"


def definite(normal: str, form: str) -> bool:
    """Whether the article stands before ``form`` in the word ``normal``
    (الذهب, وبالذهب, للذهب; not ذهب, بذهب)."""
    return normal[:len(normal) - len(form)].endswith(("ال", "لل"))


def extends(form: str, word: str, definite: bool = False) -> bool:
    """Whether ``word`` is ``form`` with endings of number, gender and
    possession at most (of number and gender only if it is ``definite``)."""
    if word == form:
        return True
    stem = stem_of(form)
    if not word.startswith(stem):
        return False
    endings, after_ta = _ENDINGS[definite]
    ending = word[len(stem):]
    if stem != form:
        return ending in after_ta
    return ending in endings and not (ending in _TA and _new_noun(form))


def matched_by(word: str, definite: bool = False) -> set[str]:
    """Every form that ``word`` (a form; ``definite`` if written with the
    article) extends, so that a query word's form is one term to look up
    (خادماتها under خادماتها, خادمات, خادمة and خادم)."""
    found = {word}
    for cut in range(1, min(len(word), _LONGEST) + 1):
        rest, head = word[-cut:], word[:-cut]
        if len(head) < 2 or rest not in SUFFIXES:
            continue
        for form in (head, head + "ه"):
            if extends(form, word, definite):
                found.add(form)
    return found


_LONGEST = max(len(s) for s in SUFFIXES)


def indexed_as(form: str, definite: bool) -> set[str]:
    """What a word of ``form`` is indexed under: every form it extends,
    marked ``DEFINITE`` if it was written with the article."""
    found = matched_by(form, definite)
    return {DEFINITE + f for f in found} if definite else found


def looked_up(form: str, definite: bool) -> tuple[str, ...]:
    """What a query word of ``form`` is looked up as: with the article, only
    words written with it; without, words written either way."""
    return (DEFINITE + form,) if definite else (form, DEFINITE + form)
