"""Word families (search/text/families.py): the examples its docstring gives.

``family_key`` takes a light stem, so each word goes through the analyzer
first (normalized, stop words dropped, light-stemmed), as the index and the
query do."""
from __future__ import annotations

import pytest

from search.text.analyzer import analyze
from search.text.families import family_key


def key(word: str) -> str:
    terms = analyze(word)
    assert len(terms) == 1, (word, terms)
    return family_key(terms[0])


# (words of one family, the key they share), as family_key's docstring lists them.
FAMILIES = [
    (("يستخدم", "تستخدم", "استخدام"), "خدم"),
    (("يقترب", "اقترب", "اقتراب"), "قترب"),
    (("يتراجع", "تراجع"), "راجع"),
    (("يستمر", "استمرت"), "ستمر"),
    (("معلم", "يعلم"), "علم"),
    (("شهيدا", "الشهيد"), "شهيد"),
    (("العروض", "عرض"), "عرض"),
    (("دخول", "دخل"), "دخل"),
    (("بدء", "بدأت"), "بدا"),
    (("خمسة", "5"), "5"),
]


@pytest.mark.parametrize("words,shared", FAMILIES, ids=[k for _, k in FAMILIES])
def test_documented_families_share_their_key(words: tuple[str, ...], shared: str) -> None:
    assert [key(w) for w in words] == [shared] * len(words)


@pytest.mark.parametrize("words,shared", [
    (("يستخدم", "الخدمات"), "خدم"),
    (("سلمان", "سلم"), "سلم"),
])
def test_the_key_is_coarse_as_documented(words: tuple[str, ...], shared: str) -> None:
    """Words that only look alike share a key too: which is why a family
    only ever adds to a light-stem match."""
    assert [key(w) for w in words] == [shared] * len(words)
    assert len({analyze(w)[0] for w in words}) == len(words)  # distinct light stems


def test_different_words_keep_different_keys() -> None:
    assert len({key(w) for w in ("يستخدم", "يقترب", "يتراجع", "معلم", "دخول", "خمسة")}) == 6


def test_short_and_foreign_stems_are_their_own_key() -> None:
    for stem in ("كتب", "opec", "2026"):
        assert family_key(stem) == stem
