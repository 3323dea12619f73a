"""From the text a user typed to the Whoosh query that ranks documents.

The one place that decides which fields a query searches, how they weigh, and
what query syntax is accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from whoosh import qparser, scoring
from whoosh.query import AndMaybe, NullQuery, Or, Phrase, Query, Term
from whoosh.query.wrappers import WrappingQuery

from search.normalize import WORD
from search.scoring import Related

# Query syntax we accept: words, "phrases", (groups), AND / OR / NOT (the
# exclusions and filters of search.syntax are taken out before). Whoosh's
# fields, wildcards, ranges and boosts are plain text: they are costly or
# confusing in a public search box.
_DROPPED_PLUGINS = (
    qparser.SingleQuotePlugin, qparser.FieldsPlugin, qparser.WildcardPlugin,
    qparser.RangePlugin, qparser.BoostPlugin, qparser.EveryPlugin,
)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_QUOTED = re.compile(r'"[^"]*"')
_SYNTAX_CHARS = re.compile(r'["()]')


@dataclass(frozen=True)
class Ranking:
    """How a query is ranked (every knob the relevance benchmark measures)."""

    # Stemmed fields and their query-time weights.
    fields: tuple[tuple[str, float], ...] = (("title", 1.0), ("teaser", 1.0), ("body", 1.0))
    # Weight of each word's related forms (search.stemmer.related_key) in
    # every stemmed field, relative to the field's weight; 0: off. Only for
    # queries of plain words: a phrase or an operator means the words as written.
    related: float = 1.5
    # Boost for each pair of adjacent query words found next to each other
    # (within ``slop``) in these fields.
    proximity: tuple[tuple[str, float], ...] = ()
    slop: int = 1
    max_pairs: int = 12
    # BM25: K1 and B.
    k1: float = 1.2
    b: float = 0.75

    def weighting(self) -> scoring.BM25F:
        return scoring.BM25F(B=self.b, K1=self.k1)


DEFAULT = Ranking()


class _Weighted(WrappingQuery):
    """Scores its child with a weighting model of its own.

    Carries the ranking's BM25 parameters inside the query, so every caller
    of ``Ranker.query`` (the engine, the benchmark) scores alike without
    having to configure its searcher.
    """

    def __init__(self, child: Query, weighting: scoring.WeightingModel) -> None:
        super().__init__(child)
        self.weighting = weighting

    def _rewrap(self, child: Query) -> Query:
        return _Weighted(child, self.weighting)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        context = context if context is not None else searcher.context()
        return self.child.matcher(searcher, context.set(weighting=self.weighting))


class Ranker:
    """Builds queries for one index schema."""

    def __init__(self, schema: Any, ranking: Ranking = DEFAULT) -> None:
        self.schema = schema
        self.ranking = ranking
        names = set(schema.names())
        self.fields = [(name, w) for name, w in ranking.fields if name in names]
        self.proximity = [(name, w) for name, w in ranking.proximity if name in names]
        self.parser = qparser.MultifieldParser(
            [name for name, _ in self.fields], schema, group=qparser.OrGroup,
            fieldboosts={name: w for name, w in self.fields if w != 1.0},
        )
        for plugin in _DROPPED_PLUGINS:
            self.parser.remove_plugin_class(plugin)
        self.weighting = ranking.weighting()

    def _words(self, text: str) -> list[str]:
        return [w for w in (m.group() for m in WORD.finditer(text)) if w not in _OPERATORS]

    def _terms(self, name: str, words: list[str]) -> list[str | None]:
        """The term of each word in field ``name`` (None for a stop word)."""
        analyzer = self.schema[name].analyzer
        terms: list[str | None] = []
        for word in words:
            tokens = [t.text for t in analyzer(word)]
            terms.append(tokens[0] if tokens else None)
        return terms

    def _plain_words(self, text: str) -> Query | None:
        """The parser's query for words without syntax (no quotes, groups or
        operators, one term a word), built directly: Whoosh's parser takes
        longer than the search of a typical query. None for anything else."""
        chunks = text.split()
        if _SYNTAX_CHARS.search(text) or any(chunk in _OPERATORS for chunk in chunks):
            return None
        found: list[Query] = []
        for chunk in chunks:
            for name, weight in self.fields:
                terms = [t.text for t in self.schema[name].analyzer(chunk)]
                if len(terms) > 1:
                    return None  # the parser makes more of it than a word
                query = Term(name, terms[0], boost=weight) if terms else None
                if query is not None and query not in found:
                    found.append(query)
        return Or(found) if found else NullQuery

    def excluded(self, items: tuple[str, ...]) -> Query:
        """The documents holding any of ``items`` (words or phrases) in any
        searched field: each is taken as written, without related forms."""
        if not items:
            return NullQuery
        return self.parser.parse(" ".join(f'"{item}"' for item in items))

    def query(self, text: str) -> Query:
        ranking = self.ranking
        main = self._plain_words(text)
        if main is None:
            main = self.parser.parse(text)
        if main is NullQuery:
            return main
        extras: list[Query] = []
        words = self._words(text) if self.proximity else []
        if ranking.related and _plain(main):
            unquoted = self._words(_QUOTED.sub(" ", text))
            for name, weight in self.fields:
                terms = {t for t in self._terms(name, unquoted) if t}
                extras += [Related(name, t, boost=weight * ranking.related) for t in sorted(terms)]
        for name, weight in self.proximity:
            terms = self._terms(name, words)
            pairs = []
            for a, b in zip(terms, terms[1:]):
                if a and b and (a, b) not in pairs:
                    pairs.append((a, b))
            extras += [Phrase(name, list(p), slop=ranking.slop, boost=weight)
                       for p in pairs[: ranking.max_pairs]]
        if extras:
            if _plain(main):
                main = Or([main, *extras])
            else:
                main = AndMaybe(main, Or(extras))
        return _Weighted(main, self.weighting)


def _plain(query: Query) -> bool:
    """Whether ``query`` is an OR of words: extra signals can then be OR-ed in."""
    return isinstance(query, Term) or (type(query) is Or and all(_plain(q) for q in query.subqueries))

