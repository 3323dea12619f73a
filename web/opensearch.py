"""/opensearch.xml: how a browser adds Bahth as a search engine (the page's
<link rel="search"> points to it), with the search page's address and the
completions of /api/suggest/opensearch.

OpenSearch wants absolute addresses: they are made from the request's host
and scheme (behind a proxy, those the proxy passes on).
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from web.openapi import SUGGESTIONS_TYPE

DESCRIPTION_TYPE = "application/opensearchdescription+xml"

bp = Blueprint("opensearch", __name__)


@bp.get("/opensearch.xml")
def description() -> Response:
    # {searchTerms} is OpenSearch's placeholder: written as it is, never URL-encoded.
    xml = render_template(
        "opensearch.xml",
        search=url_for("pages.search", _external=True) + "?q={searchTerms}",
        suggestions=url_for("api.suggest_opensearch", _external=True) + "?q={searchTerms}",
        suggestions_type=SUGGESTIONS_TYPE,
        landing=url_for("pages.search", _external=True),
        icon=url_for("static", filename="favicon.svg", _external=True),
        itself=url_for("opensearch.description", _external=True),
        description_type=DESCRIPTION_TYPE,
    )
    return Response(xml, content_type=f"{DESCRIPTION_TYPE}; charset=utf-8")
