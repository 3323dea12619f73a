"""Fixtures every folder may use: the ``bahth`` command run in this process,
and the small invented news collection (tests/support.py) built once."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from search.cli.main import main
from tests.support import CLI, Run, build_index, records


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
