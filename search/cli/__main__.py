"""``python -m search.cli``: the ``bahth`` command."""
import sys

from search.cli.main import main

sys.exit(main())
