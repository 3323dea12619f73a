"""Fixtures of the store tests: a small file system of its own, to run out of space on."""
from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def small_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of 3 MB, or of the size given by indirect parametrization
    (needs the right to mount tmpfs, as root in CI)."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    size = getattr(request, "param", "3m")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mountpoint)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    yield mountpoint
    subprocess.run(["umount", str(mountpoint)], check=True)
