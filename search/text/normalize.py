"""Character-level normalization of Arabic text for matching, and what a word is.

Every rule of ``normalize`` maps one character to zero or more characters
without looking at its neighbours, so the normalized form of a prefix is a
prefix of the normalized form (teaser cuts rely on this). Only indexed and
matched text is normalized; what users see is always the original.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Collection
from functools import lru_cache

from pyarabic import araby

# Marks that writers add or leave out freely: harakat, tanween (the open
# forms of U+08F0-08F2 too), shadda, sukun, dagger alef, Quranic annotation
# signs; tatweel and invisible controls besides.
_MARK_CODES = ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x08CA, 0x08E1),
               (0x08E3, 0x08FF))
_DIACRITICS = "".join(chr(c) for start, end in _MARK_CODES for c in range(start, end + 1))
_TATWEEL = araby.TATWEEL
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff" + "".join(
    chr(c) for c in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))
)

_FOLD = {
    # hamza and alef forms
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي",
    # final forms that writers swap
    "ى": "ي", "ة": "ه",
    # Persian and Urdu letter forms
    "ک": "ك", "ڪ": "ك", "ی": "ي", "ې": "ي", "ۍ": "ي", "ے": "ي", "ۓ": "ي",
    "ھ": "ه", "ۀ": "ه", "ە": "ه", "ہ": "ه", "ۂ": "ه", "ۃ": "ه",
    # letters for sounds Arabic lacks, as foreign names are written (پ for p, گ for g, ڤ for v)
    "پ": "ب", "گ": "ك", "ڤ": "ف",
}
_TABLE: dict[int, str | None] = {ord(ch): None for ch in _DIACRITICS + _TATWEEL + _INVISIBLE}
_TABLE.update({ord(k): v for k, v in _FOLD.items()})
# Arabic-Indic and Persian digits to ASCII
_TABLE.update({0x0660 + i: str(i) for i in range(10)})
_TABLE.update({0x06F0 + i: str(i) for i in range(10)})

_ASCII = re.compile(r"[\x00-\x7f]*")


def normalize(text: str) -> str:
    """Fold ``text`` to the form used for indexing and matching."""
    if _ASCII.fullmatch(text):
        return text.lower()
    # NFKC first: it decomposes presentation forms (ﻻ → لا, ﷲ → الله) and
    # composes alef + combining hamza into one letter before folding.
    return unicodedata.normalize("NFKC", text).translate(_TABLE).casefold()


# -- words --------------------------------------------------------------------------
#
# A word is a number, a run of Arabic letters, or a run of the letters and
# digits of other scripts. A digit next to an Arabic letter starts a new
# word (2015م, 1436هـ, و3, الـ12), Latin and digits stay together (G20, 4G).
# Diacritics, tatweel and invisible controls inside a word do not split it;
# controls never sit at a word's edge, so token offsets always slice back to
# visible text. The underscore is no letter: hashtags (#عاصفة_الحزم) are
# their words.


def _ranges(codes: list[int]) -> str:
    """A character class body for ``codes`` (sorted), as ranges."""
    parts, start = [], None
    for i, code in enumerate(codes):
        if start is None:
            start = code
        if i + 1 == len(codes) or codes[i + 1] != code + 1:
            parts.append(chr(start) if start == code else f"{chr(start)}-{chr(code)}")
            start = None
    return "".join(re.escape(p) if len(p) == 1 else re.escape(p[0]) + "-" + re.escape(p[2]) for p in parts)


_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_arabic_letters = [c for start, end in _ARABIC_BLOCKS for c in range(start, end + 1) if chr(c).isalpha()]
# Presentation forms that stand for several words (ﷺ) or for a mark alone
# (ﹰ, ﱠ): each is a word of its own, whose normal form has spaces in it.
_PHRASE_CODES = [c for c in _arabic_letters if " " in unicodedata.normalize("NFKC", chr(c))]
_LETTER = _ranges([c for c in _arabic_letters if c not in set(_PHRASE_CODES)])
_PHRASE = _ranges(_PHRASE_CODES)
_MARKS = _ranges(sorted(map(ord, _DIACRITICS)))
_CONTROLS = _ranges(sorted(map(ord, _INVISIBLE)))
# A letter or digit of any other script (\w less the underscore and Arabic letters).
_OTHER = rf"[^\W_{_LETTER}{_PHRASE}]"
# 1,500 and ١٬٥٠٠ (groups of three), 3.5 and ٣٫٥, and the agencies'
# decimal, written 5ر3 for 3.5 (see number_form). Latin letters after a
# number stay in its word, as they do after digits (3.5GB as 20GB and G20).
_NUMBER = (
    rf"(?:\d{{1,3}}(?:[,٬]\d{{3}})+(?!\d)(?:[.٫]\d+)?|\d+(?:[.٫]\d+)+)(?:{_OTHER}|[{_MARKS}])*"
    rf"|\d+ر\d+(?![ر\d]|{_OTHER})"
)
# Arabic runs first: most words are.
WORD = re.compile(
    rf"[{_LETTER}][{_LETTER}{_MARKS}]*(?:[{_CONTROLS}]+[{_LETTER}{_MARKS}]+)*"
    rf"|{_NUMBER}"
    rf"|{_OTHER}(?:{_OTHER}|[{_MARKS}])*(?:[{_CONTROLS}]+(?:{_OTHER}|[{_MARKS}])+)*"
    rf"|[{_PHRASE}][{_MARKS}]*"
)

_GROUPED = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?")
_AGENCY_DECIMAL = re.compile(r"(\d+)ر(\d+)")


def number_form(normal: str) -> str:
    """A normalized number as one term: 1,500 → 1500, 3٫5 → 3.5, and 5ر3 → 3.5.

    Arab news agencies write a decimal with ر between its two parts, the
    fraction first as the line runs right to left: 63ر4 مليار دولار is
    4.63 billion. Latin letters after a number are kept (1,500mAh →
    1500mah). Anything else is returned as it is.
    """
    if not normal[:1].isdigit():
        return normal
    grouped = _GROUPED.match(normal)
    if grouped:
        number = grouped.group().replace(",", "").replace("٬", "").replace("٫", ".")
        return number + normal[grouped.end():]
    agency = _AGENCY_DECIMAL.fullmatch(normal)
    if agency:
        return f"{agency.group(2)}.{agency.group(1)}"
    return normal.replace("٫", ".")


def normalize_word(word: str) -> str:
    """The normal form of one word (as ``WORD`` finds them): ``normalize``,
    and a number's separators folded (``number_form``)."""
    return number_form(normalize(word))


