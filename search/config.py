"""Settings read from the environment, with defaults that suit one machine."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def index_path(override: str | None = None) -> Path:
    """Where the index lives: ``--index``, else ``BAHTH_INDEX``, else ``./index``."""
    return Path(override or os.environ.get("BAHTH_INDEX") or "index")


def _env(name: str, default: T, convert: Callable[[str], T], what: str) -> T:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return convert(raw)
    except ValueError:
        raise SystemExit(f"{name} must be {what}, not {raw!r}") from None


def env_int(name: str, default: int) -> int:
    return _env(name, default, int, "a whole number")


def env_float(name: str, default: float) -> float:
    return _env(name, default, float, "a number")
