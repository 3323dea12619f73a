"""The plan of a query: plain words are planned without Whoosh's parser,
exactly as the parser would read them; syntax goes through the parser, and
operators to Whoosh's own matchers."""
from __future__ import annotations

import pytest
from whoosh.query import NullQuery, Or, Query, Term

from search.query.plan import Planner
from search.query.syntax import split_query
from search.scoring.model import Clause, Ranking
from search.settings import DEFAULTS
from search.store.schema import build_schema

# The schema of an index built with the default settings.
SCHEMA = build_schema(DEFAULTS.lead_words, DEFAULTS.lead_boost)


def as_query(clauses: list[Clause]) -> Query:
    """Clauses of single terms as the Whoosh query they stand for."""
    assert all(len(c.terms) == 1 for c in clauses)
    return Or([Term(c.field, c.terms[0], boost=c.boost) for c in clauses]) if clauses else NullQuery


def test_operators_are_left_to_whoosh() -> None:
    planner = Planner(SCHEMA)
    for text in ["روسيا AND النفط", "روسيا ANDNOT النفط"]:
        plan = planner.plan(split_query(text))
        assert plan.clauses is None and plan.operators is not None


PLAIN = ["روسيا", "أسعار النفط", "من هو ولي العهد؟", "«داعش» تتراجع.. في الرقة", "OPEC iPhone 2015",
         "العهد العهد", "في من على", "الإِمَارَات", "كأس الدوري والمنتخب!"]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_make_the_parsers_query(text: str) -> None:
    """Plain words skip Whoosh's parser: the query built must be the parser's."""
    for ranking in (Ranking(), Ranking(fields=(("title", 2.0), ("teaser", 1.0), ("body", 0.5)))):
        planner = Planner(SCHEMA, ranking)
        parts = split_query(text)
        assert not parts.has_syntax
        built = planner._plain_clauses(parts.chunks)
        assert built is not None
        assert as_query(built) == planner.parser.parse(text)


@pytest.mark.parametrize("text", ['"أسعار النفط"', "(روسيا)", "روسيا OR النفط", "روسيا AND النفط",
                                  "كوفيد-19", "ولي:العهد"])
def test_syntax_and_words_of_several_terms_go_through_the_parser(text: str) -> None:
    parts = split_query(text)
    assert parts.has_syntax or Planner(SCHEMA)._plain_clauses(parts.chunks) is None
