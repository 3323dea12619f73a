"""The query language's own parts, taken out of the text before ranking.

Whoosh's ``NOT`` inside an OR of words means "or not", which matches nearly
everything; people mean "without". So exclusions (``-word``, ``-"a phrase"``,
``NOT word``, ``NOT "a phrase"``, and a ``(group)`` after either) and the
filters ``source:`` and ``kind:`` are taken out here; what is left is ranked
as before, and the exclusions only remove documents. A ``-`` counts only at
the start of a word: كوفيد-19 and 2014-2015 are text. Arabic news sets off
asides between dashes (الملك سلمان -حفظه الله- and -عز وجل-): a dash that
opens such a pair is punctuation too, or pasted text would exclude itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from search.text.normalize import WORD

# The operators of the query language, the only list of them: Whoosh's
# parser reads them (search.query.plan); they are never corrected or completed.
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
# Those that Whoosh's parser reads in time exponential in their number.
COSTLY_OPERATORS = frozenset({"ANDNOT", "ANDMAYBE"})
# Fields a query may filter on, with the same meaning as the request
# parameters of the same names.
FILTERS = ("source", "kind")
_OPERATOR = "(?:" + "|".join(OPERATORS) + ")"
_ITEM = r'"[^"]*"|\([^()]*\)|' + rf'(?!{_OPERATOR}(?![^\s()"])|-)[^\s()"]+'
# Checked in this order at each position: a phrase is left whole (a "-"
# inside quotes is text), then an exclusion, then a filter; each must begin
# the query or follow white space or "(".
_SYNTAX = re.compile(
    r'(?P<phrase>"[^"]*")'
    rf'|(?<![^\s(])(?:-|NOT\s+)(?P<excluded>{_ITEM})'
    rf'|(?<![^\s(])(?P<field>{"|".join(FILTERS)}):(?P<value>"[^"]*"|[^\s()"]+)'
)
# A dash at the start of a word and one at the end of a word a few words
# later, with no dash or quote between: an aside, not an exclusion.
_ASIDE = re.compile(r'(?<![^\s(])-([^\s"-](?:[^"-]{0,60}?[^\s"-])?)-(?![^\s).,،؛:!؟?])')
_GROUP_ITEM = re.compile(r'"([^"]*)"|([^\s()"]+)')
_QUOTED = re.compile(r'"[^"]*"')


@dataclass(frozen=True)
class Word:
    """A word of the ranked text, where it stands, and what it is."""

    text: str
    start: int
    end: int
    operator: bool  # AND, OR, NOT, ...
    quoted: bool    # inside a "phrase"


@dataclass(frozen=True)
class QueryParts:
    text: str                             # what is ranked: the rest of the query
    excluded: tuple[str, ...]             # words and phrases (unquoted) a hit must not contain
    filters: tuple[tuple[str, str], ...]  # (field, value), in the order written
    syntax: tuple[str, ...]               # the exclusions and filters as written
    words: tuple[Word, ...]               # the words of ``text``
    chunks: tuple[str, ...]               # ``text`` split at white space

    def values(self, field: str) -> set[str]:
        return {value for name, value in self.filters if name == field}

    @property
    def plain_words(self) -> list[Word]:
        """The words of ``text`` that are no operator."""
        return [w for w in self.words if not w.operator]

    @property
    def has_syntax(self) -> bool:
        """Whether ``text`` holds quotes, groups or operators (Whoosh's parser reads it)."""
        return any(c in self.text for c in '"()') or any(c in OPERATORS for c in self.chunks)


def _items(excluded: str) -> list[str]:
    """The words and phrases of one exclusion (several for a group)."""
    if excluded.startswith('"'):
        return [excluded[1:-1]]
    if not excluded.startswith("("):
        return [excluded]
    found = (m.group(1) if m.group(1) is not None else m.group(2) for m in _GROUP_ITEM.finditer(excluded))
    return [item for item in found if not re.fullmatch(_OPERATOR, item)]


def split_query(q: str) -> QueryParts:
    excluded: list[str] = []
    filters: list[tuple[str, str]] = []
    syntax: list[str] = []

    def take(match: re.Match[str]) -> str:
        if match.group("phrase") is not None:
            return match.group()
        if match.group("excluded") is not None:
            excluded.extend(item for item in _items(match.group("excluded")) if item.strip())
        else:  # a value of several words is quoted: source:"الشرق الأوسط"
            filters.append((match.group("field"), " ".join(match.group("value").strip('"').split())))
        syntax.append(match.group())
        return " "

    unwrapped = _ASIDE.sub(r" \1 ", q)
    rest = _SYNTAX.sub(take, unwrapped)
    text = " ".join(rest.split()) if syntax or unwrapped != q else q
    return QueryParts(text, tuple(excluded), tuple(filters), tuple(syntax), words(text), tuple(text.split()))


def words(text: str) -> tuple[Word, ...]:
    """The words of ``text``: the one place query text is split into words."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    return tuple(
        Word(m.group(), m.start(), m.end(), m.group() in OPERATORS,
             any(start <= m.start() < end for start, end in quoted))
        for m in WORD.finditer(text)
    )
