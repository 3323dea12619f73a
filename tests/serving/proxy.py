"""nginx from deploy/nginx in front of real Bahth servers, and clients that
come from several loopback addresses, for the tests of tests/serving.

The shipped files are installed into a folder of the test's as
docs/guide/operations.md says: copied as they are, then the two site files
(bahth/upstream.conf, bahth/site.conf) filled in with this test's servers,
address, static folder and access log. The main nginx.conf, which a site already has,
is this module's: everything nginx writes (pid, logs, temporary files) stays
in the test's folder, and its workers run as ``nobody`` when the tests run as
root.
"""
from __future__ import annotations

import grp
import http.client
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import ROOT, Reply, Server, free_port, terminate, wait_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy" / "nginx"
# The address the shipped files name for the one Bahth server and for nginx.
SHIPPED_SERVER = "127.0.0.1:8000"
SHIPPED_LISTEN = "listen 80;"

MAIN_CONF = """\
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{
    worker_connections 1024;
}}
http {{
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    access_log {prefix}/access.log;
    default_type application/octet-stream;
    include bahth.conf;
}}
"""


def need_nginx() -> None:
    if not os.access(NGINX, os.X_OK):
        pytest.skip(f"{NGINX} is absent: the front-proxy tests run Debian's nginx (apt-get install nginx)")


def _fill(text: str, pattern: str, replacement: str) -> str:
    """``text`` with the one line matching ``pattern`` replaced: the shipped
    file must still have the line the documentation tells a site to edit."""
    filled, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count == 1, f"{pattern!r} in the shipped file"
    return filled


def install(conf: Path, upstreams: Sequence[str], port: int) -> None:
    """Copy deploy/nginx into ``conf`` and fill in its two site files."""
    shutil.copy(DEPLOY / "bahth.conf", conf / "bahth.conf")
    shutil.copytree(DEPLOY / "bahth", conf / "bahth")
    upstream = conf / "bahth" / "upstream.conf"
    shipped = upstream.read_text()
    line = next(line for line in shipped.splitlines() if line.startswith(f"server {SHIPPED_SERVER} "))
    servers = "\n".join(line.replace(SHIPPED_SERVER, address) for address in upstreams)
    upstream.write_text(_fill(shipped, "^" + re.escape(line) + "$", servers))
    site = conf / "bahth" / "site.conf"
    text = _fill(site.read_text(), "^" + re.escape(SHIPPED_LISTEN) + "$", f"listen 127.0.0.1:{port};")
    text = _fill(text, r"^root .*;$", f"root {ROOT / 'web'};")
    site.write_text(_fill(text, r"^access_log \S+ bahth;$", f"access_log {conf / 'bahth.access.log'} bahth;"))


def _user() -> str:
    """nginx's ``user`` line: its workers give up root's rights, as on a site."""
    if os.geteuid() != 0:
        return ""
    nobody = pwd.getpwnam("nobody")
    return f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"


@dataclass
class Proxy:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    prefix: Path

    def log(self) -> str:
        return (self.prefix / "error.log").read_text(errors="replace")

    def access_log(self) -> str:
        return (self.prefix / "bahth.access.log").read_text(errors="replace")

    def stop(self) -> None:
        terminate(self.process)
        shutil.rmtree(self.prefix, ignore_errors=True)


def start_proxy(upstreams: Sequence[str]) -> Proxy:
    """nginx with the shipped configuration in front of ``upstreams``
    (host:port each); returns once it answers."""
    # Not under pytest's folder, which only root may enter: nginx's workers
    # must reach their temporary files.
    prefix = Path(tempfile.mkdtemp(prefix="bahth-nginx-"))
    prefix.chmod(0o755)
    (prefix / "temp").mkdir()
    port = free_port()
    install(prefix, upstreams, port)
    (prefix / "nginx.conf").write_text(MAIN_CONF.format(user=_user(), prefix=prefix))
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    proxy = Proxy(f"http://127.0.0.1:{port}", port, process, prefix)

    def answers() -> bool:
        assert process.poll() is None, f"nginx exited early:\n{proxy.log()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        return True

    try:
        wait_for(answers, "nginx to answer", timeout=30)
    except BaseException:
        proxy.stop()
        raise
    return proxy


# Starts nginx in front of the given servers (host:port each): the fixture ``front_of``.
FrontOf = Callable[[Sequence[str]], Proxy]


def serve_until_listening(argv: Sequence[str]) -> list[str]:
    """Run a `bahth serve` command line until gunicorn listens, then stop it;
    the lines it wrote to standard error until then."""
    process = subprocess.Popen(argv, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
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


def address(server: Server) -> str:
    return server.url.removeprefix("http://")


# -- clients from several loopback addresses ------------------------------------------


def get(proxy: Proxy, path: str, source: str, headers: dict[str, str] | None = None) -> Reply:
    """GET ``path`` through ``proxy`` from the loopback address ``source``."""
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def timed_get(proxy: Proxy, path: str, source: str) -> tuple[Reply, float]:
    started = time.perf_counter()
    reply = get(proxy, path, source)
    return reply, time.perf_counter() - started


def connect(proxy: Proxy, source: str) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=10, source_address=(source, 0))


def receive_all(sock: socket.socket) -> bytes:
    """What the other end sends until it closes the connection (or resets
    it, as nginx does after refusing a body it will not read)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``share`` of them do not exceed."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]
