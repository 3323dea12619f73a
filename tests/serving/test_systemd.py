"""The systemd units of deploy/systemd: systemd reads them without a
complaint, and the timed update's commands, run in their order in a state
folder of the test's, add the waiting articles to the live index and empty
the drop box, or, for a file that cannot be read, change nothing and keep it."""
from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving.proxy import serve_until_listening
from tests.support import ROOT, bahth_run, build_index, free_port, records, write_jsonl

UNITS = ROOT / "deploy" / "systemd"
# What the shipped units name: the installed command and the state folder.
SHIPPED_BAHTH = "/opt/bahth/venv/bin/bahth"
SHIPPED_STATE = "/var/lib/bahth"
BAHTH_SCRIPT = Path(sys.executable).parent / "bahth"


def installed(tmp_path: Path) -> Path:
    """The units as a site installs them, with this checkout's bahth and a state folder of the test's."""
    units = tmp_path / "units"
    units.mkdir()
    for unit in UNITS.iterdir():
        text = unit.read_text().replace(SHIPPED_BAHTH, str(BAHTH_SCRIPT))
        (units / unit.name).write_text(text.replace(SHIPPED_STATE, str(tmp_path / "state")))
    return units


def commands(unit: Path, key: str) -> list[list[str]]:
    return [shlex.split(line.partition("=")[2]) for line in unit.read_text().splitlines()
            if line.startswith(f"{key}=")]


def run_update(units: Path) -> int:
    """Run the update unit's commands as systemd would: each in order, the
    next only if the one before succeeded; the status of the run."""
    unit = units / "bahth-update.service"
    for key in ("ExecStartPre", "ExecStart", "ExecStartPost"):
        for argv in commands(unit, key):
            done = subprocess.run(argv, cwd=units.parent / "state", capture_output=True, text=True)
            if done.returncode != 0:
                print(done.stderr)
                return done.returncode
    return 0


def test_systemd_reads_the_units_without_a_complaint(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is absent: it checks the units")
    units = installed(tmp_path)
    done = subprocess.run([analyze, "verify", "--man=no", *sorted(str(u) for u in units.iterdir())],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "" and done.stdout == "", done.stderr


def test_the_serve_unit_serves_behind_the_proxy(tmp_path: Path) -> None:
    [argv] = commands(installed(tmp_path) / "bahth.service", "ExecStart")
    assert argv[1] == "serve" and "--behind-proxy" in argv
    assert argv[argv.index("--host") + 1] == "127.0.0.1"
    argv[argv.index("--port") + 1] = str(free_port())
    lines = serve_until_listening(argv)
    assert not any("no front proxy" in line for line in lines), lines


def test_the_timed_update_adds_the_waiting_articles(tmp_path: Path) -> None:
    units = installed(tmp_path)
    state = tmp_path / "state"
    state.mkdir()
    index = build_index(state / "index", records())
    incoming = state / "incoming"
    incoming.mkdir()
    write_jsonl(incoming / "morning.jsonl", [{"id": "late-1", "title": "قمة المناخ تبدأ أعمالها في الرياض",
                                               "body": "افتتحت قمة المناخ أعمالها.", "source": "okaz"}])
    write_jsonl(incoming / "noon.jsonl", [{"id": "late-2", "title": "قمة المناخ تختتم أعمالها",
                                            "body": "اختتمت قمة المناخ أعمالها.", "source": "sabq"}])
    assert run_update(units) == 0
    found = bahth_run("search", "قمة المناخ", "--index", index, "--json").json()
    assert {hit["id"] for hit in found["hits"]} == {"late-1", "late-2"}
    assert list(incoming.iterdir()) == [] and not (state / "batch").exists()

    # A file that cannot be read: nothing changes, and the batch waits for the next run.
    version = bahth_run("index", "stats", "--index", index, "--json").json()["version"]
    (incoming / "broken.jsonl").write_text("{not json\n")
    assert run_update(units) != 0
    assert bahth_run("index", "stats", "--index", index, "--json").json()["version"] == version
    assert [p.name for p in (state / "batch").iterdir()] == ["broken.jsonl"]
