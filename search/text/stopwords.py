"""Arabic stop words, in normalized form (see ``search.text.normalize``).

Function words that carry no topic: prepositions, conjunctions, pronouns,
demonstratives, relatives, auxiliaries, particles and question words; with
the conjunction و in front of any of them (وعلى, وبعد); single letters
(the م of 2015م, the هـ of 1436هـ, a lone clitic); and the article or a
preposition written apart with a tatweel (الـ12, بـ"الانتصار").

Normalization folds ى into ي, so the preposition على and the name علي are
one normal form: ``is_stop_word`` tells them apart by the word as written.
"""
from __future__ import annotations

import re
import unicodedata

from search.text.normalize import normalize

_FUNCTION_WORDS = """
في من الي علي عن مع منذ حتي عند لدي لدى بين بعد قبل خلال حول دون ضد نحو عبر
و ف ب ل ك ثم او بل لكن لكنه لكنها ان انه انها انهم اذ اذا لو لولا كي لان لانه
لا لم لن ليس ليست قد لقد سوف سوي غير كل بعض اي ايضا فقط كما مثل
هو هي هم هن هما انا نحن انت انتم انتن اياه اياها
هذا هذه هذان هاتان هؤلاء ذلك تلك اولئك هنا هناك هنالك
الذي التي الذين اللذان اللتان اللواتي اللاتي ما
كان كانت كانوا يكون تكون يكونون اصبح اصبحت ظل ظلت مازال لازال
به بها بهم بهما له لها لهم لهما فيه فيها فيهم منه منها منهم عنه عنها عليه عليها عليهم
اليه اليها اليهم لديه لديها معه معها
الا اما اذن حيث حين بينما عندما كلما لما وقد وان وكان وكانت ولا ولم ولن وهو وهي وفي ومن
يا ها اجل نعم اي ذا ذي ال
"""
# Not أم: as "or" it is rare in news, and it is the أم of أم القرى and أم كلثوم.

# Question words: «متى تأسست ...؟» is about what follows them.
_QUESTION_WORDS = "ماذا متى أين كيف كم هل لماذا"

STOP_WORDS: frozenset[str] = frozenset(
    normalize(w) for w in (_FUNCTION_WORDS + _QUESTION_WORDS).split()
)

# Stop words only when written with a final ى (or the Persian ی, which looks
# the same at a word's end): علي written with ي is the name Ali.
NAMES_WRITTEN_WITH_YA: frozenset[str] = frozenset({"علي"})
_ALEF_MAKSURA = "ىی"
_TATWEEL = "ـ"
_CLITICS_ONLY = re.compile(r"[وف]?[بلك]?(?:ال)?|[وف]?لل")
_TRAILING = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08ca-\u08e1\u08e3-\u08ff"
                       "\u200b-\u200f\u061c\u2060\ufeff\u202a-\u202e\u2066-\u2069]+$")


def _last_letter(written: str) -> str:
    """The last letter of a word as written, marks and controls aside."""
    bare = _TRAILING.sub("", written)
    if bare[-1:] >= "\ufb50":
        bare = unicodedata.normalize("NFKC", bare[-1])  # a presentation form: ﻰ is ى
    return bare[-1:]


def is_stop_word(normal: str, written: str | None = None) -> bool:
    """Whether the word ``written`` (whose normal form is ``normal``) is a stop word.

    Without ``written`` (a word known only in normal form), علي counts as
    the preposition.
    """
    if normal in STOP_WORDS:
        return normal not in NAMES_WRITTEN_WITH_YA or written is None or _last_letter(written) in _ALEF_MAKSURA
    if len(normal) == 1:
        return not normal.isascii() and normal.isalpha()
    if normal[:1] == "و" and normal[1:] in STOP_WORDS:
        return is_stop_word(normal[1:], written)
    return (bool(normal) and written is not None and _last_letter(written) == _TATWEEL
            and bool(_CLITICS_ONLY.fullmatch(normal)))
