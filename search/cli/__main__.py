"""``python -m search.cli``: the ``bahth`` command."""
from search.cli import run

run()
