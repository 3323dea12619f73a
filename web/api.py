"""The JSON API: /api/search, /api/documents/<id>, /api/related, /api/suggest (also as OpenSearch
suggestions), /openapi.json.

Each view only turns query parameters into a call of the Engine and its
answer into JSON; validation lives in search.query.request, errors in web.errors.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request

from search.query.request import clean_query, parse_request, parse_similar
from search.results import to_json
from web import engine
from web.errors import error_response
from web.openapi import SUGGESTIONS_TYPE, spec
from web.paging import with_links

SUGGESTIONS = 8

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search() -> Response:
    req = parse_request(request.args)
    return jsonify(with_links(to_json(engine().search(req))))


@bp.get("/api/documents/<path:doc_id>")  # ids are often URLs, slashes and all
def document(doc_id: str) -> Response | tuple[Response | str, int]:
    found = engine().document(doc_id)
    if found is None:
        return unknown_document(doc_id)
    return jsonify(found)


@bp.get("/api/documents")  # ?id=…: an id whose path a client would rewrite ("a/../b")
def document_by_query() -> Response | tuple[Response | str, int]:
    return document(request.args.get("id") or "")


def unknown_document(doc_id: str) -> tuple[Response | str, int]:
    return error_response(404, "unknown_document", f"there is no document with the id {doc_id!r}",
                          "لا توجد وثيقة بهذا المعرّف")


@bp.get("/api/related")  # not under /api/documents/<id>/: an id may itself end in "/related"
def related() -> Response | tuple[Response | str, int]:
    req = parse_similar(request.args)
    found = engine().similar(req)
    if found is None:
        return unknown_document(req.id)
    return jsonify(with_links(to_json(found)))


def completions() -> tuple[str, list[str]]:
    """The query typed so far (``q``) and its completions."""
    raw = request.args.get("q") or ""
    clean_query(raw)  # the same rules as a search: not empty, not too long
    # Completion needs the text as typed: a trailing space means the last
    # word is finished.
    typed = raw.replace("\x00", " ").lstrip()
    return typed, engine().suggest(typed, SUGGESTIONS)


@bp.get("/api/suggest")
def suggest() -> Response:
    typed, found = completions()
    return jsonify({"query": typed, "suggestions": found})


@bp.get("/api/suggest/opensearch")
def suggest_opensearch() -> Response:
    """The same completions as a browser's search box asks for them (OpenSearch suggestions)."""
    typed, found = completions()
    return Response(json.dumps([typed, found], ensure_ascii=False), content_type=SUGGESTIONS_TYPE)


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(spec())
