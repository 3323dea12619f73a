"""What the tests share, in one place: running ``bahth``, shared material,
invented collections and the indexes built from them, a real gunicorn on
loopback, checks of an answer's shape, and the hostile queries and documents.

Fixtures live in the conftest.py files; everything they and the tests
import lives here (no test module imports another).
"""
from __future__ import annotations

import gc
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from prometheus_client.parser import text_string_to_metric_families

from search.engine import Engine
from search.query.request import MAX_QUERY_CHARS
from search.store.build import build
from web import ENGINE, create_app
from web.openapi import spec

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed"
SAUDINEWSNET = SHARED / "corpora" / "saudinewsnet"
SAMPLE = ROOT / "sample"

# The command as a separate process: the module the `bahth` script runs.
BAHTH = [sys.executable, "-m", "search.cli.main"]


# -- the command ----------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


CLI = Callable[..., Run]


def bahth_process(*args: str | os.PathLike[str]) -> subprocess.Popen[bytes]:
    """Start ``bahth ARGS`` as a separate process (for tests that kill it)."""
    return subprocess.Popen(
        [*BAHTH, *map(str, args)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def bahth_run(*args: str | os.PathLike[str], timeout: float = 600, env: dict[str, str] | None = None) -> Run:
    """Run ``bahth ARGS`` as a separate process and wait for it."""
    done = subprocess.run(
        [*BAHTH, *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the shared corpus in place")
    return path


def wait_for(done: Callable[[], object], what: str, timeout: float = 120) -> None:
    """Return once ``done()`` is true. A test waits for its event, however slow
    the machine; ``timeout`` only stops one that would never come."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"{what} within {timeout:.0f} s"
        time.sleep(0.05)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# -- invented collections ----------------------------------------------------------

WORDS = [
    "اقتصاد", "نفط", "ذهب", "مدينة", "وزارة", "مدرسة", "شركة", "سوق", "رياضة", "ملعب", "فريق", "بطولة", "حكومة",
    "برلمان", "انتخابات", "طقس", "أمطار", "صحة", "مستشفى", "تقنية", "هاتف", "برنامج", "ثقافة", "معرض", "كتاب",
    "مهرجان", "فيلم", "زراعة", "مياه", "طاقة",
]


def synthetic(count: int, seed: int, prefix: str) -> list[dict[str, Any]]:
    """``count`` articles of 300 words drawn from WORDS."""
    rng = random.Random(seed)
    return [
        {"id": f"{prefix}{n}", "title": " ".join(rng.choices(WORDS, k=5)),
         "body": " ".join(rng.choices(WORDS, k=300)), "source": prefix}
        for n in range(count)
    ]


# Text that would run or break out of an attribute if it were not escaped.
HOSTILE_TITLE = '<script>alert("title")</script> عنوان "مقتبس" \' onmouseover=\'alert(1)'
HOSTILE_BODY = 'نص خبيث "><img src=x onerror=alert(1)> و <b>غامق</b> عن السياسة الخارجية'

SOURCES = ("alriyadh", "okaz", "sabq")


def records() -> list[dict[str, str]]:
    """A small invented news collection: articles, teasers, dates, sources."""
    docs: list[dict[str, str]] = [
        {"id": "russia-1", "title": "رُوسِيَا وأوكرانيا تتفقان على ممرات إنسانية",
         "body": "قالت رُوسِيَا إن المحادثات مع أوكرانيا في بيلاروسيا أسفرت عن اتفاق على ممرات إنسانية لإجلاء المدنيين. "
                 "وأضاف المفاوضون أن جولة ثالثة ستعقد قريبا.",
         "source": "alriyadh", "date": "2015-07-21", "url": "https://example.com/news/russia-1"},
        {"id": "economy-1", "title": "نمو الصادرات غير النفطية في الأشهر الأولى",
         "body": "أعلنت الهيئة العامة للإحصاء نموا في المؤشرات اقتصادية للربع الثاني، "
                 "وقال محللون إن السياسات اقتصادية الجديدة دعمت القطاع الخاص.",
         "source": "okaz", "date": "2015-07-22", "url": "https://example.com/news/economy-1"},
        {"id": "hostile", "title": HOSTILE_TITLE, "body": HOSTILE_BODY,
         "source": "sabq", "date": "2015-07-23", "url": "javascript:alert(1)"},
        {"id": "https://example.com/path/with/slashes", "title": "خبر معرّفه رابط",
         "body": "هذا خبر عن السياسة الخارجية معرّفه رابط فيه شرطات مائلة.",
         "source": "okaz", "date": "2015-07-24"},
        {"id": "visit", "title": "زيارة تاريخية للمتحف", "teaser": "الأمير يزور المتحف الوطني في جولة قصيرة",
         "body": "جال الزوار في القاعات وشاهدوا المعروضات القديمة.", "source": "alriyadh", "date": "2015-07-25"},
    ]
    # Many short articles about the crown prince, for pagination and spelling.
    for n in range(1, 13):
        docs.append({
            "id": f"crown-{n}",
            "title": f"ولي العهد يستقبل وفدا رسميا رقم {n}",
            "body": f"استقبل ولي العهد في الرياض وفدا رسميا وبحث معه التعاون الاقتصادي. خبر رقم {n}.",
            "source": SOURCES[n % 3], "date": f"2015-07-{n + 10:02d}",
            "url": f"https://example.com/crown/{n}",
        })
    # Teasers: records with nothing but a teaser.
    for n, text in enumerate(("ولي العهد يفتتح مشروعا للطاقة الشمسية في المنطقة الشرقية",
                              "أسعار النفط ترتفع بعد قرار خفض الإنتاج"), start=1):
        docs.append({"teaser": text, "source": "sabq", "date": f"2015-08-0{n}"})
    return docs


# One invented wire story, as three papers carried it: each with its own
# headline, dateline and sign-off, one with its punctuation changed.
PALM_STORY = (
    "أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم مزارعي النخيل في المناطق الشمالية تشمل توزيع مئة ألف فسيلة "
    "وتقديم قروض ميسرة للمزارعين الشباب. وقال المتحدث باسم الوزارة إن الخطة تستمر ثلاث سنوات وتهدف إلى رفع "
    "الإنتاج وتحسين جودة التمور المصدرة إلى الأسواق الخارجية، مضيفاً أن الوزارة ستفتح باب التسجيل الشهر المقبل "
    "عبر موقعها. وأشار إلى أن المرحلة الأولى تشمل ثلاث محافظات يكثر فيها النخيل وتعاني من شح المياه الجوفية."
)
COPY_SOURCE = '<b onmouseover="alert(1)">wire</b>'  # a source name that must be escaped


def syndicated_records() -> list[dict[str, str]]:
    """A story carried by three sources, a related story, an unrelated one, and
    two short items with the same words (too short to be called copies)."""
    return [
        {"id": "palm-was", "title": "الزراعة تطلق خطة لدعم مزارعي النخيل", "body": "الرياض - واس\n" + PALM_STORY,
         "source": "was", "date": "2015-07-20", "url": "https://example.com/was/palm"},
        {"id": "palm-okaz", "title": "خطة لدعم النخيل في الشمال",
         "body": "عكاظ (الرياض)\n" + PALM_STORY.replace("،", ".") + "\nوالله الموفق",
         "source": "okaz", "date": "2015-07-20"},
        {"id": "palm-wire", "title": "دعم مزارعي النخيل", "body": "الرياض: " + PALM_STORY,
         "source": COPY_SOURCE, "date": "2015-07-21"},
        {"id": "dates-festival", "title": "مهرجان التمور في بريدة يستقبل المزارعين",
         "body": "افتتح أمير المنطقة مهرجان التمور السنوي في بريدة بمشاركة مئات من مزارعي النخيل الذين عرضوا "
                 "أجود أنواع التمور. وقال المنظمون إن المهرجان يدعم المزارعين الشباب ويفتح لهم الأسواق الخارجية، "
                 "وإن وزارة الزراعة تشارك بجناح يعرض خطتها لتوزيع الفسائل ورفع جودة الإنتاج.",
         "source": "alriyadh", "date": "2015-07-22"},
        {"id": "football", "title": "الهلال يفوز على النصر",
         "body": "فاز فريق الهلال على النصر بهدفين في مباراة مثيرة على ملعب الجوهرة في جدة.",
         "source": "sabq", "date": "2015-07-23"},
        {"id": "short-okaz", "title": "نخيل الشمال", "body": "توزيع فسائل النخيل في الشمال.", "source": "okaz"},
        {"id": "short-sabq", "title": "فسائل للشمال", "body": "توزيع فسائل النخيل في الشمال.", "source": "sabq"},
    ]


def build_index(root: Path, docs: list[dict[str, Any]], name: str = "news.jsonl") -> Path:
    """Build ``docs`` into the index folder ``root``, as `bahth index build` does."""
    data = root.parent / f"{root.name}-{name}"
    build(root, [str(write_jsonl(data, docs))])
    return root


# Big documents, each indexed whole: what a search must stay bounded on
# (tests/reliability/test_big_documents.py, bench/bounded.py).
# A word only at the very end of the 50 MB page: finding it proves the page was indexed whole.
LAST_WORD = "خاتمةالصفحةالطويلة"
BIG_ID = "three-megabytes"
ORDINARY = 40
# Room for documents far larger than any here, whatever the build's cap is.
NO_CAP = {**os.environ, "BAHTH_MAX_DOCUMENT_BYTES": str(1 << 30)}


def words_of(size: int, seed: int) -> str:
    """About ``size`` characters of common words, on one line."""
    rng = random.Random(seed)
    block = " ".join(rng.choices(WORDS, k=20_000))
    return " ".join([block] * (size // len(block) + 1))[:size].rsplit(" ", 1)[0]


def write_big_collection(folder: Path, page_bytes: int | None) -> Path:
    """Ordinary articles, a record of 3 MB without a headline, and if
    ``page_bytes`` a page dump of that size with no newline."""
    folder.mkdir()
    big = {"id": BIG_ID, "body": words_of(3_000_000, seed=3), "source": "big"}
    write_jsonl(folder / "news.jsonl", [*synthetic(ORDINARY, seed=5, prefix="doc-"), big])
    if page_bytes is not None:
        page = words_of(page_bytes, seed=7) + " " + LAST_WORD
        (folder / "page.txt").write_text(page, encoding="utf-8")
    return folder


# -- a real gunicorn ----------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, timeout: float = 10.0, headers: dict[str, str] | None = None) -> Reply:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers), error.read())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    index: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return fetch(self.url + path, headers=headers)

    def stop(self) -> None:
        terminate(self.process)


def terminate(process: subprocess.Popen[bytes]) -> None:
    """Stop ``process`` with SIGTERM, or SIGKILL if it has not stopped within 15 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_server(index: Path, log: Path, workers: int = 2, reload_seconds: float = 0.5,
                 healthy: bool = True, env: dict[str, str] | None = None, port: int | None = None) -> Server:
    """`bahth serve` on a loopback port (a free one unless given), with ``env``
    added to the environment; returns once it answers /healthz."""
    port = port or free_port()
    env = {**os.environ, "BAHTH_RELOAD_SECONDS": str(reload_seconds), **(env or {})}
    # A server of its own: its own metrics folder (web/gunicorn_conf.py).
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("_bahth_metrics_ready", None)
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            [*BAHTH, "serve", "--index", str(index),
             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, index)
    deadline = time.monotonic() + 120  # only for a server that never answers
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()}")
        try:
            reply = server.get("/healthz")
        except OSError:
            time.sleep(0.1)
            continue
        if reply.status == 200 or not healthy:
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"gunicorn did not become healthy:\n{log.read_text()}")


def metric(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name`` in the Prometheus text ``text``, summed
    over its series whose labels include ``labels`` (the workers' pids); 0 if none."""
    return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == name and labels.items() <= sample.labels.items())


# -- apps of their own ----------------------------------------------------------


@contextmanager
def app_client(**config: Any) -> Iterator[FlaskClient]:
    """A test client of an app of its own, whose index files are closed after."""
    app = create_app({**config, "TESTING": True})
    try:
        yield app.test_client()
    finally:
        closed(app.extensions[ENGINE])


@contextmanager
def sample_app(root: Path) -> Iterator[FlaskClient]:
    """A test client of the shipped sample corpus, indexed at ``root``."""
    build(root, [str(SAMPLE)])
    with app_client(INDEX=str(root)) as client:
        yield client


def closed(engine: Engine) -> None:
    """Close ``engine``'s searcher, and collect what Whoosh left open on
    failing to read a damaged file (closed then, with a ResourceWarning)."""
    engine.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


# -- the answers' shape -------------------------------------------------------


def validator(schema_name: str) -> Draft202012Validator:
    """A validator for one schema of /openapi.json, its $refs resolved in the document."""
    return Draft202012Validator({**spec(), "$ref": f"#/components/schemas/{schema_name}"})


ERROR = validator("Error")
RESULTS = validator("SearchResults")
SUGGESTIONS = validator("Suggestions")
DOCUMENT = validator("Document")


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def check_json_error(body: bytes, status: int) -> dict[str, Any]:
    """A 4xx/5xx answer of the JSON API: {"error": {"code", "message", "message_ar"}}."""
    data = json.loads(body)
    ERROR.validate(data)
    error = data["error"]
    assert error["code"] and error["message"] and is_arabic(error["message_ar"]), (status, data)
    assert b"Traceback" not in body
    return error


NOT_READY = ("no_index", "index_damaged", "index_unavailable")


def check_not_ready(body: bytes, status: int) -> dict[str, Any]:
    """A 503 of /readyz (or /healthz): status unavailable and a reason code with
    messages in English and Arabic, and neither a path nor an exception's text
    (those are for the log)."""
    assert status == 503, body
    data = json.loads(body)
    validator("Health").validate(data)
    error = data["error"]
    assert data["status"] == "unavailable" and error["code"] in NOT_READY, data
    assert is_arabic(error["message_ar"])
    text = body.decode("utf-8")
    assert "/" not in text and "Error" not in text and "Traceback" not in text, text
    return error


class Page(HTMLParser):
    """The elements of a page, their attributes and text."""

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

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """The elements ``tag`` whose attributes include ``attrs``."""
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def get_page(client: FlaskClient, url: str, status: int = 200) -> tuple[str, Page]:
    reply = client.get(url)
    assert reply.status_code == status
    assert reply.content_type == "text/html; charset=utf-8"
    html = reply.get_data(as_text=True)
    return html, Page(html)


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
    {"id": "xss-data-url", "title": "اختبار رابط بيانات", "body": "اختبار",
     "url": "data:text/html,<script>alert(1)</script>"},
    {"id": "xss-tab-url", "title": "اختبار رابط بمسافة", "body": "اختبار", "url": "java\tscript:alert(1)"},
    {"id": "xss-case-url", "title": "اختبار رابط بحروف كبيرة", "body": "اختبار", "url": "  JaVaScRiPt:alert(1)"},
    {"id": "xss-vbscript-url", "title": "اختبار رابط في بي", "body": "اختبار", "url": "vbscript:msgbox(1)"},
    {"id": "xss-relative-url", "title": "اختبار رابط نسبي", "body": "اختبار", "url": "//evil.example.com/x"},
    {"id": "<script>alert('id')</script>", "title": "اختبار معرف خبيث", "body": "اختبار"},
    {"id": "../../etc/passwd", "title": "اختبار معرف مسار", "body": "اختبار لا يقرأ ملفا"},
    {"id": "/2015/07/relative-story", "title": "اختبار معرف يبدأ بشرطة", "body": "اختبار",
     "url": "/2015/07/relative-story"},
    {"id": "svg-body", "title": "اختبار صورة",
     "body": '<svg onload=alert(1)><a xlink:href="javascript:alert(1)">اختبار</a></svg>'},
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


def timed(call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = call(*args, **kwargs)
    return result, time.perf_counter() - started


# -- hostile input files --------------------------------------------------------------


def zip_bomb(path: Path, member: str, piece: bytes, size: int) -> Path:
    """A zip of one ``member`` of ``size`` bytes of ``piece`` again and again,
    written a megabyte at a time (deflate packs it about a thousand to one)."""
    chunk = piece * ((1 << 20) // len(piece))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open(member, "w", force_zip64=True) as out:
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write(chunk[: size % len(chunk)])
    return path


def peak_memory(*args: str | os.PathLike[str], timeout: float = 3600) -> tuple[Run, float]:
    """Run ``bahth ARGS`` as a separate process: its result, and the peak
    resident memory in MB of the largest process of the run (the command, or
    one of its writer processes), as the kernel counts it."""
    probe = ("import resource, subprocess, sys\n"
             "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "sys.stderr.write(done.stderr)\n"
             "sys.stdout.write(done.stdout)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
             "sys.exit(done.returncode)\n")
    done = subprocess.run([sys.executable, "-c", probe, *BAHTH, *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    err, _, peak_kb = done.stderr.rstrip("\n").rpartition("\n")
    return Run(done.returncode, done.stdout, err), int(peak_kb) / 1024


# Records of the table that used to stop a whole build.
NESTED = '{"title": "متداخل", "body": ' + "[" * 100_000 + "]" * 100_000 + "}"
LONG_NUMBER = '{"id": ' + "9" * 5000 + ', "title": "رقم طويل", "body": "نص"}'
FAR_DATE = {"title": "تاريخ بعيد", "body": "نص", "date": "9999-12-31T23:59:59-14:00"}
GOOD_LINE = {"id": "good-after-bad", "title": "خبر سليم بعد السجلات المعطوبة", "body": "ما زال يفهرس"}


def write_hostile_inputs(folder: Path) -> dict[str, str]:
    """The hostile files of issue 16's table, in ``folder``: what each one's
    problem says, by the problem's origin (relative to ``folder``). Bombs are
    made smaller than the table's (same ratio, same rule)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "huge-page.txt").write_text("كلمة طويلة " * 2_400_000, encoding="utf-8")  # 50 MB, no newline
    zip_bomb(folder / "spaces.zip", "spaces.txt", b" ", 64 << 20)
    zip_bomb(folder / "braces.zip", "braces.jsonl", b"{}\n", 20_000_001)
    (folder / "nested.jsonl").write_text(f"{NESTED}\n{json.dumps(GOOD_LINE, ensure_ascii=False)}\n", encoding="utf-8")
    (folder / "number.json").write_text(
        f'[\n{json.dumps(GOOD_LINE | {"id": "before-the-number"}, ensure_ascii=False)},\n{LONG_NUMBER}\n]',
        encoding="utf-8")
    (folder / "date.jsonl").write_text(  # escaped: "\ud800" is half of a pair, which UTF-8 cannot hold
        "".join(json.dumps(record) + "\n" for record in (FAR_DATE, {"title": "نصف زوج", "body": "\ud800"})))
    (folder / "nan.jsonl").write_text('{"id": NaN, "title": "x"}\n{"title": "y", "date": 1e999}\n', encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.jsonl")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "socket.jsonl"))
    return {
        "braces.zip!braces.jsonl": "a zip bomb, not read",
        "date.jsonl:1": "is out of range in UTC",
        "date.jsonl:2": "field 'body' is not text",
        "huge-page.txt:1": "the text past its first 2,000,000 bytes",
        "nan.jsonl:1": "field 'id' must be a string or a number",
        "nan.jsonl:2": "field 'date' must be a string, not float",
        "nested.jsonl:1": "JSON nested too deeply",
        "number.json:3": "bad JSON number",
        "passwd.txt": "a symbolic link to /etc/passwd",
        "pipe.jsonl": "not a regular file but a FIFO",
        "socket.jsonl": "not a regular file but a socket",
        "spaces.zip!spaces.txt": "a zip bomb, not read",
        "zero.txt": "a symbolic link to /dev/",
    }
