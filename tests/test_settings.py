"""Settings (search/settings.py): README's table says what the code reads, a
bad value is a one-line message, and no other module reads the environment."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from search.settings import DEFAULTS, Settings, SettingsError, documented
from tests.support import ROOT

README = ROOT / "README.md"
# The command as installed (`pip install -e .` writes it beside the interpreter).
BAHTH_SCRIPT = Path(sys.executable).with_name("bahth")
_ROW = re.compile(r"^\|\s*`(BAHTH_[A-Z0-9_]+)`\s*\|(.*)\|\s*$")


def readme_table() -> list[tuple[str, str, str]]:
    """(variable, default, meaning) of each row of README's configuration table, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            default, meaning = (cell.strip() for cell in match.group(2).split(" | "))
            rows.append((match.group(1), default, meaning))
    return rows


def test_the_readme_table_is_what_the_code_reads() -> None:
    table = readme_table()
    assert table, "README.md has no configuration table under '## Configuration'"
    code = documented()
    assert [name for name, _, _ in table] == [name for name, _, _ in code]  # names, in order
    for row, setting in zip(table, code, strict=True):
        assert row == setting  # default as written, and meaning


def test_documented_defaults_are_the_defaults() -> None:
    """What documented() shows is what Settings() holds."""
    environ = {name: default.strip("`") for name, default, _ in documented() if default.startswith("`")}
    assert Settings.from_env(environ) == DEFAULTS


def test_settings_come_from_the_environment_given() -> None:
    settings = Settings.from_env({"BAHTH_PORT": "9000", "BAHTH_LEAD_BOOST": "3.5", "BAHTH_INDEX": "/srv/ix",
                                  "BAHTH_WORKERS": " ", "UNRELATED": "x"})
    assert (settings.port, settings.lead_boost, settings.index) == (9000, 3.5, Path("/srv/ix"))
    assert settings.workers is None  # blank is unset
    assert Settings.from_env({"BAHTH_QUERY_TIMEOUT_SECONDS": "0"}).query_time_limit is None


def test_cors_origins_are_a_list_or_any() -> None:
    origins = Settings.from_env({"BAHTH_CORS_ORIGINS": " https://News.Example , http://localhost:3000/,"}).cors_origins
    assert origins == ("https://news.example", "http://localhost:3000")
    assert Settings.from_env({"BAHTH_CORS_ORIGINS": "*"}).cors_origins == ("*",)
    assert Settings.from_env({"BAHTH_CORS_ORIGINS": ""}).cors_origins == DEFAULTS.cors_origins == ()


def test_log_settings() -> None:
    assert (DEFAULTS.log_format, DEFAULTS.access_log_target) == ("text", "-")  # the access log is on
    assert Settings.from_env({"BAHTH_LOG_FORMAT": " JSON "}).log_format == "json"
    for off in ("off", "none", "OFF"):
        assert Settings.from_env({"BAHTH_ACCESS_LOG": off}).access_log_target is None
    assert Settings.from_env({"BAHTH_ACCESS_LOG": "/var/log/bahth/access.log"}).access_log_target == (
        "/var/log/bahth/access.log")
    with pytest.raises(SettingsError, match="^BAHTH_LOG_FORMAT must be one of text, json, not 'yaml'"):
        Settings.from_env({"BAHTH_LOG_FORMAT": "yaml"})


@pytest.mark.parametrize("name,value", [("BAHTH_PORT", "abc"), ("BAHTH_LEAD_BOOST", "lots"),
                                        ("BAHTH_WORKERS", "2.5"), ("BAHTH_LOG_FORMAT", "xml"),
                                        ("BAHTH_CORS_ORIGINS", "example.com"),
                                        ("BAHTH_CORS_ORIGINS", "https://example.com/path"),
                                        ("BAHTH_CORS_ORIGINS", "*, https://example.com")])
def test_a_bad_value_is_an_error_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name} must be"):
        Settings.from_env({name: value})


