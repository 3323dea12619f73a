"""CORS for /api/, opt-in: web pages of the sites BAHTH_CORS_ORIGINS names may
call the JSON API from a browser. The pages never carry CORS headers.

The API is read-only and uses no cookies: GET (and HEAD) is all a page may
ask for, never with credentials. A preflight (OPTIONS with
Access-Control-Request-Method) is answered by Flask's automatic OPTIONS,
to which the headers below are added. An origin not allowed gets no CORS
headers at all, and its browser keeps the answer from the page.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, request

from web.requestid import HEADER as REQUEST_ID

API_PREFIX = "/api/"
METHODS = "GET, HEAD"
# Beyond the headers every browser may send: the request id a client may pass on.
REQUEST_HEADERS = REQUEST_ID
# Beyond Content-Type and the like, which a page may always read: the wait
# asked of a client after a stopped search, and the request id.
EXPOSED_HEADERS = f"Retry-After, {REQUEST_ID}, X-Bahth-Generation"
# How long a browser may keep a preflight's answer (seconds).
MAX_AGE = 600


def _allowed(origin: str, allowed: frozenset[str]) -> str | None:
    """The Access-Control-Allow-Origin for ``origin``, or None for none."""
    if "*" in allowed:
        return "*"
    return origin if origin.lower() in allowed else None


def init_app(app: Flask, origins: Iterable[str]) -> None:
    allowed = frozenset(origins)
    if not allowed:
        return

    @app.after_request
    def _add_cors(response: Response) -> Response:
        if not request.path.startswith(API_PREFIX):
            return response
        # Whether the headers are given depends on Origin: caches must keep one answer per origin.
        response.vary.add("Origin")
        origin = request.headers.get("Origin")
        allow = _allowed(origin, allowed) if origin else None
        if allow is None:
            return response
        response.headers["Access-Control-Allow-Origin"] = allow
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = METHODS
            response.headers["Access-Control-Allow-Headers"] = REQUEST_HEADERS
            response.headers["Access-Control-Max-Age"] = str(MAX_AGE)
        else:
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response
