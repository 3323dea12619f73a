"""``bahth`` in a terminal: search's matches in bold (search/cli/terminal.py),
the build's progress bar and the stats, run as the installed command under a
real pseudo-terminal (the code before the move crashed there, with re.error,
on any search result with a match)."""
from __future__ import annotations

import errno
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.cli.terminal import results
from search.results import Hit, SearchResult, Snippet
from search.text.analyzer import analyze
from tests.support import BAHTH, ROOT, SAMPLE, bahth_run, write_jsonl

BAHTH_SCRIPT = Path(sys.executable).with_name("bahth")
BOLD, RESET = "\x1b[1;33m", "\x1b[0m"
MARKED = re.compile(re.escape(BOLD) + "(.*?)" + re.escape(RESET))


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("terminal") / "ix"
    built = bahth_run("index", "build", SAMPLE, "--index", index)
    assert built.code == 0, built.err
    return index


def in_terminal(*args: str | os.PathLike[str], timeout: float = 120) -> tuple[int, str]:
    """Run the installed ``bahth ARGS`` with a pseudo-terminal as its standard
    output and error: its exit status, and what the terminal showed."""
    assert BAHTH_SCRIPT.exists(), f"{BAHTH_SCRIPT} is missing: run .venv/bin/pip install -e ."
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([str(BAHTH_SCRIPT), *map(str, args)], stdin=terminal, stdout=terminal,
                                   stderr=terminal, close_fds=True)
    finally:
        os.close(terminal)
    shown = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(controller, 65536)
            except OSError as error:  # EIO: the command has closed the terminal
                if error.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            shown += chunk
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
            process.wait()
    return code, shown.decode("utf-8")


def test_matches_are_bold_in_a_terminal(sample_index: Path) -> None:
    code, shown = in_terminal("search", "روسيا", "--index", sample_index)
    assert code == 0, shown
    assert "Traceback" not in shown
    assert f"{BOLD}روسيا{RESET}" in shown  # the title "روسيا تؤكد التزامها ..."
    marked = MARKED.findall(shown)
    assert marked and all(analyze(word) == analyze("روسيا") for word in marked), marked


def test_piped_output_marks_between_asterisks(sample_index: Path) -> None:
    """Not in «», the quotation marks of Arabic text: a mark must not read as a quotation."""
    piped = bahth_run("search", "روسيا", "--index", sample_index)
    assert piped.code == 0 and "\x1b[" not in piped.out
    assert "**روسيا**" in piped.out and "«روسيا»" not in piped.out.split("\n", 1)[1]


def test_a_reader_that_stops_reading_stops_the_search_quietly(sample_index: Path) -> None:
    """`bahth search … | head`: the pipe is closed before the results are written."""
    read, write = os.pipe()
    os.close(read)
    try:
        process = subprocess.Popen([*BAHTH, "search", "النفط", "--limit", "100", "--index", str(sample_index)],
                                   cwd=ROOT, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0 and err == b"", err.decode()


def test_a_suggestion_and_a_correction_are_said(sample_index: Path, index_dir: Path) -> None:
    suggested = bahth_run("search", "النفظ", "--index", sample_index)
    assert suggested.code == 0 and "did you mean «النفط»?" in suggested.out
    corrected = bahth_run("search", "ولي العحد", "--index", index_dir)
    first, second = corrected.out.splitlines()[:2]
    assert corrected.code == 0 and "results for «ولي العهد»" in first
    assert second == "searched instead of «ولي العحد»; --exact searches the words as typed"
    exact = bahth_run("search", "ولي العحد", "--exact", "--index", index_dir)
    assert "did you mean «ولي العهد»?" in exact.out


def test_the_lines_of_a_hit_in_a_terminal() -> None:
    """Each marked span in bold, whatever else the text holds; the rest as written."""
    title = "سعر (النفط) [اليوم] *؟ \\1 $x ^y النفط"
    marks = tuple(m.span() for m in re.finditer("النفط", title))
    hit = Hit(id="a", kind="article", title=title, url="", source="", date=None, score=1.0,
              title_marked=Snippet(title, marks), snippet=Snippet("نص عن النفط", ((6, 11),), cut_after=True),
              copies=None)
    result = SearchResult(query="النفط", total=1, page=1, per_page=10, took_ms=1.0, hits=[hit],
                          facets={}, suggestion=None)
    lines = results(result, 0, tty=True)
    assert lines[2] == f"1. سعر ({BOLD}النفط{RESET}) [اليوم] *؟ \\1 $x ^y {BOLD}النفط{RESET}  [article]"
    assert lines[3] == f"   نص عن {BOLD}النفط{RESET} …"


def test_index_commands_in_a_terminal(tmp_path: Path) -> None:
    """A build on a terminal draws its progress bar; stats prints as when piped."""
    index = tmp_path / "ix"
    code, shown = in_terminal("index", "build", SAMPLE, "--index", index)
    assert code == 0, shown
    assert "\r[" in shown and "58/58 documents" in shown  # the progress bar, to its end
    assert "built generation" in shown and "58 documents (46 articles, 12 teasers)" in shown

    code, shown = in_terminal("index", "stats", "--index", index)
    assert code == 0, shown
    assert "Traceback" not in shown
    piped = bahth_run("index", "stats", "--index", index)
    assert piped.code == 0 and shown.replace("\r\n", "\n") == piped.out


def test_stats_name_every_source_in_one_column(tmp_path: Path) -> None:
    """Documents without a source are counted as (none); a long id does not push its count out of line."""
    records = [{"id": f"a{n}", "body": f"خبر رقم {n} عن الاقتصاد", "source": "akhbar-alkhaleej-aljadida"}
               for n in range(12)]
    records += [{"id": f"b{n}", "body": f"خبر آخر رقم {n} عن الطقس"} for n in range(3)]
    index = tmp_path / "ix"
    built = bahth_run("index", "build", write_jsonl(tmp_path / "news.jsonl", records), "--index", index)
    assert built.code == 0, built.err
    lines = bahth_run("index", "stats", "--index", index).out.splitlines()
    rows = lines[lines.index("sources") + 1:lines.index("sources") + 3]
    assert [row.split() for row in rows] == [["akhbar-alkhaleej-aljadida", "12"], ["(none)", "3"]]
    assert len({len(row) for row in rows}) == 1  # the counts end in one column
