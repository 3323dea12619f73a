"""Word families from corpus evidence.

A family links light stems that share a family key and are one word in
two regular inflections (``search.text.families.inflected``). The letters
still let through pairs that only look like inflections (علمت and
إعلامنا); where both terms are common enough for their neighbours to be
telling, and wherever the letters only guess, the link is kept only if
they share some of them.
"""
from __future__ import annotations

from search.corpus.contexts import Contexts
from search.text.families import Parts, family_parts, parts_inflected

TELLING_COUNT = 30     # both this common: their neighbours must agree...
MIN_SIMILARITY = 0.03  # ...at least this much (cosine of their neighbours)


def learn_families(contexts: Contexts) -> dict[str, tuple[str, ...]]:
    """Each term with a family: the other terms of it, commonest first."""
    parts = [family_parts(text) for text in contexts.terms]
    groups: dict[str, list[int]] = {}
    for term, found in enumerate(parts):
        groups.setdefault(found.key, []).append(term)
    linked: dict[int, list[int]] = {}
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if parts_inflected(parts[a], parts[b]) and _telling(contexts, a, b, _guessed(parts[a], parts[b])):
                    linked.setdefault(a, []).append(b)
                    linked.setdefault(b, []).append(a)
    frequency = contexts.frequency
    return {contexts.terms[a]: tuple(contexts.terms[b] for b in sorted(others, key=lambda t: -frequency[t]))
            for a, others in linked.items()}


def _guessed(a: Parts, b: Parts) -> bool:
    """Whether the letters only guess: a word in ان beside a verb (نقصان and
    ينقص, but also the name سلمان and تسلم)."""
    return a.suffixes.endswith("ان") != b.suffixes.endswith("ان")


def _telling(contexts: Contexts, a: int, b: int, guessed: bool) -> bool:
    """Whether the corpus's evidence lets a link of the letters stand: it
    must agree where both terms are common, and wherever the letters guess."""
    if not guessed and min(contexts.frequency[a], contexts.frequency[b]) < TELLING_COUNT:
        return True
    return contexts.similarity(a, b) >= MIN_SIMILARITY
