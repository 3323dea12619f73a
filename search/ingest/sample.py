"""The sample corpus that ships with Bahth: what `bahth index build --sample` indexes.

An installed Bahth carries it inside this package, as search/sample/ (setup.py
maps the checkout's sample/ there); a checkout, or an editable install, keeps
it in sample/ beside the packages.
"""
from __future__ import annotations

from pathlib import Path

from search.ingest.inputs import InputError

_SEARCH = Path(__file__).resolve().parent.parent
PLACES = (_SEARCH / "sample", _SEARCH.parent / "sample")


def sample_corpus() -> Path:
    """The folder of the sample corpus."""
    for place in PLACES:
        if (place / "news.jsonl").is_file():
            return place
    raise InputError("the sample corpus is not installed with Bahth (looked in "
                     + " and ".join(map(str, PLACES)) + "); reinstall it with pip")
