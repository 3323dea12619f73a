"""From the parts of a query to a plan: the clauses that rank documents.

A ``Planner`` belongs to one index schema and one ``Ranking``; ``plan`` is
called once per request and its ``Plan`` is what the rest of the search
reads. Most queries are plain words: their clauses (each word in each field,
and its word family) are built directly. Text with quotes, groups or
operators is read by Whoosh's query parser, whose fields, wildcards, ranges
and boosts are left out (costly or confusing in a public search box); an OR
of words and phrases becomes clauses too, and only a query that needs
Whoosh's own matchers (AND, NOT, ...) keeps a Whoosh query (the operator path).
"""
from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from whoosh import qparser, scoring
from whoosh.query import AndMaybe, NullQuery, Or, Phrase, Query, Term
from whoosh.query.wrappers import WrappingQuery

from search.query.syntax import COSTLY_OPERATORS, QueryParts, Word
from search.scoring.model import DEFAULT, Clause, Ranking
from search.store.schema import FORMS

log = logging.getLogger(__name__)

_DROPPED_PLUGINS = (
    qparser.SingleQuotePlugin, qparser.FieldsPlugin, qparser.WildcardPlugin,
    qparser.RangePlugin, qparser.BoostPlugin, qparser.EveryPlugin,
)
# Whoosh's parser takes time exponential in the number of costly operators
# (each one more doubles it), and fails on some runs of operators ("NOT NOT
# x", "NOT AND x"): such queries are planned for their plain words.
MAX_COSTLY_OPERATORS = 8
# Query words whose analysis a planner keeps.
CACHED_WORDS = 4096


