"""Bahth as it is installed: ``bahth --version``, ``python -m search``, the
sample corpus indexed with ``--sample`` from any folder, and the package's
metadata and files. (.ci/install-check installs it from a wheel into a fresh
venv and runs it there.)"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from tests.support import ROOT, SAMPLE

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
# The command as installed (`pip install -e .` writes it beside the interpreter).
BAHTH_SCRIPT = Path(sys.executable).with_name("bahth")
# What is made in a checkout: the venv, builds, indexes, caches.
MADE = {".git", ".venv", "build", "dist", "index", "bahth.egg-info", ".pytest_cache", ".ruff_cache", ".mypy_cache",
        ".hypothesis"}


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command run from ``cwd``: nothing is found in the checkout by being in it."""
    return subprocess.run([*map(str, argv)], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("command", [[BAHTH_SCRIPT], [sys.executable, "-m", "search"],
                                     [sys.executable, "-m", "search.cli"]], ids=["bahth", "-m search", "-m cli"])
def test_version(command: list[str | Path], tmp_path: Path) -> None:
    done = run(*command, "--version", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"bahth {VERSION}\n", "")


def test_python_m_search_is_the_command(tmp_path: Path) -> None:
    built = run(sys.executable, "-m", "search", "index", "build", SAMPLE / "news.jsonl", "--index", "ix", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    found = run(sys.executable, "-m", "search", "search", "النفط", "--index", "ix", cwd=tmp_path)
    assert found.returncode == 0 and "3 results for «النفط»" in found.stdout, found
    assert run(sys.executable, "-m", "search", "search", "", "--index", "ix", cwd=tmp_path).returncode == 2


def test_index_build_sample_from_anywhere(tmp_path: Path) -> None:
    done = run(BAHTH_SCRIPT, "index", "build", "--sample", "--index", "ix", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # The corpus sample/README.md describes: 46 articles (43 records and 3 page dumps), 12 teasers.
    summary = json.loads(done.stdout)
    assert (summary["documents"], summary["articles"], summary["teasers"]) == (58, 46, 12)
    found = run(BAHTH_SCRIPT, "search", "ماراثون الدوحة", "--index", "ix", "--json", cwd=tmp_path)
    assert found.returncode == 0 and found.stdout.count('"id"') > 0, found.stderr
    # PATHs and --sample together: both are indexed.
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"id": "x1", "title": "خبر إضافي عن الزعفران", "body": "نص"}\n', encoding="utf-8")
    both = run(BAHTH_SCRIPT, "index", "build", extra, "--sample", "--index", "ix", "--json", cwd=tmp_path)
    assert both.returncode == 0 and '"documents": 59' in both.stdout, both.stderr


def test_index_build_needs_paths_or_sample(tmp_path: Path) -> None:
    done = run(BAHTH_SCRIPT, "index", "build", "--index", "ix", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "bahth: give the PATHs to index, or --sample for the sample corpus\n"
    assert not (tmp_path / "ix").exists()


def test_license_and_classifiers() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License") and "Copyright (c) 2026 The Bahth authors" in license_text
    # An SPDX expression replaces the license classifiers (setuptools refuses both).
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    assert "Natural Language :: Arabic" in project["classifiers"]
    installed = metadata.metadata("bahth")
    assert installed["License-Expression"] == "MIT", "installed before the license expression: pip install -e ."
    assert set(installed.get_all("Classifier") or []) == set(project["classifiers"])


def _project_files(folder: str, names: list[str]) -> set[str]:
    """What a copy of the checkout leaves out: what is made there, not the project's files."""
    return set(names) & MADE if Path(folder) == ROOT else set()


def test_the_wheel_carries_the_sample_templates_and_license(tmp_path: Path) -> None:
    # Built from a copy: a build in the checkout leaves build/ there, and a stale one ships removed files.
    shutil.copytree(ROOT, tmp_path / "src", ignore=_project_files)
    built = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp_path / "dist",
                tmp_path / "src", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("bahth-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    sample = {f"search/sample/{p.relative_to(SAMPLE)}" for p in SAMPLE.rglob("*") if p.is_file()}
    assert sample and sample <= names
    templates = {f"web/templates/{p.name}" for p in (ROOT / "web" / "templates").iterdir()}
    assert "web/templates/opensearch.xml" in templates and templates <= names
    assert {"search/__main__.py", "search/cli/__main__.py", "search/ingest/sample.py"} <= names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
