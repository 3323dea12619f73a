"""Pages of results: the last one there is, and the JSON API's ``next`` and
``prev`` links, which the page's own pagination and a client's share."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request

from search.query.request import MAX_PAGE

# What the OpenAPI description says of the links (web/openapi.py).
LINKS = {
    "next": "The next page of these results, as a URL relative to this server: this request with `page` "
            "one higher; null on the last page.",
    "prev": "The page before, as a URL relative to this server; null on the first page (after the last "
            "page: the last page).",
}


def last_page(per_page: int, total: int) -> int:
    """The last page with results (1 when there are none), within the pages a request may ask for."""
    return min(MAX_PAGE, max(1, -(-total // per_page)))


def with_links(answer: dict[str, Any]) -> dict[str, Any]:
    """``answer`` (a page of results, as JSON) with links to the pages beside
    it: the current request's URL, its other parameters as they were sent."""
    page, last = answer["page"], last_page(answer["per_page"], answer["total"])
    args = request.args.to_dict()

    def link(number: int) -> str:
        return f"{request.script_root}{request.path}?{urlencode({**args, 'page': number})}"

    return {**answer, "next": link(page + 1) if page < last else None,
            "prev": link(min(page - 1, last)) if page > 1 else None}