@dataclass(frozen=True)
class Held:
    """What a document holds to hold one query word: one of its forms, or
    one of its other spellings."""

    forms: tuple[str, ...]
    variants: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Plan:
    """A query as the search reads it."""

    parts: QueryParts
    # The ranked clauses; None when the query needs Whoosh's matchers.
    clauses: tuple[Clause, ...] | None
    # The operator path: the query for Whoosh's matchers, and what it must not match.
    operators: Query | None = None
    operators_excluded: Query | None = None
    # Exclusions on the clause path: documents holding any of them are dropped.
    excluded: tuple[Clause, ...] = ()
    # The terms snippets mark (word families are added where they scored).
    marked: frozenset[str] = frozenset()
    # Other spellings of the query's words that were searched too (terms).
    variants: tuple[str, ...] = ()
    # What makes a document a result on the clause path (search.text.forms):
    # holding a form of a query word, or matching one of ``holding`` (the
    # other spellings and the phrases). Empty ``forms``: any clause's match
    # (an index built before forms, or an OR with no plain word).
    forms: tuple[str, ...] = ()
    holding: tuple[Clause, ...] = ()
    # Each query word (stop words aside) as a document holds it, when there
    # are several: newest first lists the documents holding every one first.
    each: tuple[Held, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to search for (only stop words, say): nothing matches."""
        return self.clauses is None and self.operators is None


class _Weighted(WrappingQuery):
    """Scores its child with the ranking's BM25, whatever the searcher's model."""

    def __init__(self, child: Query, weighting: scoring.WeightingModel) -> None:
        super().__init__(child)
        self.weighting = weighting

    def _rewrap(self, child: Query) -> Query:
        return _Weighted(child, self.weighting)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        context = context if context is not None else searcher.context()
        return self.child.matcher(searcher, context.set(weighting=self.weighting))


class Planner:
    """Plans queries for one index schema."""

    def __init__(self, schema: Any, ranking: Ranking = DEFAULT,
                 variants: Mapping[str, tuple[str, ...]] | None = None,
                 empty: Collection[str] = ()) -> None:
        """``empty``: fields no document of the index has text in (a corpus
        without teasers), which no query needs to search."""
        self.schema = schema
        self.ranking = ranking
        self.variants = variants or {}
        names = set(schema.names()) - set(empty)
        self.fields = [(name, w) for name, w in ranking.fields if name in names]
        self.proximity = [(name, w) for name, w in ranking.proximity if name in names]
        self.parser = qparser.MultifieldParser(
            [name for name, _ in self.fields], schema, group=qparser.OrGroup,
            fieldboosts={name: w for name, w in self.fields if w != 1.0},
        )
        for plugin in _DROPPED_PLUGINS:
            self.parser.remove_plugin_class(plugin)
        self._tokens = lru_cache(maxsize=CACHED_WORDS)(self._analyzed)
        self._word_forms = lru_cache(maxsize=CACHED_WORDS)(self._looked_up)

    def plan(self, parts: QueryParts) -> Plan:
        excluded = self._excluded(parts.excluded)
        if sum(w.text in COSTLY_OPERATORS for w in parts.words) <= MAX_COSTLY_OPERATORS:
            try:
                syntax = parts.has_syntax
                return self._plan(parts, parts.text, None if syntax else parts.chunks, parts.plain_words, excluded)
            except Exception:
                log.debug("query syntax failed to parse; searching its plain words: %r", parts.text)
        words = [replace(w, quoted=False) for w in parts.plain_words]
        chunks = tuple(w.text for w in words)
        return self._plan(parts, " ".join(chunks), chunks, words, excluded)

    def _plan(self, parts: QueryParts, text: str, chunks: tuple[str, ...] | None, words: list[Word],
              excluded: Query | None) -> Plan:
        """The plan of ``text`` (its ``words``; its ``chunks`` when it has no
        syntax for Whoosh's parser to read) less ``excluded``."""
        main = self._plain_clauses(chunks) if chunks is not None else None
        if main is None:
            query = self.parser.parse(text)
            if query is NullQuery:
                return Plan(parts, None)
            main = clauses_of(query) if _plain(query) else None
            if main is None:
                return self._operator_plan(parts, query, words, excluded)
        elif not main:
            return Plan(parts, None)
        variants = self._variant_clauses(words)
        clauses = [*main, *variants, *self._family_clauses(words), *self._proximity_clauses(words)]
        return Plan(parts, tuple(clauses), excluded=_excluded_clauses(excluded),
                    marked=frozenset(t for c in clauses for t in c.terms),
                    variants=tuple(dict.fromkeys(c.terms[0] for c in variants)),
                    forms=self._forms(words),
                    holding=(*variants, *(c for c in main if len(c.terms) > 1)),
                    each=self._each(words))

    def _operator_plan(self, parts: QueryParts, query: Query, words: list[Word], excluded: Query | None) -> Plan:
        """A query with phrases or operators: no word families, as it means the words as written."""
        extras = self._proximity_clauses(words)
        if extras:
            query = AndMaybe(query, Or([_whoosh(c) for c in extras]))
        marked = frozenset(text for _, text in query.iter_all_terms())
        clauses = clauses_of(query)
        if clauses is not None:  # an OR of words and phrases: no need for Whoosh's matchers
            return Plan(parts, tuple(clauses), excluded=_excluded_clauses(excluded), marked=marked)
        weighting = scoring.BM25F(B=self.ranking.b, K1=self.ranking.k1)
        return Plan(parts, None, _Weighted(query, weighting), excluded, marked=marked)

    def _analyzed(self, name: str, text: str) -> tuple[str, ...]:
        """The terms of ``text`` in field ``name`` (kept in ``_tokens``: a
        plan asks for each word's terms in each field several times, and
        queries repeat words)."""
        return tuple(t.text for t in self.schema[name].analyzer(text))

    def _terms(self, name: str, words: list[Word]) -> list[str | None]:
        """The term of each word in field ``name`` (None for a stop word)."""
        return [next(iter(self._tokens(name, word.text)), None) for word in words]

    def _plain_clauses(self, chunks: tuple[str, ...]) -> list[Clause] | None:
        """Each word in each field, for text without syntax (one term a
        chunk), built directly: Whoosh's parser takes longer than the search
        of a typical query. None when a chunk makes more than one term."""
        found: list[Clause] = []
        for chunk in chunks:
            for name, weight in self.fields:
                terms = self._tokens(name, chunk)
                if len(terms) > 1:
                    return None  # the parser makes more of it than a word
                clause = Clause(name, (terms[0],), weight) if terms else None
                if clause is not None and clause not in found:
                    found.append(clause)
        return found

    def _forms(self, words: list[Word]) -> tuple[str, ...]:
        """The forms of each query word (search.text.forms), if the index
        keeps them as this version reads them."""
        if FORMS not in self.schema or self.ranking.family_finds:
            return ()
        if self.schema[FORMS].analyzer.version < 2:
            return ()  # matched by stems until it is rebuilt
        return tuple(dict.fromkeys(f for w in words for f in self._word_forms(w.text)))

    def _looked_up(self, text: str) -> tuple[str, ...]:
        """The forms one query word is looked up as (kept in ``_word_forms``)."""
        return tuple(self.schema[FORMS].analyzer.forms(text))

    def _each(self, words: list[Word]) -> tuple[Held, ...]:
        """Each word's forms and other spellings, for a query of several words."""
        held = [Held(forms, tuple(self._variant_clauses([w]))) for w in words if (forms := self._forms([w]))]
        return tuple(held) if len(held) > 1 else ()

    def _variant_clauses(self, words: list[Word]) -> list[Clause]:
        """Each unquoted word's other spellings, in every field, as the word itself."""
        found: list[Clause] = []
        if not self.variants:
            return found
        unquoted = [w for w in words if not w.quoted]
        for name, weight in self.fields:
            for term in dict.fromkeys(t for t in self._terms(name, unquoted) if t):
                found += [Clause(name, (other,), weight) for other in self.variants.get(term, ())]
        return found

    def _family_clauses(self, words: list[Word]) -> Iterator[Clause]:
        """Each unquoted word's family, in every field."""
        if not self.ranking.family:
            return
        unquoted = [w for w in words if not w.quoted]
        for name, weight in self.fields:
            for term in sorted({t for t in self._terms(name, unquoted) if t}):
                yield Clause(name, (term,), weight * self.ranking.family, family=True)

    def _proximity_clauses(self, words: list[Word]) -> list[Clause]:
        """Adjacent pairs of query words, as phrases, in the proximity fields."""
        found: list[Clause] = []
        for name, weight in self.proximity:
            terms = self._terms(name, words)
            pairs: list[tuple[str, str]] = []
            for a, b in zip(terms, terms[1:], strict=False):
                if a and b and (a, b) not in pairs:
                    pairs.append((a, b))
            found += [Clause(name, p, weight, self.ranking.slop) for p in pairs[: self.ranking.max_pairs]]
        return found

    def _excluded(self, items: tuple[str, ...]) -> Query | None:
        """The documents holding any of ``items`` (words or phrases) in any
        searched field: each is taken as written, without word families."""
        if not items:
            return None
        query = self.parser.parse(" ".join(f'"{item}"' for item in items))
        return None if query is NullQuery else query


def _excluded_clauses(excluded: Query | None) -> tuple[Clause, ...]:
    return tuple(clauses_of(excluded) or ()) if excluded is not None else ()


def _whoosh(clause: Clause) -> Query:
    return Phrase(clause.field, list(clause.terms), slop=clause.slop, boost=clause.boost)


def clauses_of(query: Query) -> list[Clause] | None:
    """The clauses of a query that is an OR of terms and phrases; None when
    the query needs Whoosh's matchers (AND, NOT, ...)."""
    found: list[Clause] = []

    def walk(q: Query, boost: float) -> bool:
        if isinstance(q, Term):
            found.append(Clause(q.fieldname, (q.text,), boost * q.boost))
            return True
        if isinstance(q, Phrase) and q.words:
            found.append(Clause(q.fieldname, tuple(q.words), boost * q.boost, q.slop))
            return True
        if type(q) is Or or (isinstance(q, Or) and getattr(q, "scale", None) is None):
            return all(walk(sub, boost * q.boost) for sub in q.subqueries)
        return False

    return found if walk(query, 1.0) else None


def _plain(query: Query) -> bool:
    """Whether ``query`` is an OR of words: word families can then be added."""
    return isinstance(query, Term) or (type(query) is Or and all(_plain(q) for q in query.subqueries))
