"""`bahth serve` warns when it binds to an address other than loopback
without --behind-proxy, and says in --help what the flag means."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.serving.proxy import serve_until_listening
from tests.support import BAHTH, CLI

WARNING = "an address other than loopback, with no front proxy"


def first_lines(tmp_path: Path, host: str, *args: str) -> list[str]:
    """What `bahth serve --host HOST ARGS` writes to standard error until gunicorn listens."""
    return serve_until_listening([*BAHTH, "serve", "--index", str(tmp_path / "no-index"), "--workers", "1",
                                  "--host", host, "--port", str(free_port_on(host)), *args])


def free_port_on(host: str) -> int:
    """A port free on ``host`` (on every address, for 0.0.0.0 and ::)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_an_exposed_address_without_a_proxy_is_warned_about(tmp_path: Path, host: str) -> None:
    lines = first_lines(tmp_path, host)
    warning = next(line for line in lines if WARNING in line)
    assert "deploy/nginx" in warning and "--behind-proxy" in warning


@pytest.mark.parametrize("host, args", [("0.0.0.0", ("--behind-proxy",)), ("127.0.0.1", ())])
def test_loopback_or_behind_a_proxy_is_not(tmp_path: Path, host: str, args: tuple[str, ...]) -> None:
    lines = first_lines(tmp_path, host, *args)
    assert not any(WARNING in line for line in lines)


def test_help_says_what_the_flag_means(bahth: CLI) -> None:
    run = bahth("serve", "--help")
    assert run.code == 0
    assert "--behind-proxy" in run.out and "nginx" in run.out
