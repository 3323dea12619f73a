"""The time limit of a search: a deadline per request.

A public search box must not let one query hold a worker for long: the web
app gives every search ``BAHTH_QUERY_TIMEOUT_SECONDS`` (search.settings). A
search still collecting documents then is stopped with ``QueryTimeout``;
work that only adds a nicety ("did you mean") is skipped instead.
"""
from __future__ import annotations

import time

# With a time limit, "did you mean" gets at most this long: it only adds a
# hint, and a long word of junk has thousands of spellings to try.
SUGGESTION_SECONDS = 0.25


class QueryTimeout(Exception):
    """A search ran past its time limit and was stopped; the searcher is unharmed."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the search took longer than {limit:g} s and was stopped")
        self.limit = limit


class OutOfTime(Exception):
    """The deadline has passed during optional work, which should be dropped."""


class Deadline:
    """When the search of one request must be done; never, without a limit."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self._at = None if limit is None else time.monotonic() + limit

    def remaining(self) -> float | None:
        return None if self._at is None else max(0.0, self._at - time.monotonic())

    def passed(self) -> bool:
        return self._at is not None and time.monotonic() >= self._at

    def at_most(self, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now, or this one if it comes first (none without a limit)."""
        if self._at is None or self._at - time.monotonic() <= seconds:
            return self
        return Deadline(seconds)

    def check(self) -> None:
        """Raise QueryTimeout if the deadline has passed."""
        if self.passed():
            assert self.limit is not None
            raise QueryTimeout(self.limit)


NO_DEADLINE = Deadline(None)
