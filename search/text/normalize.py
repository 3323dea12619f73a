"""Character-level normalization of Arabic text for matching.

Every rule maps one character to zero or more characters without looking at
its neighbours, so the normalized form of a prefix is a prefix of the
normalized form (teaser cuts rely on this). Only indexed and matched text is
normalized; what users see is always the original.
"""
from __future__ import annotations

import re
import unicodedata

from pyarabic import araby

# Marks that writers add or leave out freely: harakat, tanween, shadda, sukun,
# dagger alef, Quranic annotation signs, tatweel, and invisible controls.
_DIACRITICS = (
    "".join(chr(c) for c in range(0x0610, 0x061B))
    + "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))
)
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
    "ک": "ك", "ڪ": "ك", "ی": "ي", "ې": "ي", "ۍ": "ي", "ھ": "ه", "ۀ": "ه", "ە": "ه",
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


# Characters that may sit inside a word: letters, digits, Arabic combining
# marks, tatweel. Invisible controls may sit between them but never at a
# word's edge, so token offsets always slice back to visible text.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_CONTROLS = "\u200b-\u200f\u061c\u2060\ufeff\u202a-\u202e\u2066-\u2069"
WORD = re.compile(rf"[^\W_][\w{_MARKS}]*(?:[{_CONTROLS}_]+[\w{_MARKS}]+)*")


def collapse_space(text: str) -> str:
    """Normalized text with runs of non-word characters reduced to one space."""
    return " ".join(normalize(m.group()) for m in WORD.finditer(text))
