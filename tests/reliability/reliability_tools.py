"""What the reliability tests share: the hostile queries and documents, checks
of an answer's shape, apps whose index files are closed after use, and raw
HTTP for bytes no client library sends.

(Named uniquely: a module called ``conftest`` is imported under that one name
for every folder, so helpers imported from it would clash.)
"""
from __future__ import annotations

import gc
import json
import random
import socket
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from search.engine import Engine
from search.request import MAX_QUERY_CHARS
from web import ENGINE, create_app
from web.openapi import spec


@contextmanager
def app_client(**config: Any) -> Iterator[FlaskClient]:
    """A test client of an app of its own, whose index files are closed after."""
    app = create_app({**config, "TESTING": True})
    try:
        yield app.test_client()
    finally:
        closed(app.extensions[ENGINE])


def closed(engine: Engine) -> None:
    """Close ``engine``'s searcher, and collect what Whoosh left open on
    failing to read a damaged file (closed then, with a ResourceWarning)."""
    engine.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()

# -- the answers' shape -------------------------------------------------------


def schema_validator(name: str) -> Draft202012Validator:
    """A validator for one schema of /openapi.json, its $refs resolved in the document."""
    return Draft202012Validator({**spec(), "$ref": f"#/components/schemas/{name}"})


ERROR = schema_validator("Error")
RESULTS = schema_validator("SearchResults")
SUGGESTIONS = schema_validator("Suggestions")
DOCUMENT = schema_validator("Document")


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def check_json_error(body: bytes, status: int) -> dict:
    """A 4xx/5xx answer of the JSON API: {"error": {"code", "message", "message_ar"}}."""
    data = json.loads(body)
    ERROR.validate(data)
    error = data["error"]
    assert error["code"] and error["message"] and is_arabic(error["message_ar"]), (status, data)
    assert b"Traceback" not in body
    return error


