"""The OpenAPI 3.1 description of the JSON API, served at /openapi.json.

Limits and choices come from search.query.request, so the description cannot
drift from what the API accepts; tests check answers against these schemas.
"""
from __future__ import annotations

from typing import Any

from search.ingest.documents import KINDS
from search.query.request import GROUP, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, SORTS


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, description: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    parameter = {"name": name, "in": "query", "required": required, "description": description, "schema": schema}
    if not required:
        # As the page's form sends them: an empty value is the default.
        parameter["allowEmptyValue"] = True
    return parameter


# Something to search for: white space and NUL alone are an empty query.
# The white space is Python's (what str.strip removes), spelled out: regex
# dialects do not agree on what \s means.
_BLANK = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace() or c == "\x00")
_Q = {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": f"[^{_BLANK}]"}
_CLIENT_ERROR = _json(_ref("Error"), "A mistake in the request; `error.code` says which.")
_UNAVAILABLE = _json(_ref("Error"), "The index is missing or damaged.")
_SEARCH_UNAVAILABLE = {
    **_json(_ref("Error"), "The index is missing or damaged (`index_unavailable`), or the search ran "
                           "past its time limit and was stopped (`timeout`, with a Retry-After header)."),
    "headers": {"Retry-After": {"description": "Seconds to wait before trying a stopped search again.",
                                "schema": {"type": "integer"}}},
}
_NULLABLE_STRING = {"type": ["string", "null"]}

_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message", "message_ar"],
            "properties": {
                "code": {"type": "string", "examples": ["bad_per_page", "missing_query"]},
                "message": {"type": "string", "description": "In English."},
                "message_ar": {"type": "string", "description": "In Arabic."},
            },
        }},
    },
    "Hit": {
        "type": "object",
        "required": ["id", "kind", "title", "title_html", "url", "source", "date", "snippet", "score", "copies"],
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "title": {"type": "string", "description": "Plain text: the headline, or the opening of the text."},
            "title_html": {"type": "string", "description": "The title, HTML-escaped, matches in <mark>."},
            "url": {"type": "string"},
            "source": {"type": "string"},
            "date": {**_NULLABLE_STRING, "description": "YYYY-MM-DD, or an ISO date-time in UTC."},
            "snippet": {"type": "string", "description": (
                "HTML: about 240 characters of the original text around the best matches, "
                "escaped, with matched words in <mark>; the teaser or the opening when the text has no match."
            )},
            "score": {"type": "number"},
            "copies": {"oneOf": [{"type": "null"}, _ref("Copies")], "description": (
                "Other documents matching the search that are copies of this one (the same story "
                "carried by other sources), collapsed into this hit; null when there are none "
                "or collapsing is off."
            )},
        },
    },
    "Copies": {
        "type": "object",
        "required": ["count", "sources", "group"],
        "properties": {
            "count": {"type": "integer", "minimum": 1, "description": "Matching copies other than this hit."},
            "sources": {"type": "array", "items": {"type": "string"},
                        "description": "Their sources, each once, best-scoring copy first."},
            "group": {"type": "string", "pattern": f"^{GROUP.pattern}$",
                      "description": "Pass as `group` to list every copy."},
        },
    },
    "RelatedResults": {
        "type": "object",
        "required": ["id", "title", "terms", "total", "page", "per_page", "took_ms", "hits"],
        "properties": {
            "id": {"type": "string", "description": "The document the hits are like."},
            "title": {"type": "string"},
            "terms": {"type": "array", "items": {"type": "string"},
                      "description": "Its most distinctive stemmed terms: the query that found the hits."},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "took_ms": {"type": "number"},
            "hits": {"type": "array", "items": _ref("Hit"),
                     "description": "Never the document itself nor its copies; copies among them collapsed."},
        },
    },
    "SearchResults": {
        "type": "object",
        "required": ["query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion"],
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0,
                      "description": "Results after collapsing copies: each story counts once."},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "took_ms": {"type": "number"},
            "hits": {"type": "array", "items": _ref("Hit")},
            "facets": {
                "type": "object",
                "required": ["kind", "source"],
                "description": "Result counts by kind and by source, largest first (after collapsing).",
                "properties": {
                    "kind": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "source": {"type": "object", "additionalProperties": {"type": "integer"}},
                },
            },
            "suggestion": {**_NULLABLE_STRING, "description": "A better-spelled query, or null."},
        },
    },
    "Document": {
        "type": "object",
        "required": ["id", "kind"],
        "description": "Every stored field of the document; empty fields are left out.",
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "title": {"type": "string"},
            "teaser": {"type": "string"},
            "body": {"type": "string"},
            "url": {"type": "string"},
            "source": {"type": "string"},
            "section": {"type": "string"},
            "author": {"type": "string"},
            "date": _NULLABLE_STRING,
        },
    },
    "Suggestions": {
        "type": "object",
        "required": ["query", "suggestions"],
        "properties": {
            "query": {"type": "string"},
            "suggestions": {
                "type": "array", "items": {"type": "string"},
                "description": "The query with its last word completed from the headlines' words, commonest first.",
            },
        },
    },
    "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]},
            "documents": {"type": "integer"},
            "generation": {"type": "string"},
            "error": {"type": "string", "description": "What is wrong, when unavailable."},
        },
    },
}


def spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Bahth",
            "version": "1",
            "description": "Full-text search of Arabic news. Matching ignores diacritics, "
                           "hamza forms and common affixes.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search the index",
                "parameters": [
                    _query("q", "The query: words (OR-ed and ranked), \"phrases\", (groups), AND, OR; "
                                "-word, -\"phrase\" or NOT word to exclude; source:ID and kind:article|teaser "
                                "to filter, as the parameters (a different value in both: 400 "
                                "conflicting_filter).", _Q, required=True),
                    _query("page", "Page of results.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
                    _query("per_page", "Results per page.",
                           {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10}),
                    _query("kind", "Only this kind of document.", {"type": "string", "enum": list(KINDS)}),
                    _query("source", "Only documents from this source.", {"type": "string"}),
                    _query("from", "Only documents dated this day or later.", {"type": "string", "format": "date"}),
                    _query("to", "Only documents dated this day or earlier.", {"type": "string", "format": "date"}),
                    _query("sort", "Order of results.", {"type": "string", "enum": list(SORTS), "default": SORTS[0]}),
                    _query("collapse", "1: copies of a story (the same text carried by several sources) are "
                                       "one hit, the best-scoring; 0: every copy is a hit.",
                           {"type": "string", "enum": ["1", "0", "true", "false", "on", "off", "yes", "no"],
                            "default": "1"}),
                    _query("group", "Only the copies of one story: a hit's `copies.group` (collapsing is then off).",
                           {"type": "string", "pattern": f"^{GROUP.pattern}$"}),
                ],
                "responses": {
                    "200": _json(_ref("SearchResults"), "One page of results."),
                    "400": _CLIENT_ERROR,
                    "503": _SEARCH_UNAVAILABLE,
                },
            }},
            "/api/documents/{id}": {"get": {
                "summary": "One stored document",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "The id from a hit (may contain slashes)."}],
                "responses": {
                    "200": _json(_ref("Document"), "The document."),
                    "404": _json(_ref("Error"), "No document has this id."),
                    "503": _UNAVAILABLE,
                },
            }},
            "/api/related": {"get": {
                "summary": "Articles like a document (more like this)",
                "parameters": [
                    _query("id", "The id of a document, from a hit.", {"type": "string", "minLength": 1,
                                                                       "pattern": f"[^{_BLANK}]"}, required=True),
                    _query("page", "Page of results.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
                    _query("per_page", "Results per page.",
                           {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10}),
                ],
                "responses": {
                    "200": _json(_ref("RelatedResults"), "Documents sharing its distinctive words, best first."),
                    "400": _CLIENT_ERROR,
                    "404": _json(_ref("Error"), "No document has this id."),
                    "503": _SEARCH_UNAVAILABLE,
                },
            }},
            "/api/suggest": {"get": {
                "summary": "Completions for the word being typed",
                "parameters": [_query("q", "The query typed so far.", _Q, required=True)],
                "responses": {
                    "200": _json(_ref("Suggestions"), "Up to 8 completed queries."),
                    "400": _CLIENT_ERROR,
                    "503": _UNAVAILABLE,
                },
            }},
            "/healthz": {"get": {
                "summary": "Whether the index can be served",
                "responses": {
                    "200": _json(_ref("Health"), "Serving: the generation and its size."),
                    "503": _json(_ref("Health"), "The index is missing or damaged: `error` says why."),
                },
            }},
            "/metrics": {"get": {
                "summary": "Prometheus metrics, summed over all worker processes",
                "responses": {"200": {"description": "Prometheus text format.",
                                      "content": {"text/plain": {"schema": {"type": "string"}}}}},
            }},
            "/openapi.json": {"get": {
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {}}}},
            }},
        },
        "components": {"schemas": _SCHEMAS},
    }
