"""The server's logs, as gunicorn writes them (web/gunicorn_conf.py names these classes).

The application's messages (Python ``logging``, any logger) go through
gunicorn's error log handler, so they are timestamped and levelled like
gunicorn's own, on standard error. The access log has each request's
duration and id (web.requestid). With BAHTH_LOG_FORMAT=json both logs are
JSON lines, one object per line, for a log collector to read.
"""
from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

from web import requestid

# gunicorn's atoms: the address, the time, the request line, the status, the
# bytes sent, the duration in seconds, the request id the answer carries,
# the referrer and the user agent.
ACCESS_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss id=%({x-request-id}o)s "%(f)s" "%(a)s"'


def _time(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


class JsonLines(logging.Formatter):
    """A record as one JSON object: time, level, logger, process, message, and
    the request id and traceback when there are any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {"time": _time(record.created), "level": record.levelname, "logger": record.name,
                                 "pid": record.process, "message": record.getMessage()}
        request_id = requestid.current()
        if request_id is not None:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextLog(Logger):
    """gunicorn's logger, whose error log also carries the application's messages."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        handler = self._get_gunicorn_handler(self.error_log)
        root = logging.getLogger()
        # A reload (HUP) sets up again: the handler of the previous setup goes.
        root.handlers = [h for h in root.handlers if not getattr(h, "_gunicorn", False)]
        if handler is not None:
            root.addHandler(handler)
        root.setLevel(self.loglevel)


class JsonLog(TextLog):
    """The same, every line of both logs a JSON object."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        error_handler = self._get_gunicorn_handler(self.error_log)
        if error_handler is not None:
            error_handler.setFormatter(JsonLines())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "remote": atoms["h"], "method": atoms["m"], "path": atoms["U"], "query": atoms["q"],
            "status": int(atoms["s"]), "bytes": atoms["B"],
            "duration_s": round(request_time.total_seconds(), 6),
            "request_id": atoms.get("{x-request-id}o"),
            "referer": atoms["f"], "user_agent": atoms["a"],
        }
        # The line as it is: a format string would read a % in a path as a placeholder.
        self.access_log.info("%s", json.dumps(entry, ensure_ascii=False))
