"""Page dumps: an article's paragraphs, then indented teasers of other stories.

Unindented lines are the article; indented lines are teasers cut off with
``...`` or ``…``; lines of white space separate blocks. A dump has no headline.
The article's text is cut to the document size limit, as is each teaser's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from search.ingest.documents import ARTICLE, Batch, Document, Teaser, clean, cut, text_id, utf8_size

_CUT_MARK = re.compile(r"\s*(?:\.{2,}|…)\s*$")


def read_page(lines: Iterable[tuple[int, str, int]], origin: str, batch: Batch, limit: int) -> None:
    """Add the article and teasers of the page whose ``lines`` are given to
    ``batch``, once all of them are read (an error reading one leaves the batch
    as it was). Each line comes with its number and the bytes that were
    dropped from its end when it was read (a line longer than the limit)."""
    teasers: list[Teaser] = []
    paragraphs: list[str] = []
    first_line = 0
    body_had_entities = False
    written = 0  # bytes of the article's text as written, line breaks included
    cut_teasers: list[tuple[str, int]] = []
    shortened = False  # the article lost lines, or the end of a line, as it was read
    for number, line, dropped in lines:
        cleaned, had_entities = clean(line)
        if not cleaned:
            if paragraphs and paragraphs[-1]:
                paragraphs.append("")  # keep the section break
                written += 1
            continue
        if line[0] in " \t":
            teaser = _CUT_MARK.sub("", cleaned)
            if teaser:
                kept = cut(teaser, limit)
                if kept != teaser or dropped:
                    cut_teasers.append((f"{origin}:{number}", utf8_size(teaser) + dropped))
                teasers.append(Teaser(kept, f"{origin}:{number}", had_entities=had_entities))
            continue
        if not paragraphs:
            first_line = number
        if written <= limit:  # past the limit, lines are counted, not kept
            paragraphs.append(cleaned)
            shortened |= dropped > 0
        else:
            shortened = True
        written += utf8_size(cleaned) + dropped + 1
        body_had_entities |= had_entities
    body = "\n".join(paragraphs).strip()
    batch.teasers += teasers
    for where, size in cut_teasers:
        batch.report_cut(where, size, limit)
    if body:
        kept = cut(body, limit)
        if shortened or kept != body:
            batch.report_cut(f"{origin}:{first_line}", written - 1, limit)
        batch.articles.append(Document(id=text_id(kept), kind=ARTICLE, body=kept, origin=f"{origin}:{first_line}",
                                       had_entities=body_had_entities))
    elif not teasers:
        batch.skip(origin, "page has no article and no teasers")
