"""The OpenAPI 3.1 description of the JSON API, served at /openapi.json.

The answers' schemas are generated from the dataclasses of search.results
(field names, types, and the metadata ``to_json`` reads), and the limits come
from search.query.request, so the description cannot drift from what the API
accepts and answers; tests check answers against these schemas.
"""
from __future__ import annotations

from dataclasses import Field, fields, is_dataclass
from typing import Any, get_args, get_origin, get_type_hints

from search.ingest.documents import KINDS
from search.query.request import GROUP, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, SORTS
from search.results import Copies, Correction, Hit, IndexInfo, SearchResult, SimilarResult, Snippet, json_name
from search.scoring.columns import FACETS
from web.paging import LINKS

Schema = dict[str, Any]

# What /api/suggest/opensearch answers: [query, [completions…]], as browsers ask for them.
SUGGESTIONS_TYPE = "application/x-suggestions+json"

# -- the answers, from search.results ------------------------------------------

_SCALARS: dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}
# The names these answers have always had in the description (clients and tests use them).
_NAMES: dict[type, str] = {SearchResult: "SearchResults", SimilarResult: "RelatedResults"}
_PAGED: dict[str, Schema] = {"total": {"minimum": 0}, "page": {"minimum": 1},
                             "per_page": {"minimum": 1, "maximum": MAX_PER_PAGE}}
# What a field's type cannot say, merged over the schema of its type: ranges,
# choices and patterns, and the facets' names (a dict type cannot name its keys).
_NARROWER: dict[type, dict[str, Schema]] = {
    Hit: {"kind": {"enum": list(KINDS)}},
    Copies: {"count": {"minimum": 1}, "same_source": {"minimum": 0}, "group": {"pattern": f"^{GROUP.pattern}$"}},
    SearchResult: {**_PAGED, "facets": {"required": list(FACETS)}},
    SimilarResult: _PAGED,
    IndexInfo: {"documents": {"minimum": 0}},
}
# Optional fields the API always sends: it always asks for snippets (only the CLI may not).
_ALWAYS_SENT: dict[type, set[str]] = {Hit: {"title_marked", "snippet"}}
# Fields the API adds to a page of results (web/paging.py): links to the pages beside it.
_LINKS: Schema = {name: {"type": ["string", "null"], "format": "uri-reference", "description": description}
                  for name, description in LINKS.items()}
_ADDED: dict[type, Schema] = {SearchResult: _LINKS, SimilarResult: _LINKS}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _name(cls: type) -> str:
    return _NAMES.get(cls, cls.__name__)


def _not_none(hint: Any) -> Any:
    """``X`` of ``X | None``; any other type as it is."""
    others = [arg for arg in get_args(hint) if arg is not type(None)]
    return others[0] if len(others) == 1 and len(get_args(hint)) == 2 else hint


def _type_schema(hint: Any) -> Schema:
    """The schema of a value of type ``hint``, as ``to_json`` writes it."""
    args = get_args(hint)
    if _not_none(hint) is not hint:
        schema = _type_schema(_not_none(hint))
        if "type" not in schema:  # a $ref
            return {"anyOf": [schema, {"type": "null"}]}
        return {**schema, "type": [schema["type"], "null"]}
    if get_origin(hint) is list:
        return {"type": "array", "items": _type_schema(args[0])}
    if get_origin(hint) is dict and args[0] is str:
        return {"type": "object", "additionalProperties": _type_schema(args[1])}
    if hint is Snippet:
        return {"type": "string", "contentMediaType": "text/html"}
    if isinstance(hint, type) and is_dataclass(hint):
        return _ref(_name(hint))
    if hint in _SCALARS:
        return {"type": _SCALARS[hint]}
    raise TypeError(f"no JSON schema for {hint!r}")


def _field_schema(cls: type, spec: Field[Any], hint: Any) -> Schema:
    if spec.metadata.get("optional"):  # None is left out, never written
        hint = _not_none(hint)
    schema = {**_type_schema(hint), **_NARROWER.get(cls, {}).get(spec.name, {})}
    description = spec.metadata.get("doc")
    if spec.metadata.get("digits") is not None:
        description = f"{description or ''} Rounded to {spec.metadata['digits']} decimal places.".lstrip()
    return {**schema, "description": description} if description else schema


