"""Word forms: what a document must hold for a query word to match it.

A light stem (``search.text.stemmer``) joins words a reader tells apart:
السعودة (Saudization) and السعودية, الخادمات (maids) and خادم, البغدادي and
بغداد. A document is a result only when it holds the query word itself: its
form (the word without its clitics and article) followed by nothing more
than endings of number, gender and possession (الخادمة also matches
خادمتها and الخادمات; السعودة does not match السعودية). The stem still
ranks the documents that match.
"""
from __future__ import annotations

from search.text.clitics import Clitics
from search.text.stemmer import is_arabic, strip_proclitics

# Endings of number and gender, then of possession, as normalized (ة is ه).
_NUMBER = ("", "ه", "ات", "ان", "ين", "ون", "ا", "تان", "تين", "يه", "ي", "يين", "يون", "يات")
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


SUFFIXES: frozenset[str] = frozenset(_joined(n, p) for n in _NUMBER for p in _POSSESSION)
# After a form ending in ة: the ة itself, or what replaces it.
_AFTER_TA = frozenset(s for s in SUFFIXES if s.startswith(("ه", "ت", "ات")))


def word_form(normal: str, clitics: Clitics | None = None) -> str:
    """The form of a normalized word: without its leading conjunction,
    preposition and article (as the stemmer takes them), its endings kept."""
    if len(normal) < 3 or not is_arabic(normal):
        return normal
    return strip_proclitics(normal, clitics)


def stem_of(form: str) -> str:
    """The part of ``form`` that the words it matches begin with."""
    return form[:-1] if form.endswith("ه") and len(form) > 2 else form


def extends(form: str, word: str) -> bool:
    """Whether ``word`` is ``form`` with endings of number, gender and
    possession at most."""
    if word == form:
        return True
    stem = stem_of(form)
    if not word.startswith(stem):
        return False
    rest = word[len(stem):]
    return rest in (_AFTER_TA if stem != form else SUFFIXES)


def matched_by(word: str) -> set[str]:
    """Every form that ``word`` (a form) extends: what it is indexed under,
    so that a query word's form is one term to look up (خادماتها under
    خادماتها, خادمات, خادمة and خادم)."""
    found = {word}
    for cut in range(1, min(len(word), _LONGEST) + 1):
        rest, head = word[-cut:], word[:-cut]
        if len(head) < 2 or rest not in SUFFIXES:
            continue
        for form in (head, head + "ه"):
            if extends(form, word):
                found.add(form)
    return found


_LONGEST = max(len(s) for s in SUFFIXES)
