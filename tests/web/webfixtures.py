"""What the web tests share: a small invented news collection, indexes built
from it, and a real gunicorn on loopback (imported by conftest.py and tests)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from search.build import build

ROOT = Path(__file__).resolve().parents[2]

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


def write_records(path: Path, docs: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def build_index(root: Path, docs: list[dict[str, str]], name: str = "news.jsonl") -> Path:
    """Build ``docs`` into the index folder ``root``, as `bahth index build` does."""
    data = root.parent / f"{root.name}-{name}"
    build(root, [str(write_records(data, docs))])
    return root


# -- a real gunicorn ----------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, timeout: float = 10.0) -> Reply:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
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

    def get(self, path: str) -> Reply:
        return fetch(self.url + path)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(index: Path, log: Path, workers: int = 2, reload_seconds: float = 0.5,
                 healthy: bool = True) -> Server:
    """`bahth serve` on a free loopback port; returns once it answers /healthz."""
    port = free_port()
    env = {**os.environ, "BAHTH_RELOAD_SECONDS": str(reload_seconds)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("BAHTH_METRICS_READY", None)
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "search.cli", "serve", "--index", str(index),
             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, index)
    deadline = time.monotonic() + 30
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
