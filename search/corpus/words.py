"""The words a build learnt from its corpus, as stored in a generation."""
from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from search.corpus.contexts import Contexts
from search.corpus.families import learn_families
from search.corpus.variants import learn_variants
from search.text.analyzer import normal_form
from search.text.families import family_key
from search.text.normalize import WORD

FILE = "words.json"
KEYS_FILE = "keys.json"

Analyze = Callable[[str], list[str]]  # the terms of one word as written


@dataclass(frozen=True)
class CorpusWords:
    """Word families and spelling variants of one generation's terms."""

    # term → the other terms of its family, commonest first, joined by spaces
    # (terms hold none): a generation's file of them then parses several
    # times faster than as lists, which every open of an index waits for
    families: dict[str, str] = field(default_factory=dict)
    # term → the terms of its other spellings
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # term of a variant → its commonest spelling as written, to name it to readers
    shown: dict[str, str] = field(default_factory=dict)
    # family key → every term of the corpus with that key, joined by spaces:
    # where a query's term the build never saw finds its family. Kept in a
    # file of its own, read only when such a term comes (``folder``).
    keys: dict[str, str] | None = field(default=None, repr=False)
    folder: Path | None = None

    def family(self, term: str) -> tuple[str, ...]:
        """``term`` and the rest of its family."""
        others = self.families.get(term)
        return (term, *others.split(" ")) if others else (term,)

    def kin(self, key: str) -> tuple[str, ...]:
        """The corpus's terms whose family key is ``key`` (none from a
        generation stored before the keys were)."""
        found = self._keys.get(key)
        return tuple(found.split(" ")) if found else ()

    @cached_property
    def _keys(self) -> dict[str, str]:
        if self.keys is not None:
            return self.keys
        path = self.folder / KEYS_FILE if self.folder is not None else None
        return json.loads(path.read_text(encoding="utf-8")) if path is not None and path.exists() else {}

    def save(self, folder: Path) -> None:
        data = {"families": self.families, "variants": self.variants, "shown": self.shown}
        (folder / FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        (folder / KEYS_FILE).write_text(json.dumps(self._keys, ensure_ascii=False, separators=(",", ":")),
                                        encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> CorpusWords:
        """The words stored in ``folder``; none for a generation built before they were."""
        path = folder / FILE
        if not path.exists():
            return cls()
        data = json.loads(path.read_bytes())  # decoded as UTF-8 in one piece: faster than a text file's reads
        families = data["families"]
        if any(isinstance(others, list) for others in itertools.islice(families.values(), 1)):
            families = {term: " ".join(others) for term, others in families.items()}  # written as lists before
        return cls(families,
                   # Once each: files written before listed a spelling once for every word that has it.
                   {k: tuple(dict.fromkeys(v)) for k, v in data["variants"].items()},
                   data["shown"], folder=folder)


def count_words(documents: Iterable[Sequence[str]]) -> Counter[str]:
    """How often each word is written, exactly as written, over the texts of ``documents``."""
    counts: Counter[str] = Counter()
    for texts in documents:
        for text in texts:
            counts.update(WORD.findall(text))
    return counts


def learn(documents: Sequence[Sequence[str]], written: Counter[str], analyze: Analyze) -> CorpusWords:
    """What ``documents`` (each a sequence of texts) teach about their terms;
    ``written`` counts their words as written (``count_words``). Each
    distinct word is analyzed once, on its own (a number written with a
    separator counts as two): near enough for statistics."""
    terms_of = {word: analyze(word) for word in written}
    numbers: dict[str, int] = {}
    numbers_of = {word: [numbers.setdefault(t, len(numbers)) for t in found] for word, found in terms_of.items()}
    contexts = Contexts(list(numbers), ([n for text in texts for word in WORD.findall(text) for n in numbers_of[word]]
                                        for texts in documents))
    terms: dict[str, str] = {}
    # The spelling to name a term by: written without a clitic before it
    # (سلتيك rather than وسلتيك), then the commonest.
    commonest: dict[str, tuple[bool, int, str]] = {}
    for word, count in written.items():
        found = terms_of[word]
        if len(found) != 1:
            continue
        normal = normal_form(word)
        terms[normal] = found[0]
        rank = (normal.startswith(found[0]), count, word)
        if rank > commonest.get(found[0], (False, 0, "")):
            commonest[found[0]] = rank
    learnt = learn_families(contexts)
    variants = learn_variants(contexts, terms, learnt)
    families = {term: " ".join(others) for term, others in learnt.items()}
    keys: dict[str, list[str]] = {}
    for term in numbers:
        keys.setdefault(family_key(term), []).append(term)
    return CorpusWords(families, variants, {t: commonest[t][2] for t in sorted(variants) if t in commonest},
                       {key: " ".join(terms) for key, terms in keys.items()})
