"""One concurrency limit per provider for a whole season.

Each episode's run already keeps its provider's limit for itself; when episodes run at
once (on Ray) the season's limiter keeps it across all of them. It lives in the driver,
which submits every item, so a worker lost mid-task never holds a slot: the driver frees
it when the task ends, however it ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class SeasonLimiter:
    """Per-provider slots shared by every run of a season (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._busy: dict[str, int] = {}
        self.peak: dict[str, int] = {}  # the most items of each provider at once

    @contextmanager
    def slot(self, name: str, limit: int) -> Iterator[None]:
        """Hold one of ``limit`` slots of provider ``name`` while the block runs."""
        limit = max(1, int(limit))
        with self._lock:
            self._lock.wait_for(lambda: self._busy.get(name, 0) < limit)
            self._busy[name] = self._busy.get(name, 0) + 1
            self.peak[name] = max(self.peak.get(name, 0), self._busy[name])
        try:
            yield
        finally:
            with self._lock:
                self._busy[name] -= 1
                self._lock.notify_all()

    def busy(self, name: str) -> int:
        with self._lock:
            return self._busy.get(name, 0)
