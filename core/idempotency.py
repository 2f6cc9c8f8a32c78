"""Client-made ids that make a POST safe to repeat (contracts §4.3, §4.5).

The offline client sends a record again whenever it is unsure the server got it, so the record's
id decides: the first request stores it, a repeat with the same content gets the stored record
back, a repeat with other content is a conflict. ``content_hash`` says what "the same content" is,
``store_once`` settles two requests with the same id arriving at the same moment.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TypeVar

from django.db import IntegrityError

from .db import retry_when_locked

T = TypeVar("T")


def canonical(value):
    """One spelling of a cleaned value: UTC times, ids as text, sets sorted, text stripped."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float):
        return round(value, 7)
    if hasattr(value, "all") and hasattr(value, "model"):  # a queryset (team members)
        return sorted(obj.pk for obj in value)
    if isinstance(value, (list, tuple, set)):
        return sorted({canonical(v) for v in value}, key=str)
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, str):
        return value.strip()
    return value


def content_hash(data: dict, fields: Iterable[str], *, text_fields: Iterable[str] = ()) -> str:
    """A stable hash of ``fields`` of cleaned data: the same content however it was spelled.
    A missing or empty ``text_fields`` value counts as the empty string."""
    out = {name: canonical(data.get(name)) for name in fields}
    for name in text_fields:
        out[name] = out[name] or ""
    blob = json.dumps(out, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def store_once(*, write: Callable[[], T], stored: Callable[[], T | None]) -> tuple[T, bool]:
    """``(write(), True)``, or ``(stored(), False)`` when another request stored the id first.

    ``write`` inserts inside its own transaction; its primary key decides a race: the loser's
    insert fails with an IntegrityError and it then answers with what the winner stored.
    ``stored`` returns the record already stored under the id (raising the caller's conflict
    when its content differs) or None. SQLite's "database is locked" is retried.
    """

    def attempt():
        try:
            return write(), True
        except IntegrityError:
            existing = stored()
            if existing is None:
                raise
            return existing, False

    def meanwhile():
        existing = stored()
        return None if existing is None else (existing, False)

    return retry_when_locked(attempt, attempts=5, step=0.05, recheck=meanwhile)
