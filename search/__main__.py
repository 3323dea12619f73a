"""``python -m search``: the ``bahth`` command, where no script was installed on PATH."""
import sys

from search.cli.main import main

sys.exit(main())
