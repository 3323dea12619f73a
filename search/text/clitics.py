"""Which leading letters of a word are clitics, learnt from the corpus's word counts.

و, ب, ل, ك and ف are words of their own written onto the next word (ومصر,
بجدة, لدعم, كعضو, فقال) and also the first letters of countless words (وزير,
برنامج, لبنان, كبير, فريق). No letter rule tells بجدة from بطولة; the corpus
does. A clitic in front of a word is optional, so if ``c + x`` is ``c``
written onto ``x``, then ``x`` stands alone (or with the article) often
beside it; and a word of its own takes the article, which a clitic never
follows (الوزير, البطولة, but never البجدة). ``Clitics.learn`` weighs the
two for every word the corpus holds, and keeps only its verdicts that the
letter rules of ``search.text.stemmer`` get wrong: the analyzer carries the
table and is pickled with every index, so it stays small.

The question is asked where the stemmer asks it: of a leading و; of a
preposition with the article (للعب is ل + لعب, not ل + ال + عب); and of a
lone preposition in front of the word's core, with or without the article
(so برنامج and البرنامج get one answer).
"""
from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from search.text import stemmer
from search.text.stopwords import STOP_WORDS

# How often the rest x must stand alone, against the word c + x itself, to
# take c as a clitic. و is written onto every kind of word, verbs first
# (وقال, وأضاف, whose rest is rarer than they are); ب and ل onto nouns; ف
# and ك far less often, and mostly in front of words that are common alone
# (فقال, كجزء): below that their words are words of their own (فعلا, فتحت,
# كاملا, كيري). Chosen on SaudiNewsNet by reading the verdicts on the
# commonest words of each letter.
_RATE = {"و": 0.03, "ب": 0.08, "ل": 0.08, "ف": 3.0, "ك": 3.0}
# A word that takes the article more than this often (against its own
# count) is a word of its own: البطولة, البيان, الوزير, and also الوصيف and
# الوجيزة, seen a few times beside many bare forms. The article in front of
# a clitic is a slip, rarer than that (الواكد beside واكد, "and he stressed").
_LEXICAL = 0.01
# A rest seen fewer times than this is no evidence: the letter rule decides.
_EVIDENCE = 3


@dataclass(frozen=True)
class Clitics:
    """Words whose leading clitic the letter rules of ``search.text.stemmer`` get wrong.

    ``keep``: words whose leading letter belongs to the word, where the rule
    would take it as a clitic (وزير, برنامج; for لل, the second ل: للعب).
    ``cut``: words whose leading letter is a clitic, where the rule would
    leave it (بجدة, بشكل, فقال).
    """

    keep: frozenset[str] = field(default=frozenset(), repr=False)
    cut: frozenset[str] = field(default=frozenset(), repr=False)

    def __repr__(self) -> str:
        return f"Clitics({len(self.keep)} kept whole, {len(self.cut)} cut)"

    # Pickled as zipped, sorted word lists: every index's table of contents
    # holds the table and is read whenever the index opens, and the same
    # table always makes the same bytes. Text, not bytes: Whoosh pickles
    # with protocol 2, which doubles most bytes.
    def __getstate__(self) -> str:
        lists = "\n".join(sorted(self.keep)) + "\n\n" + "\n".join(sorted(self.cut))
        return base64.b64encode(zlib.compress(lists.encode("utf-8"), 9)).decode("ascii")

    def __setstate__(self, state: str) -> None:
        keep, _, cut = zlib.decompress(base64.b64decode(state)).decode("utf-8").partition("\n\n")
        object.__setattr__(self, "keep", frozenset(keep.split("\n")) - {""})
        object.__setattr__(self, "cut", frozenset(cut.split("\n")) - {""})
        object.__setattr__(self, "_fingerprint", _digest(state))

    def fingerprint(self) -> bytes:
        """The same for equal tables, and cheap after the first call: what
        memos of the analysis are kept by (each opening of an index unpickles
        its table anew)."""
        try:
            return self.__dict__["_fingerprint"]
        except KeyError:
            found = _digest(self.__getstate__())
            object.__setattr__(self, "_fingerprint", found)
            return found

    @classmethod
    def learn(cls, counts: Mapping[str, int]) -> Clitics:
        """The table for a corpus: ``counts`` maps each normalized word
        (``search.text.normalize.normalize``, stop words included) to its
        number of occurrences."""
        keep: set[str] = set()
        cut: set[str] = set()
        for word, count in counts.items():
            if (count <= 0 or len(word) <= stemmer.MIN_STEM or not stemmer.is_arabic(word)
                    or word in STOP_WORDS or not word.isalpha()):
                continue
            found = _verdict(word, count, counts)
            if found is not None and found[0] != found[1]:
                (cut if found[0] else keep).add(word)
        return cls(frozenset(keep), frozenset(cut))


def _digest(state: str) -> bytes:
    return hashlib.blake2b(state.encode("ascii"), digest_size=16).digest()


def _standing(rest: str, counts: Mapping[str, int]) -> int:
    """How often ``rest`` stands as a word: bare, and with the article (or
    without it, if it has one)."""
    if rest.startswith("ال") and stemmer.article_by_rule(rest) == 2:
        return counts.get(rest, 0) + counts.get(rest[2:], 0)
    return counts.get(rest, 0) + counts.get("ال" + rest, 0)


def _weigh(standing: int, lexical: int, count: int, rate: float) -> bool | None:
    """Is the leading letter a clitic? From how often the rest stands alone
    and how often the whole word takes the article; None without evidence."""
    if standing >= _EVIDENCE and standing >= rate * count and lexical <= _LEXICAL * count:
        return True
    if lexical > _LEXICAL * count:
        return False
    if rate * count >= _EVIDENCE and standing < rate * count:
        return False  # common enough that its rest would show if it were a clitic
    return None


def _verdict(word: str, count: int, counts: Mapping[str, int]) -> tuple[bool, bool] | None:
    """(the corpus's answer, the letter rule's) to the question the stemmer
    asks of ``word``'s leading letter; None when it asks none, or the corpus
    cannot tell."""
    first = word[0]
    lexical = counts.get("ال" + word, 0)
    if first == stemmer.CONJUNCTION or (first in stemmer.PREPOSITIONS and not stemmer.article_by_rule(word)):
        rest = word[1:]
        if rest in stemmer.NOT_A_REST or word.startswith("لل"):
            return None
        rule = stemmer.conjunction_by_rule(word) if first == stemmer.CONJUNCTION else stemmer.preposition_by_rule(word)
        found = _weigh(_standing(rest, counts), lexical, count, _RATE[first])
    elif first in stemmer.PREPOSITIONS:  # a preposition with the article, by the rule
        rule = True
        if word.startswith("لل"):
            # ل with the article (للحج), or ل before a word of its own that
            # begins with ل (للعب, للبنان): whichever rest stands more often.
            own = _standing(word[1:], counts)
            found = False if own >= _EVIDENCE and own > _standing("ال" + word[2:], counts) else None
        else:
            found = _weigh(_standing(word[1:], counts), lexical, count, _RATE[first])
    else:
        return None
    return None if found is None else (found, rule)
