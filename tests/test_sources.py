"""Sources by name (search/sources.py): the Arabic name shown for an id,
and the id a name or an id given in a request stands for."""
from __future__ import annotations

import pytest

from search.sources import NAMES, name, source_id


def test_a_source_is_shown_by_its_arabic_name_or_else_its_id() -> None:
    assert name("okaz") == "عكاظ" and name("annahar-alraqmi") == "النهار الرقمي"
    assert name("new-site") == "new-site" and name("") == ""


@pytest.mark.parametrize(("given", "source"), [
    ("okaz", "okaz"),
    ("عكاظ", "okaz"),
    ("عُكَاظ", "okaz"),                 # diacritics
    ("الشرق الاوسط", "aawsat"),        # a hamza left out
    ("الشرق   الأوسط", "aawsat"),      # spaces
    ("الشرق_الأوسط", "aawsat"),        # an underscore is no letter
    ("اليوم", "alyaum"),
    ("اليوم الإخباري", "alyawm"),
    ("new-site", "new-site"),          # unknown: as given
    ("صحيفة مجهولة", "صحيفة مجهولة"),
])
def test_a_source_is_given_by_its_id_or_its_name(given: str, source: str) -> None:
    assert source_id(given) == source


def test_every_name_names_one_source() -> None:
    assert all(source_id(source) == source and source_id(arabic) == source for source, arabic in NAMES.items())
