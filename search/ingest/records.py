"""JSON records (JSON Lines or arrays) to documents.

Fields: id, url, title, body (alias content), teaser, date (alias
date_extracted), source, author, section. Unknown fields are ignored; the
title, body and teaser are cleaned (``documents.clean``) and cut to the
document size limit.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from search.ingest.documents import ARTICLE, Batch, Document, Teaser, clean, cut, text_id, utf8_size

_TEXT_FIELDS = ("url", "title", "body", "teaser", "source", "author", "section")
# What people read, cleaned by documents.clean; the rest are names and addresses.
_READ_FIELDS = ("title", "body", "teaser")
_ALIASES = {"content": "body", "date_extracted": "date"}
# The order in which a document's text gets its share of the size limit.
_BY_SHARE = ("title", "teaser", "body")


class RecordError(ValueError):
    pass


def parse_date(value: str) -> datetime:
    """An ISO 8601 date or date-time, as naive UTC (the index stores no zone)."""
    shown = value if len(value) <= 60 else value[:60] + "…"
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"invalid date {shown!r}: expected ISO 8601 such as 2026-11-24") from None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # 9999-12-31T23:59:59-14:00 is past the last year in UTC
            raise RecordError(f"date {shown!r} is out of range in UTC") from None
    return parsed


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in record.items():
        key = _ALIASES.get(key, key)
        if value is None or (key in fields and fields[key]):
            continue
        fields[key] = value
    return fields


def _text(fields: dict[str, Any], key: str) -> str:
    value = fields.get(key, "")
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} must be a string, not {type(value).__name__}")
    try:
        utf8_size(value)
    except UnicodeEncodeError as error:  # JSON may escape half of a surrogate pair
        raise RecordError(f"field {key!r} is not text: {error.reason} at character {error.start}") from None
    return value


def _within(text: dict[str, str], limit: int) -> bool:
    """Cut the title, then the teaser, then the body to what is left of ``limit``
    bytes; whether all of it was within."""
    left = limit
    whole = True
    for key in _BY_SHARE:
        kept = cut(text[key], max(left, 0))
        whole &= kept == text[key]
        text[key] = kept
        left -= utf8_size(kept)
    return whole


def add_record(record: Any, origin: str, batch: Batch, limit: int) -> None:
    """Append the document or teaser ``record`` holds to ``batch``, or a
    problem; its text is cut to ``limit`` bytes."""
    try:
        if not isinstance(record, dict):
            raise RecordError(f"a record must be a JSON object, not {type(record).__name__}")
        fields = _fields(record)
        raw = {key: _text(fields, key) for key in _TEXT_FIELDS}
        date_text = _text(fields, "date")
        date = parse_date(date_text) if date_text.strip() else None
        raw_id = fields.get("id")
        if raw_id is not None and not isinstance(raw_id, (str, int)):
            raise RecordError("field 'id' must be a string or a number")
        if isinstance(raw_id, str):
            _text(fields, "id")  # a string id must be text
    except RecordError as error:
        batch.skip(origin, str(error))
        return
    cleaned = {key: clean(value) if key in _READ_FIELDS else (value.strip(), False) for key, value in raw.items()}
    text = {key: value for key, (value, _) in cleaned.items()}
    had_entities = any(had for _, had in cleaned.values())
    if not (text["body"] or text["title"] or text["teaser"]):
        batch.skip(origin, "record has no body, teaser or title")
        return
    size = sum(utf8_size(text[key]) for key in _BY_SHARE)
    if not _within(text, limit):
        batch.report_cut(origin, size, limit)
    if not (text["body"] or text["title"]):
        batch.teasers.append(Teaser(text["teaser"], origin, text["source"], date, had_entities))
        return
    doc_id = str(raw_id).strip() if raw_id is not None and str(raw_id).strip() else ""
    doc_id = doc_id or text["url"] or text_id(text["title"] + "\n" + text["body"])
    batch.articles.append(Document(
        id=doc_id, kind=ARTICLE, title=text["title"], body=text["body"], teaser=text["teaser"], url=text["url"],
        source=text["source"], author=text["author"], section=text["section"], date=date, origin=origin,
        had_entities=had_entities))
