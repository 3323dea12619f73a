"""Errors: JSON for programs, an Arabic page for people, never a traceback.

A client's mistake is a 400 with a stable code and a message in English and
in Arabic; a missing or damaged index is a 503 whose log line says how to
fix it; a search stopped at its time limit is a 503 "timeout" with
Retry-After; anything unexpected is logged in full and answered with a bare 500.
"""
from __future__ import annotations

import logging
from typing import NamedTuple

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from search.deadline import QueryTimeout
from search.query.request import RequestError
from search.store.generations import StoreError
from web.metrics import count_timeout

log = logging.getLogger(__name__)

# Paths answered in JSON even when they do not exist.
_JSON_PREFIXES = ("/api/", "/livez", "/readyz", "/healthz", "/metrics", "/openapi.json")

# Errors the HTTP layer raises: code, English, Arabic.
_HTTP_MESSAGES = {
    404: ("not_found", "there is nothing at this address", "لا يوجد شيء على هذا العنوان"),
    405: ("method_not_allowed", "this address does not accept that method", "هذا العنوان لا يقبل هذه الطريقة"),
}
_UNAVAILABLE = ("index_unavailable", "the search index is not available at the moment",
                "فهرس البحث غير متاح في الوقت الحالي")
_INTERNAL = ("internal_error", "something went wrong on our side", "حدث خطأ من جهتنا")

# Seconds a client is asked to wait before trying a stopped search again.
RETRY_AFTER_SECONDS = 1


class Message(NamedTuple):
    code: str
    english: str
    arabic: str


def timeout_message(error: QueryTimeout) -> Message:
    limit = f"{error.limit:g}"
    return Message(
        "timeout",
        f"the search took longer than {limit} s and was stopped; try again in a moment, "
        "or narrow it: fewer words, a phrase in quotes, or a filter",
        f"استغرق البحث أكثر من {limit} ثانية فأُوقف؛ أعد المحاولة بعد قليل، "
        "أو ضيّقه بكلمات أقل أو بعبارة بين علامتي تنصيص أو بتصفية النتائج",
    )


def log_timeout(error: QueryTimeout) -> None:
    """Log a search stopped at its time limit, and count it (web.metrics)."""
    count_timeout()
    query = request.args.get("q") or ""
    log.warning("search stopped at its time limit of %g s: %s %r (%d characters)",
                error.limit, request.path, query[:80], len(query))


# Messages already logged by this process: a missing index fails every
# request, and one line per worker says all there is to say.
_reported: set[str] = set()


def wants_json() -> bool:
    return request.path.startswith(_JSON_PREFIXES)


def error_response(status: int, code: str, english: str, arabic: str,
                   for_readers: str | None = None) -> tuple[Response | str, int]:
    """JSON with ``arabic``, or the error page saying ``for_readers`` (else ``arabic``)."""
    if wants_json():
        return jsonify({"error": {"code": code, "message": english, "message_ar": arabic}}), status
    return render_template("error.html", status=status, message=for_readers or arabic), status


def report_unavailable(error: StoreError) -> None:
    """Log once per process why the index cannot be served, and the fix."""
    message = str(error)
    if message not in _reported:
        _reported.add(message)
        log.error("cannot serve the index: %s", message)


def _request_error(error: RequestError) -> tuple[Response | str, int]:
    return error_response(400, error.code, error.english, error.arabic, error.for_readers)


def _store_error(error: StoreError) -> tuple[Response | str, int]:
    report_unavailable(error)
    return error_response(503, *_UNAVAILABLE)


def _timeout(error: QueryTimeout) -> Response:
    log_timeout(error)
    response = make_response(error_response(503, *timeout_message(error)))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _http_error(error: HTTPException) -> tuple[Response | str, int] | Response:
    status = error.code or 500
    if isinstance(error, MethodNotAllowed):
        # RFC 9110: a 405 says which methods the address does accept.
        response = make_response(error_response(status, *_HTTP_MESSAGES[status]))
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods or ()))
        return response
    if status in _HTTP_MESSAGES:
        return error_response(status, *_HTTP_MESSAGES[status])
    if status >= 500:
        return error_response(status, *_INTERNAL)
    # Other client errors keep Werkzeug's wording, in our format.
    return error_response(status, "bad_request", error.description or "bad request", "طلب غير صالح")


def _unexpected(error: Exception) -> tuple[Response | str, int]:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, *_INTERNAL)


def init_app(app: Flask) -> None:
    app.register_error_handler(RequestError, _request_error)
    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(QueryTimeout, _timeout)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
