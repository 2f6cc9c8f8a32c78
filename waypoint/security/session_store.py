"""Database sessions whose save fails with a 503, not a 400, while PostgreSQL is unreachable.

Django's database store turns every database error during an update into ``UpdateError``, which
the session middleware answers with 400 "session interrupted". For a dropped connection that is
wrong: the offline client keeps a 400 aside as a problem instead of sending it again. Here a
connection error goes on to ``core.errors.server_error`` (503 with Retry-After).
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from core.errors import DATABASE_UNAVAILABLE


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        try:
            super().save(must_create=must_create)
        except UpdateError as exc:
            if isinstance(exc.__context__, DATABASE_UNAVAILABLE):
                raise exc.__context__ from None
            raise
