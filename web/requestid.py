"""Every request's id: the one a front proxy sent in X-Request-Id (nginx's
$request_id), when it looks like one, or a new one. The answer carries it in
the same header, the access log writes it from there, and the application's
JSON log lines name it, so one request can be followed through proxy and server.
"""
from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-Id"
# What proxies and tracing libraries send (hex, UUIDs, base64), bounded: a
# client's header is written into the log, so nothing else is taken from it.
_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")


def current() -> str | None:
    """The id of the request being answered; None outside a request."""
    return g.get("request_id") if has_request_context() else None


def _take() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if _VALID.fullmatch(given) else uuid.uuid4().hex


def _echo(response: Response) -> Response:
    request_id = current()
    if request_id is not None:
        response.headers[HEADER] = request_id
    return response


def init_app(app: Flask) -> None:
    app.before_request(_take)
    app.after_request(_echo)
