"""Database helpers shared by the apps (a leaf module: it imports Django only)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError

T = TypeVar("T")

# The longest pause between two tries, in seconds.
MAX_PAUSE = 0.2


def retry_when_locked(
    fn: Callable[[], T],
    *,
    attempts: int,
    step: float,
    recheck: Callable[[], T | None] | None = None,
) -> T:
    """Run ``fn``; on SQLite's "database is locked" (another writer got in), wait and run it again.

    SQLite answers a second writer at once (shared-cache test databases do not wait at all), so
    each pause grows by ``step`` up to ``MAX_PAUSE``. ``fn`` re-reads what it decides on, so a retry
    sees the other writer's change. ``recheck`` runs after each pause; what it returns, unless
    None, is the answer (the other writer already did the work).
    """
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(min(step * (attempt + 1), MAX_PAUSE))
            if recheck is not None and (done := recheck()) is not None:
                return done
    raise RuntimeError("unreachable")  # pragma: no cover
