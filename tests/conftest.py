"""Fixtures every folder may use: the ``bahth`` command run in this process,
and the small invented news collection (tests/support.py) built once; and the
``slow`` marker, whose tests run only with ``--slow`` (`make test-all`)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from search.cli.main import main
from tests.support import CLI, Run, build_index, records


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (make test-all)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the slow tests, with the reason shown, unless --slow or -m chooses them."""
    if config.getoption("--slow") or config.getoption("markexpr"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow (make test-all)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def bahth(capsys: pytest.CaptureFixture[str]) -> CLI:
    """Run ``bahth ARGS`` in this process, as a user would on the command line."""

    def run(*args: str | os.PathLike[str]) -> Run:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small invented news collection (support.records), indexed once."""
    return build_index(tmp_path_factory.mktemp("web") / "index", records())
