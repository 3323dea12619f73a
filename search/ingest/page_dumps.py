"""Page dumps: an article's paragraphs, then indented teasers of other stories.

Unindented lines are the article; indented lines are teasers cut off with
``...`` or ``…``; lines of white space separate blocks. A dump has no headline.
"""
from __future__ import annotations

import re

from search.ingest.documents import ARTICLE, Batch, Document, Problem, Teaser, clean, text_id

_CUT_MARK = re.compile(r"\s*(?:\.{2,}|…)\s*$")


def read_page(text: str, origin: str) -> Batch:
    batch = Batch()
    paragraphs: list[str] = []
    first_line = 0
    body_had_entities = False
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned, had_entities = clean(line)
        if not cleaned:
            if paragraphs and paragraphs[-1]:
                paragraphs.append("")  # keep the section break
            continue
        if line[0] in " \t":
            teaser = _CUT_MARK.sub("", cleaned)
            if teaser:
                batch.teasers.append(Teaser(teaser, f"{origin}:{number}", had_entities=had_entities))
            continue
        if not paragraphs:
            first_line = number
        paragraphs.append(cleaned)
        body_had_entities |= had_entities
    body = "\n".join(paragraphs).strip()
    if body:
        batch.articles.append(Document(id=text_id(body), kind=ARTICLE, body=body, origin=f"{origin}:{first_line}",
                                       had_entities=body_had_entities))
    elif not batch.teasers:
        batch.problems.append(Problem(origin, "page has no article and no teasers"))
    return batch
