"""A build never makes things worse: a build of no documents, or of fewer than
half of those served, is refused unless --allow-shrink; the last three
generations are kept, `bahth index rollback` serves the one before, and
`bahth index stats` lists them. An empty index is described and served."""
from __future__ import annotations

import time
import urllib.parse
from pathlib import Path
from typing import Any

from tests.support import CLI, start_server, synthetic, wait_for, write_jsonl


def build(bahth: CLI, index: Path, path: Path, *options: str) -> str:
    """Build ``path`` into ``index``; the generation it made."""
    result = bahth("index", "build", path, "--json", "--index", index, *options)
    assert result.code == 0, result.err
    return str(result.json()["generation"])


def stats(bahth: CLI, index: Path) -> Any:
    result = bahth("index", "stats", "--json", "--index", index)
    assert result.code == 0, result.err
    return result.json()


def served(bahth: CLI, index: Path) -> str:
    return str(stats(bahth, index)["generation"])


def test_a_build_of_no_documents_is_refused(bahth: CLI, tmp_path: Path) -> None:
    empty, bad = tmp_path / "empty", tmp_path / "bad"
    empty.mkdir()
    bad.mkdir()
    (bad / "broken.json").write_text("{not json", encoding="utf-8")
    index = tmp_path / "ix"
    first = bahth("index", "build", empty, "--index", index)
    assert first.code == 1
    assert "found no documents" in first.err and "the index was not changed" in first.err
    assert "--allow-shrink" in first.err
    assert not (index / "CURRENT").exists()

    live = build(bahth, index, write_jsonl(tmp_path / "gold.jsonl", synthetic(6, seed=1, prefix="gold-")))
    before = bahth("search", "نفط", "--json", "--index", index).json()["hits"]
    for folder in (empty, bad):
        refused = bahth("index", "build", folder, "--index", index)
        assert refused.code == 1
        assert (f"the build found 0 documents, fewer than half of the 6 that generation {live} holds; "
                f"the index was not changed: {live} still serves") in refused.err
        assert served(bahth, index) == live
        assert bahth("search", "نفط", "--json", "--index", index).json()["hits"] == before
    # Why the files were skipped is said with the refusal.
    assert "broken.json" in refused.err
    assert [p.name for p in (index / "generations").iterdir()] == [live]


def test_fewer_than_half_is_refused_unless_allowed(bahth: CLI, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    live = build(bahth, index, write_jsonl(tmp_path / "ten.jsonl", synthetic(10, seed=1, prefix="a")))
    four = write_jsonl(tmp_path / "four.jsonl", synthetic(4, seed=2, prefix="b"))
    refused = bahth("index", "build", four, "--index", index)
    assert refused.code == 1 and "found 4 documents, fewer than half of the 10" in refused.err
    assert served(bahth, index) == live
    half = build(bahth, index, write_jsonl(tmp_path / "five.jsonl", synthetic(5, seed=3, prefix="c")))
    assert stats(bahth, index)["documents"] == 5
    shrunk = build(bahth, index, four, "--allow-shrink")
    assert stats(bahth, index)["documents"] == 4
    assert [g["name"] for g in stats(bahth, index)["generations"]] == [live, half, shrunk]


def test_stats_and_search_on_an_empty_index(bahth: CLI, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    index = tmp_path / "ix"
    name = build(bahth, index, tmp_path / "empty", "--allow-shrink")
    described = stats(bahth, index)
    assert described["documents"] == 0 and described["generation"] == name
    assert described["by_kind"] == {} and described["date_range"] == {"from": None, "to": None}
    assert described["generations"] == [
        {"name": name, "documents": 0, "built_at": described["built_at"], "current": True}]
    human = bahth("index", "stats", "--index", index)
    assert human.code == 0 and "documents  0" in human.out and not human.err
    found = bahth("search", "نفط", "--json", "--index", index)
    assert found.code == 0 and found.json()["total"] == 0


def test_rollback_switches_back_and_the_one_left_is_kept_until_the_next_build(bahth: CLI, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    names = [build(bahth, index, write_jsonl(tmp_path / f"g{n}.jsonl", synthetic(5 + n, seed=n, prefix=f"g{n}-")))
             for n in range(4)]
    kept = stats(bahth, index)["generations"]
    assert kept == [{"name": name, "documents": 5 + n, "built_at": kept[n - 1]["built_at"],
                     "current": n == 3} for n, name in enumerate(names) if n]
    assert all(g["built_at"] for g in kept)
    listed = bahth("index", "stats", "--index", index).out
    assert f"* {names[3]}  8 documents, built " in listed and f"  {names[1]}  6 documents" in listed

    back = bahth("index", "rollback", "--index", index)
    assert back.code == 0, back.err
    assert f"rolled back to generation {names[2]} (7 documents" in back.out
    assert f"'bahth index rollback --to {names[3]}'" in back.out
    assert served(bahth, index) == names[2] and stats(bahth, index)["documents"] == 7
    assert bahth("index", "rollback", "--index", index).code == 0
    assert served(bahth, index) == names[1]
    none_older = bahth("index", "rollback", "--index", index)
    assert none_older.code == 1 and "nothing to roll back to" in none_older.err
    assert served(bahth, index) == names[1]
    unknown = bahth("index", "rollback", "--to", "../CURRENT", "--index", index)
    assert unknown.code == 1 and names[3] in unknown.err and served(bahth, index) == names[1]

    # Forward again to the newest, back one, and a build replaces the one left.
    assert bahth("index", "rollback", "--to", names[3], "--index", index).code == 0
    assert served(bahth, index) == names[3]
    assert bahth("index", "rollback", "--index", index).code == 0
    newest = build(bahth, index, write_jsonl(tmp_path / "g4.jsonl", synthetic(9, seed=4, prefix="g4-")))
    assert sorted(p.name for p in (index / "generations").iterdir()) == [names[1], names[2], newest]
    assert bahth("index", "rollback", "--index", index).code == 0
    assert served(bahth, index) == names[2]


def test_a_running_server_serves_an_empty_index_and_then_the_rolled_back_one(bahth: CLI, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    good = build(bahth, index, write_jsonl(tmp_path / "good.jsonl", synthetic(5, seed=1, prefix="good-")))
    (tmp_path / "empty").mkdir()
    empty = build(bahth, index, tmp_path / "empty", "--allow-shrink")
    search = "/api/search?" + urllib.parse.urlencode({"q": "نفط"})
    server = start_server(index, tmp_path / "server.log")
    try:
        health = server.get("/healthz")
        assert health.status == 200 and health.json()["documents"] == 0
        assert health.json()["generation"] == empty
        nothing = server.get(search)
        assert nothing.status == 200 and nothing.json()["total"] == 0
        assert server.get("/search?" + urllib.parse.urlencode({"q": "نفط"})).status == 200
        started = time.monotonic()
        assert bahth("index", "rollback", "--index", index).code == 0
        # Every worker reloads: ask until several answers in a row come from it.
        wait_for(lambda: all(server.get("/healthz").json()["generation"] == good for _ in range(6)),
                 "the rolled-back generation was never served")
        print(f"rolled back and served by both workers after {time.monotonic() - started:.2f} s "
              "(BAHTH_RELOAD_SECONDS=0.5)")
        found = server.get(search)
        assert found.status == 200 and found.json()["total"] > 0
        assert found.headers["X-Bahth-Generation"] == good
    finally:
        server.stop()
    assert "Traceback" not in (tmp_path / "server.log").read_text()
