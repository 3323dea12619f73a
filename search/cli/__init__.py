"""The ``bahth`` command."""
import gc
import os
import sys
from typing import NoReturn

# NumPy's OpenBLAS starts a thread for each core as NumPy is imported, which
# every cold command would wait for; Bahth's arrays are masks, counts and sums,
# never linear algebra, so one thread is all it uses. A value already set is
# kept; `bahth serve` passes it on to its workers, which use none either.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def run() -> NoReturn:
    """Run the ``bahth`` command as a program (the installed script, and
    ``python -m search``) and exit with its status.

    A cold command makes most of its objects once (importing NumPy and
    Whoosh, opening the index) and then exits: Python's cyclic garbage
    collector would walk them again and again as they are made, and once
    more at exit, and free nothing. So it is off while the command starts;
    ``main`` turns it back on for the commands that run long (a build), and
    what is left at exit is frozen out of the last collection.
    """
    gc.disable()
    from search.cli.main import main

    status = main()
    gc.freeze()
    sys.exit(status)
