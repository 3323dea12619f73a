"""One generation opened for searching, with everything a search reads prepared."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import STORED_COLUMN
from whoosh.index import Index
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.corpus.words import CorpusWords
from search.deadline import Deadline
from search.hits import page_hits, searched_body, shown_fields
from search.query.plan import Plan, Planner
from search.query.request import SearchRequest
from search.query.similar import VECTOR_CHARS, TermVectors, key_terms
from search.results import Hit
from search.scoring import operators
from search.scoring.bm25 import Scorer
from search.scoring.columns import Columns
from search.scoring.lexicon import Lexicon
from search.scoring.model import Clause, Ranking
from search.scoring.postings import Postings, cache_limit
from search.scoring.topk import Matches, Page, rank
from search.snippets import Marks
from search.store.generations import Generation
from search.store.schema import FORMS, TEXT_FIELDS
from search.suggest.counts import spelled
from search.text.clitics import Clitics
from search.text.forms import DEFINITE, feminine, sound_plural

CACHED_HITS = 512
CACHED_SPELLED = 512
# A form and the one its ة makes are one word's two genders (اقتصادي and
# اقتصادية) when at least this share of the rarer's documents hold both; a
# name and the noun its ية makes (روحاني and روحانية) rarely stand together.
ONE_WORD_TOGETHER = 0.3
ONE_WORD_EVIDENCE = 3  # documents each must be in, for the share to say anything
# A word typed without the article is another word than the one the article
# makes (كاميرون Cameron and الكاميرون Cameroon, هادي and الهادئ) when less
# than this share of the rarer's documents hold both; a loanword that some
# papers write with the article and some without stands with both more often.
ARTICLE_APART = 0.1


@dataclass(frozen=True)
class OpenedIndex:
    """A generation's searcher, its planner, and the arrays its searches read."""

    generation: Generation
    index: Index
    searcher: Searcher
    planner: Planner  # with the ranking it plans for
    columns: Columns
    scorer: Scorer
    vectors: TermVectors = field(init=False)
    # A document's stored fields as its hit reads them (search.hits.shown_fields),
    # of the CACHED_HITS last asked for: a document's stored fields are one
    # record, read whole (long texts whole too, in an index built before
    # they were stored apart: search.store.tails).
    shown: Callable[[int], dict[str, Any]] = field(init=False)
    # Whether two forms are one word's two genders, of the last query forms asked about.
    one_word: Callable[[str, str], bool] = field(init=False)
    # Whether a form and the one the article makes are two words, likewise.
    article_apart: Callable[[str], bool] = field(init=False)
    # What did-you-mean reads of a document (search.suggest.counts.spelled),
    # of the CACHED_SPELLED last asked for.
    spelled: Callable[[int], str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vectors", TermVectors(self.searcher.schema))
        stored = self.searcher.stored_fields
        object.__setattr__(self, "shown", lru_cache(maxsize=CACHED_HITS)(lambda n: shown_fields(stored(n))))
        object.__setattr__(self, "one_word", lru_cache(maxsize=4096)(self._used_as_one_word))
        object.__setattr__(self, "article_apart", lru_cache(maxsize=4096)(self._written_apart))
        object.__setattr__(self, "spelled", lru_cache(maxsize=CACHED_SPELLED)(lambda n: spelled(stored(n))))

    @classmethod
    def open(cls, generation: Generation, ix: Index, ranking: Ranking, cache_mb: int,
             warm: bool = False, words: CorpusWords | None = None,
             checked: IndexReader | None = None) -> OpenedIndex:
        """Open a searcher on ``ix`` (through ``checked``, the reader its
        files were just checked through, if given); read its field lengths
        and learnt words now (``words``: those already read of this
        generation, which an update leaves as they are), and if ``warm`` (a
        server) its whole vocabulary in a thread of its own, which
        did-you-mean reads and a one-off search from the command line rarely needs."""
        searcher = Searcher(checked, fromindex=ix) if checked is not None else ix.searcher()
        reader = searcher.reader()
        try:
            # Whoosh opens a segment's stored fields at their first use: a worker
            # idle while builds prune its generation would find the file gone.
            # Opened, not read: a first document may be a long one.
            for leaf, _ in reader.leaf_readers():
                if leaf.doc_count_all():
                    leaf._perdoc._cached_reader("_stored", STORED_COLUMN)
            words = words if words is not None else CorpusWords.load(generation.path)
            empty = [name for name, _ in ranking.fields if not reader.field_length(name)]
            planner = Planner(searcher.schema, ranking, words.variants, empty)  # ix.schema would read the index anew
            scorer = Scorer(reader, Postings(reader, cache_limit(reader, cache_mb)),
                            Lexicon(reader, words, TEXT_FIELDS))
            scorer.prepare([name for name, _ in planner.fields])
            columns = Columns(reader)
        except Exception as error:  # what the checks at open cannot see, Whoosh finds reading it
            searcher.close()
            raise generation.damaged(error) from error
        if warm:
            scorer.lexicon.read_beside(ix)
        return cls(generation, ix, searcher, planner, columns, scorer)

    def find(self, plan: Plan, req: SearchRequest, deadline: Deadline) -> Matches:
        """The page of documents ``plan`` finds under the filters of ``req``, its total and facets."""
        if plan.empty:
            return Matches.none()
        keep = self.columns.mask(req.kind, req.source, req.date_from, req.date_to, req.group)
        page = Page(req.offset, req.per_page, req.sort == "newest", req.collapse and req.group is None)
        if plan.clauses is not None:
            if plan.excluded:
                keep &= ~self.scorer.containing(plan.excluded, deadline)
            scores = self.scorer.scores(plan.clauses, self.planner.ranking, deadline)
            if plan.forms:
                scores[~self._holding(plan, deadline)] = 0
            first = self._holding_every_word(plan, deadline) if page.newest and plan.each else None
            return rank(self.columns, np.flatnonzero((scores > 0) & keep), scores, page, first)
        assert plan.operators is not None
        docs, scores = operators.scores(self.searcher, plan.operators, plan.operators_excluded, deadline)
        return rank(self.columns, docs[keep[docs]], scores, page)

    def _forms(self, forms: tuple[str, ...]) -> tuple[str, ...]:
        """The forms a document must hold one of. A word typed with the
        article that no document writes with it matches it written without
        (المستشفى, where only مستشفى جديد is), and one typed without it does
        not match it written with it where the corpus shows the article makes
        another word (كاميرون, not الكاميرون); a form whose ة is indexed
        apart matches it too where the corpus uses the two as one word; a
        sound masculine plural matches its singular where the corpus writes
        the plural in its other case too, with the article, as a noun or
        adjective is and a verb or name is not (المعلمين finds المعلم where
        المعلمون is written; البحرين does not find البحر, nor تعاون تعا
        by the verb تعاين)."""
        found: list[str] = []
        for form in forms:
            if form.startswith(DEFINITE) and not self._held(form):
                form = form.removeprefix(DEFINITE)
            plural = sound_plural(form)
            singular = [plural[0]] if plural is not None and self._held(DEFINITE + plural[1]) else []
            for word in [form, *singular]:
                found.append(word)
                other = feminine(word)
                if other is not None and self.one_word(word.removeprefix(DEFINITE), other.removeprefix(DEFINITE)):
                    found.append(other)
        asked = dict.fromkeys(found)
        # A form with the article is dropped where its bare form was asked
        # for too and the corpus reads the two as two words.
        return tuple(f for f in asked if not (f.startswith(DEFINITE) and (bare := f.removeprefix(DEFINITE)) in asked
                                              and self.article_apart(bare)))

    def _held(self, *forms: str) -> bool:
        """Whether any document holds one of ``forms``."""
        return any(self.scorer.document_frequency(FORMS, form) for form in forms)

    def _used_as_one_word(self, form: str, other: str) -> bool:
        """Whether documents holding ``form`` or ``other`` (with or without
        the article) often hold both."""
        share = self._together(((form,), (DEFINITE + form,)), ((other,), (DEFINITE + other,)))
        return share is not None and share >= ONE_WORD_TOGETHER

    def _written_apart(self, form: str) -> bool:
        """Whether documents holding ``form`` without the article or with it seldom hold both."""
        share = self._together(((form,),), ((DEFINITE + form,),))
        return share is not None and share < ARTICLE_APART

    def _together(self, *sides: tuple[tuple[str, ...], ...]) -> float | None:
        """The share of the documents holding the rarer of two sides (each
        any of its forms) that hold both; None if either has too few."""
        held = [self.scorer.containing(tuple(Clause(FORMS, f) for f in side)) for side in sides]
        fewer = min(int(h.sum()) for h in held)
        return int((held[0] & held[1]).sum()) / fewer if fewer >= ONE_WORD_EVIDENCE else None

    def _holding(self, plan: Plan, deadline: Deadline) -> np.ndarray:
        """Whether each document holds a form of a query word, or matches one of
        ``plan.holding``: what makes it a result (search.text.forms)."""
        return self._containing(plan.forms, plan.holding, deadline)

    def _holding_every_word(self, plan: Plan, deadline: Deadline) -> np.ndarray:
        """Whether each document holds every word of ``plan.each``."""
        every = np.ones(self.columns.count, dtype=bool)
        for word in plan.each:
            every &= self._containing(word.forms, word.variants, deadline)
        return every

    def _containing(self, forms: tuple[str, ...], clauses: tuple[Clause, ...], deadline: Deadline) -> np.ndarray:
        held = self.scorer.containing(tuple(Clause(FORMS, (form,)) for form in self._forms(forms)), deadline)
        if clauses:
            held |= self.scorer.containing(clauses, deadline)
        return held

    def similar(self, docnum: int, terms: list[str], page: Page, deadline: Deadline) -> Matches:
        """Documents holding ``terms``, without ``docnum`` and its copies."""
        keep = self.columns.live.copy()
        keep[self.columns.copies_of(docnum)] = False
        clauses = tuple(Clause(name, (term,), weight) for name, weight in self.planner.fields for term in terms)
        scores = self.scorer.scores(clauses, self.planner.ranking, deadline)
        return rank(self.columns, np.flatnonzero((scores > 0) & keep), scores, page)

    def marks(self, plan: Plan) -> Marks:
        """What snippets mark: what made a document a result (the query's
        words by their forms, their other spellings, the phrases), and the
        members of word families that scored. An index without forms, or a
        query with operators, marks by the terms of its clauses."""
        lexicon = self.scorer.lexicon
        clauses = (*(plan.clauses or ()), *plan.holding)
        families = {t for c in clauses if c.family for t in lexicon.family(c.terms[0])[1:]}
        phrases = tuple(dict.fromkeys(c.terms for c in clauses if len(c.terms) > 1))
        alone = {c.terms[0] for c in clauses if len(c.terms) == 1}
        if not plan.forms:
            in_phrases = {t for phrase in phrases for t in phrase} - alone
            return Marks(frozenset(plan.marked) - in_phrases | families, clitics=self.clitics, phrases=phrases)
        terms = {*plan.variants, *(t for c in plan.holding if len(c.terms) == 1 for t in c.terms), *families}
        return Marks(frozenset(terms), frozenset(self._forms(plan.forms)), self.clitics, phrases)

    def variants(self, plan: Plan) -> list[str]:
        """The other spellings ``plan`` searched that the index holds, as most often written."""
        lexicon = self.scorer.lexicon
        return [lexicon.shown(term) for term in plan.variants
                if any(self.scorer.document_frequency(name, term) for name, _ in self.planner.fields)]

    def key_terms(self, docnum: int, fields: dict[str, Any], count: int) -> list[str]:
        """The ``count`` most distinctive terms of document ``docnum``, whose stored ``fields`` are given."""
        vector = self.vectors.of(docnum, {**fields, "body": searched_body(fields, VECTOR_CHARS)})
        return key_terms(self.searcher.reader(), vector, len(self.columns.copies_of(docnum)), count)

    def hits(self, matches: Matches, marks: Marks | None, deadline: Deadline) -> list[Hit]:
        """The page's hits; with snippets showing ``marks`` unless they are None."""
        return page_hits(self.shown, self.columns, matches, marks, deadline)

    @property
    def version(self) -> str:
        """What is served: the generation's name, with +N once N updates
        have been committed to it (a build commits once)."""
        commits = self.searcher.reader().generation() or 0  # None: an index of no segment
        return self.generation.name + (f"+{commits - 1}" if commits > 1 else "")

    @property
    def clitics(self) -> Clitics | None:
        """The clitic table the generation was analyzed with (None before there was one)."""
        return getattr(self.searcher.schema["body"].analyzer, "clitics", None)
