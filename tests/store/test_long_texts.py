"""A text too long to keep whole in its stored record: every word of it is
indexed, a hit reads its first part only, and the document itself (its page,
/api/documents) is shown whole, as published, after a build and an update."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from search.snippets import SCAN_CHARS
from tests.support import WORDS, app_client, bahth_run, check_json_error, get_page, synthetic, write_jsonl

LAST_WORD = "خاتمةالنصالطويل"


def long_text(chars: int, seed: int, last: str = LAST_WORD) -> str:
    """About ``chars`` characters of words on several lines, ``last`` the last word."""
    rng = random.Random(seed)
    lines = [" ".join(rng.choices(WORDS, k=12)) for _ in range(chars // 80)]
    return "\n".join(lines) + " " + last


def long_record(seed: int, last: str = LAST_WORD) -> dict[str, Any]:
    return {"id": "long", "source": "long", "title": long_text(SCAN_CHARS * 3 // 2, seed, "عنوانطويل"),
            "teaser": long_text(SCAN_CHARS * 2, seed + 1, "مقدمةطويلة"),
            "body": long_text(SCAN_CHARS * 6, seed + 2, last)}


def build(folder: Path, records: list[dict[str, Any]]) -> Path:
    index = folder / "index"
    built = bahth_run("index", "build", write_jsonl(folder / "news.jsonl", records), "--index", index)
    assert built.code == 0, built.err
    return index


def generation(index: Path) -> Path:
    return index / "generations" / (index / "CURRENT").read_text().strip()


def test_long_texts_are_indexed_whole_found_bounded_and_shown_whole(tmp_path: Path) -> None:
    record = long_record(seed=1)
    index = build(tmp_path, [*synthetic(10, seed=2, prefix="doc-"), record])
    with app_client(INDEX=str(index)) as client:
        # Words past the part a hit reads, in each field, are found.
        for word in (LAST_WORD, "عنوانطويل", "مقدمةطويلة"):
            found = client.get("/api/search", query_string={"q": word}).get_json()
            assert [hit["id"] for hit in found["hits"]] == ["long"], word
        hit = found["hits"][0]
        assert len(hit["title"]) <= 1_002 and len(hit["snippet"]) < 1_000
        shown = client.get("/api/documents/long").get_json()
        assert {name: shown[name] for name in ("title", "teaser", "body")} == {
            name: record[name] for name in ("title", "teaser", "body")}
        assert "tails" not in shown
        html, _ = get_page(client, "/documents/long")
        assert LAST_WORD in html
        related = client.get("/api/related", query_string={"id": "long"}).get_json()
        assert related["terms"]
    assert len(list(generation(index).glob("tail-*.z"))) == 3


def test_an_update_shows_the_new_text_whole(tmp_path: Path) -> None:
    index = build(tmp_path, [*synthetic(10, seed=2, prefix="doc-"), long_record(seed=1)])
    changed = long_record(seed=7, last="خاتمةجديدة")
    updated = bahth_run("index", "update", write_jsonl(tmp_path / "change.jsonl", [changed]), "--index", index)
    assert updated.code == 0, updated.err
    with app_client(INDEX=str(index)) as client:
        assert client.get("/api/documents/long").get_json()["body"] == changed["body"]
        assert client.get("/api/search", query_string={"q": LAST_WORD}).get_json()["total"] == 0
        assert client.get("/api/search", query_string={"q": "خاتمةجديدة"}).get_json()["total"] == 1


def test_a_lost_text_file_is_a_503_not_a_500(tmp_path: Path) -> None:
    index = build(tmp_path, [*synthetic(10, seed=2, prefix="doc-"), long_record(seed=1)])
    for file in generation(index).glob("tail-*.z"):
        file.unlink()
    with app_client(INDEX=str(index)) as client:
        reply = client.get("/api/documents/long")
        assert check_json_error(reply.get_data(), 503)["code"] == "index_unavailable"  # and the log says why
        assert client.get("/documents/long").status_code == 503
        # Searches read only the stored records, and still answer.
        assert client.get("/api/search", query_string={"q": LAST_WORD}).get_json()["total"] == 1
        assert client.get("/api/documents/doc-1").status_code == 200


def test_a_replica_shows_long_texts_whole(tmp_path: Path) -> None:
    record = long_record(seed=1)
    index = build(tmp_path, [*synthetic(10, seed=2, prefix="doc-"), record])
    for via in ("copy", "rsync"):
        replica = tmp_path / f"replica-{via}"
        published = bahth_run("index", "publish", replica, "--index", index, "--via", via)
        assert published.code == 0, published.err
        with app_client(INDEX=str(replica)) as client:
            assert client.get("/api/documents/long").get_json()["body"] == record["body"], via
