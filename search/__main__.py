"""``python -m search``: the ``bahth`` command, where no script was installed on PATH."""
from search.cli import run

run()
