"""`bahth serve` warns when it binds to an address other than loopback
without --behind-proxy, and says in --help what the flag means."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import BAHTH, CLI, ROOT, free_port, terminate

WARNING = "an address other than loopback, with no front proxy"


def first_lines(tmp_path: Path, *args: str) -> list[str]:
    """What `bahth serve ARGS` writes to standard error until gunicorn listens."""
    process = subprocess.Popen(
        [*BAHTH, "serve", "--index", str(tmp_path / "no-index"), "--workers", "1", *args],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    assert process.stderr
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if "Listening at" in line:
                break
    finally:
        terminate(process)
        process.stderr.close()
    assert "Listening at" in lines[-1], lines
    return lines


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_an_exposed_address_without_a_proxy_is_warned_about(tmp_path: Path, host: str) -> None:
    lines = first_lines(tmp_path, "--host", host, "--port", str(free_port()))
    warning = next(line for line in lines if WARNING in line)
    assert "deploy/nginx" in warning and "--behind-proxy" in warning


@pytest.mark.parametrize("args", [("--host", "0.0.0.0", "--behind-proxy"), ("--host", "127.0.0.1")])
def test_loopback_or_behind_a_proxy_is_not(tmp_path: Path, args: tuple[str, ...]) -> None:
    lines = first_lines(tmp_path, *args, "--port", str(free_port()))
    assert not any(WARNING in line for line in lines)


def test_help_says_what_the_flag_means(bahth: CLI) -> None:
    run = bahth("serve", "--help")
    assert run.code == 0
    assert "--behind-proxy" in run.out and "nginx" in run.out