def object_schema(cls: type) -> Schema:
    """The schema of the dataclass ``cls`` as ``to_json`` writes it: every
    field, under its JSON name; required unless left out when None."""
    hints = get_type_hints(cls)
    specs = fields(cls)
    always = _ALWAYS_SENT.get(cls, set())
    added = _ADDED.get(cls, {})
    schema: Schema = {
        "type": "object",
        "required": [json_name(s) for s in specs if not s.metadata.get("optional") or s.name in always] + list(added),
        "properties": {**{json_name(s): _field_schema(cls, s, hints[s.name]) for s in specs}, **added},
    }
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):  # not the signature dataclass writes
        schema["description"] = cls.__doc__
    return schema


# -- the rest of the answers ---------------------------------------------------

_STRINGS = {"type": "array", "items": {"type": "string"}}
_ERROR: Schema = {
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
}
_DOCUMENT: Schema = {
    "type": "object",
    "required": ["id", "kind"],
    "description": "Every stored field of the document; empty fields are left out.",
    "properties": {
        "id": {"type": "string"},
        "kind": {"type": "string", "enum": list(KINDS)},
        **{name: {"type": "string"} for name in ("title", "teaser", "body", "url", "source", "section", "author")},
        "date": {"type": ["string", "null"]},
        "furniture": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}},
                      "description": "Where the body's site furniture is, as [start, end) character offsets "
                                     "(code points): the body is as published, this part of it is neither "
                                     "searched nor snippeted."},
    },
}
_SUGGESTIONS: Schema = {
    "type": "object",
    "required": ["query", "suggestions"],
    "properties": {
        "query": {"type": "string"},
        "suggestions": {**_STRINGS, "description": (
            "The query with its last word completed from the headlines' words: after another word, to the "
            "phrases of two words that headlines use more than once, commonest first; else to the commonest "
            "words.")},
    },
}
# [query, [completions…]]: schemathesis reads no prefixItems, so each item may be either.
_OPENSEARCH_SUGGESTIONS: Schema = {"type": "array", "items": {"anyOf": [{"type": "string"}, _STRINGS]},
                                   "minItems": 2, "maxItems": 2}
# /readyz (and /healthz): the index's IndexInfo and status ok, or status
# unavailable and why, as a code and messages (never a path: web/probes.py).
_NOT_READY_CODES = ["no_index", "index_damaged", "index_unavailable"]
_HEALTH: Schema = {"oneOf": [
    {"allOf": [_ref("IndexInfo"),
               {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}}]},
    {"type": "object", "required": ["status", "error"], "properties": {
        "status": {"const": "unavailable"},
        "error": {**_ERROR["properties"]["error"], "description": (
            "Why: `no_index` (none built yet), `index_damaged` (rebuild it) or `index_unavailable` "
            "(the lookup failed; the server's log says why).")},
    }},
]}
_LIVE: Schema = {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}}


def schemas() -> dict[str, Schema]:
    generated = {_name(cls): object_schema(cls)
                 for cls in (Hit, Copies, Correction, SearchResult, SimilarResult, IndexInfo)}
    return {"Error": _ERROR, **generated, "Document": _DOCUMENT, "Suggestions": _SUGGESTIONS, "Health": _HEALTH,
            "Live": _LIVE}


# -- the operations ------------------------------------------------------------


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, description: str, schema: Schema, required: bool = False) -> Schema:
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
_PAGING = [
    _query("page", "Page of results.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
    _query("per_page", "Results per page.", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10}),
]
_SEARCH_PARAMETERS = [
    _query("q", "The query: words (OR-ed and ranked), \"phrases\", (groups), AND, OR; -word, -\"phrase\" or "
                "NOT word to exclude; source:ID (or the source's Arabic name, quoted if it has several "
                "words) and kind:article|teaser to filter, as the parameters "
                "(a different value in both: 400 conflicting_filter).", _Q, required=True),
    *_PAGING,
    _query("kind", "Only this kind of document.", {"type": "string", "enum": list(KINDS)}),
    _query("source", "Only documents from this source: its id, or its Arabic name.", {"type": "string"}),
    _query("from", "Only documents dated this day or later.", {"type": "string", "format": "date"}),
    _query("to", "Only documents dated this day or earlier.", {"type": "string", "format": "date"}),
    _query("sort", "Order of results.", {"type": "string", "enum": list(SORTS), "default": SORTS[0]}),
    _query("collapse", "1: copies of a story (the same text carried by several sources) are one hit, "
                       "the best-scoring; 0: every copy is a hit.",
           {"type": "string", "enum": ["1", "0", "true", "false", "on", "off", "yes", "no"], "default": "1"}),
    _query("group", "Only the copies of one story: a hit's `copies.group` (collapsing is then off).",
           {"type": "string", "pattern": f"^{GROUP.pattern}$"}),
    _query("exact", "1: search the query as typed. 0: a query whose misspelled words are all but absent from "
                    "the index, and surely corrected, is searched corrected instead (`corrected` says so).",
           {"type": "string", "enum": ["1", "0", "true", "false", "on", "off", "yes", "no"], "default": "0"}),
]
_TYPED = [_query("q", "The query typed so far.", _Q, required=True)]
_CLIENT_ERROR = _json(_ref("Error"), "A mistake in the request; `error.code` says which.")
_UNKNOWN = _json(_ref("Error"), "No document has this id.")
_UNAVAILABLE = _json(_ref("Error"), "The index is missing or damaged.")
_SEARCH_UNAVAILABLE = {
    **_json(_ref("Error"), "The index is missing or damaged (`index_unavailable`), or the search ran "
                           "past its time limit and was stopped (`timeout`, with a Retry-After header)."),
    "headers": {"Retry-After": {"description": "Seconds to wait before trying a stopped search again.",
                                "schema": {"type": "integer"}}},
}