# collapse_space keeps the words and the folding it has always had: the ids
# of records that have none are hashes of its output (search.ingest.documents),
# so they must not change with the analysis. The letters and marks folded
# since (پ گ ڤ ے ہ, U+08CA-08FF) are left as they were.
_SPACED = re.compile(
    r"[^\W_][\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]*"
    r"(?:[\u200b-\u200f\u061c\u2060\ufeff\u202a-\u202e\u2066-\u2069_]+[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+)*"
)
_SINCE = {ord(c) for c in "ےۓہۂۃپگڤ"} | set(range(0x08CA, 0x08E2)) | set(range(0x08E3, 0x0900))
_SPACED_TABLE = {code: to for code, to in _TABLE.items() if code not in _SINCE}


# Bounded, for long-running processes: enough for a large corpus's commonest
# words, which are most of its text (builds fold each body several times).
@lru_cache(maxsize=1 << 18)
def _spaced_form(word: str) -> str:
    if _ASCII.fullmatch(word):
        return word.lower()
    return unicodedata.normalize("NFKC", word).translate(_SPACED_TABLE).casefold()


def collapse_space(text: str) -> str:
    """Normalized text with runs of non-word characters reduced to one space."""
    return " ".join(map(_spaced_form, _SPACED.findall(text)))


# -- normal forms in written text ---------------------------------------------------
#
# Most characters normalize alone: to one letter or to nothing, whatever
# stands around them. A text of such characters, each folded to its letter
# and those that vanish taken out, holds the normal form of each of its
# words in place; so a text can be searched for where a normal form may be
# without normalizing its words one by one (search.snippets).

# The characters looked at: Latin, Arabic, its presentation forms, the
# invisible controls and the full-width forms. A word character elsewhere
# counts as one that does not normalize alone (texts holding one are rare).
_SPELLED_BLOCKS = ((0x0000, 0x024F), (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0x2000, 0x206F),
                   (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF00, 0xFFEF))
_GONE = "\0"  # what a vanishing character folds to, before it is taken out
_GONE_AT = re.compile(_GONE)


@lru_cache(maxsize=1)
def _alone() -> tuple[dict[int, str], re.Pattern[str]]:
    """What each character that normalizes alone folds to (its letter, or
    ``_GONE``), and a pattern of the word characters that normalize
    otherwise (to several letters, or with the one before them)."""
    codes = [code for start, end in _SPELLED_BLOCKS for code in range(start, end + 1)]
    composed: dict[str, list[tuple[str, str]]] = {}
    for code in codes:  # what a character makes with the one before it (ا and ٔ make أ)
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            first, second = (chr(int(p, 16)) for p in parts)
            composed.setdefault(second, []).append((first, chr(code)))
    folds: dict[int, str] = {}
    other: list[int] = []
    for code in codes:
        ch = chr(code)
        normal = normalize(ch)
        if len(normal) > 1 or any(normalize(whole) != normalize(first) + normal
                                  for first, whole in composed.get(ch, ())):
            other.append(code)
        else:
            folds[code] = normal or _GONE
    return folds, re.compile(rf"[^\W{_ranges(sorted(folds))}]|[{_ranges(other)}]")


def spelled_whole(normals: Collection[str]) -> bool:
    """Whether ``spelled_at`` can tell where ``normals`` are: not if one
    holds a digit or a point (numbers are rewritten whole: 1,500 is 1500,
    5ر3 is 3.5)."""
    return not any(ch.isdigit() or ch == "." for normal in normals for ch in normal)


def spelled_at(text: str, normals: Collection[str]) -> list[tuple[int, int]] | None:
    """Where in ``text`` the normal form of a word may hold one of
    ``normals`` (runs of normal letters, ``spelled_whole``): (start, end) of
    each place, in order; None if the text holds a character that does not
    normalize alone."""
    folds, unusual = _alone()
    if unusual.search(text):
        return None
    folded = text.translate(folds)
    # Where the vanishing characters were, as places in the text without them.
    gone = [at - i for i, at in enumerate(m.start() for m in _GONE_AT.finditer(folded))]
    folded = folded.replace(_GONE, "")
    spans = []
    for normal in normals:
        at = folded.find(normal)
        while at >= 0:
            spans.append((at, at + len(normal)))
            at = folded.find(normal, at + 1)
    if gone:
        spans = [(start + bisect_right(gone, start), end - 1 + bisect_right(gone, end - 1) + 1)
                 for start, end in spans]
    return sorted(spans)
