"""Every setting of Bahth, read from the environment in one place.

``Settings.from_env()`` reads each ``BAHTH_*`` variable once, checks it and
returns a frozen ``Settings``; the CLI and the web app call it at start-up and
pass the values down, so no other module reads the environment. A bad value
is a ``SettingsError`` naming the variable, which both turn into a message.
README.md's configuration table lists the same variables (a test checks it).
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """An environment variable holds a value Bahth cannot use."""


def _cpus() -> int:
    """The CPUs this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _setting(env: str, default: Any, meaning: str, shown: str | None = None,
             choices: tuple[str, ...] = ()) -> Any:
    """A field read from ``env``; ``shown`` is how README writes a default that is not a constant;
    ``choices``, if any, are the only values it may take (in any case)."""
    return field(default=default, metadata={"env": env, "meaning": meaning, "shown": shown, "choices": choices})


def _whole(raw: str) -> int:
    return int(raw)


def _path(raw: str) -> Path:
    return Path(raw)


def _text(raw: str) -> str:
    return raw.strip()


_ORIGIN = re.compile(r"https?://[^\s/?#,]+")


def _origins(raw: str) -> tuple[str, ...]:
    """``*``, or origins as a browser sends them: scheme and host (and port), no path."""
    origins = tuple(part.strip().rstrip("/").lower() for part in raw.split(",") if part.strip())
    if origins != ("*",) and not all(_ORIGIN.fullmatch(origin) for origin in origins):
        raise ValueError(raw)
    return origins


LOG_FORMATS = ("text", "json")
# Values of BAHTH_ACCESS_LOG that turn the access log off.
_NO_ACCESS_LOG = ("off", "none")

_CONVERT: dict[str, tuple[Callable[[str], Any], str]] = {
    "int": (_whole, "a whole number"),
    "float": (float, "a number"),
    "Path": (_path, "a path"),
    "str": (_text, "text"),
    "str | None": (_text, "text"),
    "int | None": (_whole, "a whole number"),
    "tuple[str, ...]": (_origins, "`*` or origins separated by commas, such as https://example.com"),
}


@dataclass(frozen=True)
class Settings:
    index: Path = _setting("BAHTH_INDEX", Path("index"),
                           "the index folder that `bahth index build` writes and the server reads")
    host: str = _setting("BAHTH_HOST", "127.0.0.1", "the address `bahth serve` binds to")
    port: int = _setting("BAHTH_PORT", 8000, "the port `bahth serve` binds to")
    workers: int | None = _setting("BAHTH_WORKERS", None, "gunicorn worker processes of `bahth serve`",
                                   "one per CPU")
    timeout: int = _setting("BAHTH_TIMEOUT", 30,
                            "seconds a request may take before gunicorn replaces its worker")
    log_level: str = _setting("BAHTH_LOG_LEVEL", "info", "the server's log level")
    log_format: str = _setting("BAHTH_LOG_FORMAT", "text",
                               "the server's logs, application and access: `text` lines or `json` lines",
                               choices=LOG_FORMATS)
    access_log: str = _setting("BAHTH_ACCESS_LOG", "-",
                               "the access log: `-` for standard output, a file, or `off`")
    reload_seconds: float = _setting("BAHTH_RELOAD_SECONDS", 1.0,
                                     "how often a worker looks for a rebuilt or updated index")
    query_timeout_seconds: float = _setting(
        "BAHTH_QUERY_TIMEOUT_SECONDS", 2.0,
        "how long a search may run before it is stopped with a 503 (0: no limit)")
    postings_cache_mb: int = _setting("BAHTH_POSTINGS_CACHE_MB", 0,
                                      "the postings cache of each worker (0: sized to the index)")
    build_memory_mb: int = _setting("BAHTH_BUILD_MEMORY_MB", 256, "memory of each writer process of a build")
    build_procs: int | None = _setting("BAHTH_BUILD_PROCS", None, "writer processes of a build", "one per CPU")
    copy_min_letters: int = _setting("BAHTH_COPY_MIN_LETTERS", 250,
                                     "letters a text needs to get a copy fingerprint "
                                     "(shorter texts are grouped by headline and opening only)")
    lead_words: int = _setting("BAHTH_LEAD_WORDS", 40,
                               "opening words of a body that weigh more (read when an index is built)")
    lead_boost: float = _setting("BAHTH_LEAD_BOOST", 2.0,
                                 "the weight of those opening words (read when an index is built)")
    related_terms: int = _setting("BAHTH_RELATED_TERMS", 12,
                                  'key terms of a document searched for "more like this"')
    cors_origins: tuple[str, ...] = _setting(
        "BAHTH_CORS_ORIGINS", (),
        "web pages of other sites allowed to call `/api/` from a browser: origins separated by commas, "
        "or `*` for any (none: no CORS headers)", "none")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives, the defaults for the rest."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = environ.get(spec.metadata["env"])
            if raw is None or not raw.strip():
                continue
            convert, what = _CONVERT[str(spec.type)]
            choices = spec.metadata["choices"]
            try:
                values[spec.name] = convert(raw.strip().lower() if choices else raw)
            except ValueError:
                raise SettingsError(f"{spec.metadata['env']} must be {what}, not {raw!r}") from None
            if choices and values[spec.name] not in choices:
                raise SettingsError(f"{spec.metadata['env']} must be one of {', '.join(choices)}, not {raw!r}")
        return cls(**values)

    @property
    def server_workers(self) -> int:
        return self.workers or _cpus()

    @property
    def access_log_target(self) -> str | None:
        """Where the access log goes: ``-`` (standard output) or a file; None: nowhere."""
        return None if self.access_log.lower() in _NO_ACCESS_LOG else self.access_log

    @property
    def writer_procs(self) -> int:
        return self.build_procs or _cpus()

    @property
    def query_time_limit(self) -> float | None:
        """Seconds a search may take; None: no limit."""
        return self.query_timeout_seconds if self.query_timeout_seconds > 0 else None


DEFAULTS = Settings()


def documented() -> list[tuple[str, str, str]]:
    """(variable, default as README writes it, meaning) of every setting, in order."""
    rows = []
    for spec in fields(Settings):
        shown = spec.metadata["shown"] or f"`{spec.default}`"
        rows.append((spec.metadata["env"], shown, spec.metadata["meaning"]))
    return rows