def _get(summary: str, responses: Schema, parameters: list[Schema] | None = None) -> Schema:
    operation = {"summary": summary, **({"parameters": parameters} if parameters else {}), "responses": responses}
    return {"get": operation}


_READY = _get("Whether this server can serve searches (readiness: an index is open and a lookup in it answers)", {
    "200": _json(_ref("Health"), "Serving: the generation and its size."),
    "503": _json(_ref("Health"), "Not ready: `error.code` says why."),
})


def paths() -> Schema:
    return {
        "/api/search": _get("Search the index", {
            "200": _json(_ref(_name(SearchResult)), "One page of results."),
            "400": _CLIENT_ERROR, "503": _SEARCH_UNAVAILABLE,
        }, _SEARCH_PARAMETERS),
        "/api/documents/{id}": _get("One stored document", {
            "200": _json(_ref("Document"), "The document."), "404": _UNKNOWN, "503": _UNAVAILABLE,
        }, [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "The id from a hit (may contain slashes)."}]),
        "/api/documents": _get("One stored document, its id as a parameter", {
            "200": _json(_ref("Document"), "The document."), "404": _UNKNOWN, "503": _UNAVAILABLE,
        }, [_query("id", "The id from a hit. For ids with `.` or `..` segments (`a/../b`), which HTTP clients "
                         "rewrite in a path.", {"type": "string"}, required=True)]),
        "/api/related": _get("Articles like a document (more like this)", {
            "200": _json(_ref(_name(SimilarResult)), "Documents sharing its distinctive words, best first."),
            "400": _CLIENT_ERROR, "404": _UNKNOWN, "503": _SEARCH_UNAVAILABLE,
        }, [_query("id", "The id of a document, from a hit.",
                   {"type": "string", "minLength": 1, "pattern": f"[^{_BLANK}]"}, required=True), *_PAGING,
            _query("q", "The search that led to the document: its words are marked in the snippets, as in its "
                        "results. Without it nothing is marked.", {"type": "string", "maxLength": MAX_QUERY_CHARS})]),
        "/api/suggest": _get("Completions for the word being typed", {
            "200": _json(_ref("Suggestions"), "Up to 8 completed queries."),
            "400": _CLIENT_ERROR, "503": _UNAVAILABLE,
        }, _TYPED),
        "/api/suggest/opensearch": _get("The completions as OpenSearch suggestions, for a browser's search box", {
            "200": {"description": "The query, then up to 8 completed queries (as /api/suggest).",
                    "content": {SUGGESTIONS_TYPE: {"schema": _OPENSEARCH_SUGGESTIONS}}},
            "400": _CLIENT_ERROR, "503": _UNAVAILABLE,
        }, _TYPED),
        "/livez": _get("Whether the process answers (liveness: no index needed)", {
            "200": _json(_ref("Live"), "The process answers."),
        }),
        "/readyz": _READY,
        "/healthz": _get("The same as /readyz (kept for existing checks)", _READY["get"]["responses"]),
        "/metrics": _get("Prometheus metrics, summed over all worker processes", {
            "200": {"description": "Prometheus text format.",
                    "content": {"text/plain": {"schema": {"type": "string"}}}},
        }),
        "/openapi.json": _get("This description", {
            "200": {"description": "OpenAPI 3.1.", "content": {"application/json": {}}},
        }),
    }


def spec() -> Schema:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Bahth",
            "version": "1",
            "description": "Full-text search of Arabic news. Matching ignores diacritics, "
                           "hamza forms and common affixes.",
        },
        "servers": [{"url": "/"}],
        "paths": paths(),
        "components": {"schemas": schemas()},
    }
