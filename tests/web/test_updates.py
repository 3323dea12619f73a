"""`bahth index update` under a real gunicorn with two workers: the update
gets a version of its own, and every worker serves it."""
from __future__ import annotations

import re
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.support import BAHTH, ROOT, build_index, fetch, records, start_server, write_jsonl

pytestmark = pytest.mark.slow

NEW = {"id": "update-1", "title": "افتتاح جسر زجاجي فوق الوادي", "body": "افتتح جسر زجاجي فوق الوادي اليوم.",
       "source": "alwasat", "date": "2026-11-29"}


def serving(metrics: str) -> dict[str, str]:
    """Each worker's pid and the version it serves, from /metrics."""
    found = {}
    for line in metrics.splitlines():
        match = re.fullmatch(r"bahth_index_generation\{(.*)\} 1\.0", line)
        if match:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            found[labels["pid"]] = labels["generation"]
    return found


def test_an_update_is_a_new_version_that_every_worker_serves(tmp_path: Path) -> None:
    index = build_index(tmp_path / "index", records())
    name = (index / "CURRENT").read_text().strip()
    server = start_server(index, tmp_path / "server.log", workers=2)
    try:
        query = server.url + "/api/search?" + urllib.parse.urlencode({"q": "جسر زجاجي"})
        while len(serving(server.get("/metrics").text)) < 2:  # both workers have answered
            fetch(query)
        assert set(serving(server.get("/metrics").text).values()) == {name}
        assert server.get("/healthz").json()["version"] == name  # type: ignore[index]

        subprocess.run([*BAHTH, "index", "update", str(write_jsonl(tmp_path / "new.jsonl", [NEW])),
                        "--index", str(index)], cwd=ROOT, check=True, capture_output=True)
        updated = f"{name}+1"
        deadline = time.monotonic() + 120  # a guard against a hang, not a measure
        while set(serving(server.get("/metrics").text).values()) != {updated}:
            assert time.monotonic() < deadline, serving(server.get("/metrics").text)
            fetch(query)
        for _ in range(10):  # whichever worker answers: the new version, with the new document
            reply = fetch(query)
            assert reply.headers["X-Bahth-Generation"] == updated
            assert reply.json()["hits"][0]["id"] == "update-1"  # type: ignore[index]
        health = server.get("/healthz").json()
        assert health["version"] == updated and health["generation"] == name  # type: ignore[index]
    finally:
        server.stop()

    stats = subprocess.run([*BAHTH, "index", "stats", "--index", str(index), "--json"],
                           cwd=ROOT, check=True, capture_output=True, text=True).stdout
    assert f'"version": "{updated}"' in stats
