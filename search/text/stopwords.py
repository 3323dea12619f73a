"""Arabic stop words, in normalized form (see ``search.text.normalize``).

Function words that carry no topic: prepositions, conjunctions, pronouns,
demonstratives, relatives, auxiliaries, particles and question words.
"""
from __future__ import annotations

from search.text.normalize import normalize

_FUNCTION_WORDS = """
في من الي علي عن مع منذ حتي عند لدي لدى بين بعد قبل خلال حول دون ضد نحو عبر
و ف ب ل ك ثم او ام بل لكن لكنه لكنها ان انه انها انهم اذ اذا لو لولا كي لان لانه
لا لم لن ليس ليست قد لقد سوف سوي غير كل بعض اي ايضا فقط كما مثل
هو هي هم هن هما انا نحن انت انتم انتن اياه اياها
هذا هذه هذان هاتان هؤلاء ذلك تلك اولئك هنا هناك هنالك
الذي التي الذين اللذان اللتان اللواتي اللاتي ما
كان كانت كانوا يكون تكون يكونون اصبح اصبحت ظل ظلت مازال لازال
به بها بهم بهما له لها لهم لهما فيه فيها فيهم منه منها منهم عنه عنها عليه عليها عليهم
اليه اليها اليهم لديه لديها معه معها
الا اما اذن حيث حين بينما عندما كلما لما وقد وان وكان وكانت ولا ولم ولن وهو وهي وفي ومن
يا ها اجل نعم اي ذا ذي
"""

# Question words: «متى تأسست ...؟» is about what follows them.
_QUESTION_WORDS = "ماذا متى أين كيف كم هل لماذا"

STOP_WORDS: frozenset[str] = frozenset(
    normalize(w) for w in (_FUNCTION_WORDS + _QUESTION_WORDS).split()
)
