"""Settings read from the environment, with defaults that suit one machine."""
from __future__ import annotations

import os
from pathlib import Path


def index_path(override: str | None = None) -> Path:
    """Where the index lives: ``--index``, else ``BAHTH_INDEX``, else ``./index``."""
    return Path(override or os.environ.get("BAHTH_INDEX") or "index")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {raw!r}") from None