@pytest.mark.parametrize("name,value,command", [("BAHTH_PORT", "abc", ("index", "stats")),
                                                ("BAHTH_LOG_FORMAT", "xml", ("serve", "--port", "1"))])
def test_a_bad_value_stops_the_command_with_one_line(tmp_path: Path, name: str, value: str,
                                                     command: tuple[str, ...]) -> None:
    assert BAHTH_SCRIPT.exists(), f"{BAHTH_SCRIPT} is missing: run .venv/bin/pip install -e ."
    env = {**os.environ, name: value}
    done = subprocess.run([str(BAHTH_SCRIPT), *command, "--index", str(tmp_path / "none")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and name in lines[0] and f"'{value}'" in lines[0], done.stderr
    assert "Traceback" not in done.stderr


# -- no module but search/settings.py reads a BAHTH_ variable ---------------------

# Modules that may write BAHTH_INDEX, for the server's workers to read.
MAY_WRITE = {"search/cli/main.py", "web/gunicorn_conf.py"}


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ``."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ")


def _bahth_name(node: ast.AST | None, constants: dict[str, str]) -> str | None:
    """The BAHTH_ variable ``node`` names: a string, a constant holding one, or an f-string starting so."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        value = node.value
    elif isinstance(node, ast.Name) and node.id in constants:
        value = constants[node.id]
    elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        value = str(node.values[0].value)
    elif isinstance(node, ast.BinOp):
        return _bahth_name(node.left, constants)
    else:
        return None
    return value if value.startswith("BAHTH_") else None


def environment_reads(source: str) -> list[tuple[int, str]]:
    """(line, variable) of every read of a BAHTH_ variable from the environment in ``source``."""
    tree = ast.parse(source)
    constants = {
        target.id: node.value.value
        for node in ast.walk(tree) if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        key: ast.AST | None = None
        if isinstance(node, ast.Call):
            func = node.func
            reads_environ = isinstance(func, ast.Attribute) and _is_environ(func.value) and func.attr in (
                "get", "pop", "setdefault", "__getitem__")
            getenv = (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
                isinstance(func, ast.Name) and func.id == "getenv")
            if (reads_environ or getenv) and node.args:
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
            key = node.slice
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            key = node.left
        name = _bahth_name(key, constants)
        if name is not None:
            found.append((node.lineno, name))
    return found


def test_the_check_finds_reads_and_lets_writes_be() -> None:
    """The check below can fail: it finds each way of reading a variable."""
    reads = '''
import os
from os import environ, getenv
PORT = "BAHTH_PORT"
a = os.environ.get("BAHTH_INDEX")
b = os.environ["BAHTH_HOST"]
c = os.getenv(PORT, "8000")
d = "BAHTH_WORKERS" in os.environ
e = environ.get(f"BAHTH_{'LOG_LEVEL'}")
f = getenv("BAHTH_TIMEOUT")
'''
    assert [name for _, name in environment_reads(reads)] == [
        "BAHTH_INDEX", "BAHTH_HOST", "BAHTH_PORT", "BAHTH_WORKERS", "BAHTH_", "BAHTH_TIMEOUT"]
    writes = '''
import os
os.environ["BAHTH_INDEX"] = "/srv/index"
os.environ.get("PROMETHEUS_MULTIPROC_DIR")
"BAHTH_PORT is read by search.settings"
'''
    assert environment_reads(writes) == []


def python_files() -> list[Path]:
    return sorted(p for folder in ("search", "web") for p in (ROOT / folder).rglob("*.py"))


def test_only_settings_reads_bahth_variables() -> None:
    files = python_files()
    assert ROOT / "search" / "settings.py" in files and ROOT / "web" / "gunicorn_conf.py" in files
    offenders = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        if relative == "search/settings.py":
            continue
        offenders += [f"{relative}:{line} reads {name}"
                      for line, name in environment_reads(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_only_the_server_launchers_write_bahth_variables() -> None:
    writers = set()
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Store)
                    and _bahth_name(node.slice, {}) is not None):
                writers.add(path.relative_to(ROOT).as_posix())
    assert writers <= MAY_WRITE
