"""The ``bahth`` command."""