class Page(HTMLParser):
    """The elements of a page, and whether it is one complete document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


# Elements our templates write. Anything else in a page came from data.
OUR_TAGS = {"html", "head", "meta", "title", "link", "script", "body", "a", "header", "span", "main",
            "footer", "section", "h1", "h2", "p", "form", "div", "label", "input", "button", "select",
            "option", "ol", "ul", "li", "nav", "mark", "time", "bdi", "details", "summary", "fieldset",
            "legend", "article", "dl", "dt", "dd", "small", "strong", "em", "br", "svg", "path", "abbr"}


def check_page(html: str) -> Page:
    """A whole Arabic page whose only script is ours and whose markup is ours."""
    assert html.lstrip().lower().startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    page = Page(html)
    assert page.all("html") == [{"lang": "ar", "dir": "rtl"}]
    assert [s.get("src") for s in page.all("script")] == ["/static/suggest.js"]
    unexpected = {tag for tag, _ in page.tags} - OUR_TAGS
    assert not unexpected, unexpected
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert "Traceback" not in html
    return page


# -- hostile queries ------------------------------------------------------------

_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_rng = random.Random(2026)


def _junk_words(count: int, length: int) -> str:
    return " ".join("".join(_rng.choice(_ARABIC_LETTERS) for _ in range(length)) for _ in range(count))


PARAGRAPH = ("قال المتحدث باسم الوزارة إن الاجتماع ناقش سبل تعزيز التعاون الاقتصادي بين البلدين "
             "وتطوير الشراكة في مجالات الطاقة والتعليم والصحة، وأكد أهمية متابعة تنفيذ الاتفاقيات. ") * 60
assert len(PARAGRAPH) > 10_000

# (name, query, what must happen): "ok" is a 200 with results of the right
# shape; an error code is a 400 with that code.
HOSTILE_QUERIES: list[tuple[str, str, str]] = [
    ("empty", "", "missing_query"),
    ("white space", " \t\n\r  ", "missing_query"),
    ("unicode spaces", "\u00a0\u2003\u3000", "missing_query"),
    ("only NUL", "\x00\x00", "missing_query"),
    ("stop words only", "في من على إلى عن هذا التي", "ok"),
    ("punctuation only", "!!! ؟؟؟ ... ،،، «» ؛ — () [] {}", "ok"),
    ("diacritics only", "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d", "ok"),
    ("tatweel only", "ـــــــــ", "ok"),
    ("zero-width only", "\u200b\u200c\u200d\u2060\ufeff", "ok"),
    ("pasted paragraph", PARAGRAPH[:10_000], "query_too_long"),
    ("one past the cap", "ا" * (MAX_QUERY_CHARS + 1), "query_too_long"),
    ("at the cap, headline words", ("وزير الخارجية السعودي يستقبل نظيره في الرياض " * 20)[:MAX_QUERY_CHARS], "ok"),
    ("hundreds of terms", _junk_words(160, 2), "ok"),
    ("a hundred rare words", _junk_words(100, 4), "ok"),
    ("one 500-letter word", "ب" * MAX_QUERY_CHARS, "ok"),
    ("one 500-letter Latin word", "q" * MAX_QUERY_CHARS, "ok"),
    ("a letter under 499 diacritics", "ا" + "\u0651" * (MAX_QUERY_CHARS - 1), "ok"),
    ("deeply nested parentheses", "(" * 240 + "ولي العهد" + ")" * 240, "ok"),
    ("only opening parentheses", "(" * MAX_QUERY_CHARS, "ok"),
    ("only closing parentheses", ")" * MAX_QUERY_CHARS, "ok"),
    ("unbalanced quote", '"ولي العهد', "ok"),
    ("quotes only", '"' * 99, "ok"),
    ("nested quoted groups", '("ولي" ' * 60, "ok"),
    ("lone AND", "AND", "ok"),
    ("lone OR", "OR", "ok"),
    ("lone NOT", "NOT", "ok"),
    ("NOT NOT", "NOT NOT ولي", "ok"),
    ("NOT AND", "NOT AND ولي", "ok"),
    ("operators only", "AND OR NOT ANDNOT ANDMAYBE " * 10, "ok"),
    ("operator soup", "> ANDNOT ANDNOT ~ '", "ok"),
    ("dangling operator", "ولي AND", "ok"),
    ("ANDNOT chain", " ANDNOT ".join(["ولي"] * 60)[:MAX_QUERY_CHARS], "ok"),  # exponential in Whoosh's parser
    ("ANDMAYBE chain", " ANDMAYBE ".join(["ولي"] * 40)[:MAX_QUERY_CHARS], "ok"),
    ("mixed binary operators", ("(ولي ANDNOT العهد) ANDMAYBE " * 20)[:MAX_QUERY_CHARS], "ok"),
    ("unknown field", "nosuchfield:ولي", "ok"),
    ("known field", "title:ولي body:العهد id:x kind:article", "ok"),
    ("empty field", ":", "ok"),
    ("star", "*", "ok"),
    ("star star", "*:*", "ok"),
    ("alef wildcard", "ا*", "ok"),
    ("suffix wildcard", "*ية", "ok"),
    ("question wildcard", "?????", "ok"),
    ("prefix wildcard", "ال*", "ok"),
    ("fuzzy", "ولي~ العهد~2 السعودية~100", "ok"),
    ("proximity", '"ولي العهد"~5', "ok"),
    ("range", "[ا TO ي]", "ok"),
    ("open range", "{a TO}", "ok"),
    ("date range", "date:[2015 TO 2016]", "ok"),
    ("boost", "ولي^100 العهد^1e308", "ok"),
    ("NUL inside", "ولي\x00العهد", "ok"),
    ("control characters", "\x01\x02\x1b[31mولي\x7f\x08\x0b\x0c", "ok"),
    ("escape sequences", "\x1b]0;title\x07ولي", "ok"),
    ("right-to-left override", "\u202eولي العهد", "ok"),
    ("left-to-right override", "\u202dabc\u202c ولي", "ok"),
    ("isolates", "\u2066ولي\u2069 \u2067العهد\u2069", "ok"),
    ("zero-width inside words", "ول\u200cي ال\u200dعهد", "ok"),
    ("byte order mark", "\ufeffولي", "ok"),
    ("mixed scripts and digits", "ولي العهد 2015 Saudi ١٤٣٦ iPhone6 ۱۲۳", "ok"),
    ("emoji and astral letters", "😀 ولي 𝐀𝐁𝐂 🇸🇦", "ok"),
    ("replacement character", "\ufffd\ufffd ولي", "ok"),
    ("non-characters", "\uffff\ufffe ولي", "ok"),
    ("script tag", "<script>alert(1)</script>", "ok"),
    ("attribute breakout", '"><img src=x onerror=alert(1)>', "ok"),
    ("javascript URL", "javascript:alert(document.cookie)", "ok"),
    ("HTML entities", "&lt;script&gt; &#60;b&#62; &amp;", "ok"),
    ("template syntax", "{{7*7}} {% raw %} ${7*7} #{7*7}", "ok"),
    ("SQL", "'; DROP TABLE documents; --", "ok"),
    ("shell", "$(reboot) `id` | cat /etc/passwd", "ok"),
    ("format string", "%s%s%s%n %x", "ok"),
    ("path", "../../../../etc/passwd", "ok"),
    ("log injection", "ولي\r\nERROR fake log line", "ok"),
]


# Documents that carry markup, entities and dangerous addresses; all hold
# the word اختبار, so one query finds them all.
HOSTILE_DOCS: list[dict[str, str]] = [
    {"id": "xss-entities", "title": "&lt;script&gt;alert(1)&lt;/script&gt; اختبار الكيانات",
     "body": "نص اختبار فيه &amp; و &#60;b&#62; و &quot; و </p><p onclick=alert(1)>",
     "source": "<b>مصدر</b>", "author": "<img src=x onerror=alert(1)>",
     "url": 'https://example.com/"><script>alert(1)</script>', "date": "2015-07-26"},
    {"id": "xss-data-url", "title": "اختبار رابط بيانات", "body": "اختبار", "url": "data:text/html,<script>alert(1)</script>"},
    {"id": "xss-tab-url", "title": "اختبار رابط بمسافة", "body": "اختبار", "url": "java\tscript:alert(1)"},
    {"id": "xss-case-url", "title": "اختبار رابط بحروف كبيرة", "body": "اختبار", "url": "  JaVaScRiPt:alert(1)"},
    {"id": "xss-vbscript-url", "title": "اختبار رابط في بي", "body": "اختبار", "url": "vbscript:msgbox(1)"},
    {"id": "xss-relative-url", "title": "اختبار رابط نسبي", "body": "اختبار", "url": "//evil.example.com/x"},
    {"id": "<script>alert('id')</script>", "title": "اختبار معرف خبيث", "body": "اختبار"},
    {"id": "../../etc/passwd", "title": "اختبار معرف مسار", "body": "اختبار لا يقرأ ملفا"},
    {"id": "/2015/07/relative-story", "title": "اختبار معرف يبدأ بشرطة", "body": "اختبار", "url": "/2015/07/relative-story"},
    {"id": "svg-body", "title": "اختبار صورة", "body": '<svg onload=alert(1)><a xlink:href="javascript:alert(1)">اختبار</a></svg>'},
]
SAFE_URL = 'https://example.com/"><script>alert(1)</script>'


# -- raw HTTP ---------------------------------------------------------------------


@dataclass
class RawReply:
    status: int
    headers: dict[str, str]
    body: bytes


def raw_get(url: str, target: bytes, timeout: float = 10.0) -> RawReply:
    """Send ``GET target`` byte for byte (no client library re-encodes it)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = _unchunk(body)
    return RawReply(status, headers, body)


def _unchunk(body: bytes) -> bytes:
    out, rest = [], body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


def timed(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = call(*args, **kwargs)
    return result, time.perf_counter() - started
