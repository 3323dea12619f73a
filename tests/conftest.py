"""The ``bahth`` fixture: the command, run in this process as a user would run it."""
from __future__ import annotations

import os

import pytest

from clitools import CLI, Run
from search.cli import main


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
