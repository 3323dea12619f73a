"""Probes for an orchestrator or a proxy: /livez, /readyz and /healthz (the same as /readyz).

/livez says only that the process answers, index or not: a liveness probe
that restarted a server for want of an index would restart it forever.
/readyz says whether this worker can serve searches: an index is open and a
real lookup over it answers. A 503 names the reason with a code, in the
API's error shape, and never a path or an exception's text: those go to the
log, which the operator reads, not to whoever can reach the port.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify

from search.results import to_json
from search.store.generations import DamagedIndex, NoIndex, StoreError
from web import engine
from web.errors import Message, report_unavailable

log = logging.getLogger(__name__)

bp = Blueprint("probes", __name__)

_BUILD = "'bahth index build PATH...'"
NO_INDEX = Message("no_index", f"there is no index to serve yet; build one with {_BUILD}",
                   f"لا يوجد فهرس للبحث بعد؛ أنشئه بالأمر {_BUILD}")
DAMAGED = Message("index_damaged", f"the index is damaged; rebuild it with {_BUILD}",
                  f"فهرس البحث تالف؛ أعد بناءه بالأمر {_BUILD}")
UNAVAILABLE = Message("index_unavailable", "the index does not answer; the server's log says why",
                      "فهرس البحث لا يستجيب؛ سجل الخادم يذكر السبب")


@bp.get("/livez")
def livez() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
@bp.get("/healthz")
def readyz() -> tuple[Response, int]:
    try:
        info = engine().check()
    except StoreError as error:
        report_unavailable(error)
        reason = NO_INDEX if isinstance(error, NoIndex) else DAMAGED if isinstance(error, DamagedIndex) else UNAVAILABLE
    except Exception:  # whatever Whoosh raises on a file it cannot read: not ready, never a 500
        log.exception("the readiness check's lookup failed")
        reason = UNAVAILABLE
    else:
        return jsonify({"status": "ok", **to_json(info)}), 200
    why = {"code": reason.code, "message": reason.english, "message_ar": reason.arabic}
    return jsonify({"status": "unavailable", "error": why}), 503
