"""The whole suite: the test database kept between runs (``--reuse-db``, as ``make test`` does
outside CI), and the files a killed server leaves.

Django's SQLite test database is in memory, so there would be nothing to reuse; with
``--reuse-db`` it is one file per checkout in the temporary directory instead. Migrations added
since the last run are applied to a kept database; ``--create-db`` rebuilds it from scratch.
A transactional test empties every table at its end, the rows Wagtail's migrations made included
(root page, collection, locale, groups), so a kept database found empty is rebuilt too.
"""

import contextlib
import hashlib
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request leaves its reader's language (a Spanish
    cookie, a Spanish-preferring admin user) active in the thread after it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_configure(config):
    if not config.getoption("reuse_db") or config.getoption("create_db"):
        return
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        checkout = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:8]
        db.setdefault("TEST", {})["NAME"] = str(
            Path(tempfile.gettempdir()) / f"waypoint-test-{checkout}.sqlite3"
        )
    if _emptied(db):
        config.option.create_db = True


def _emptied(db) -> bool:
    """True when the kept test database exists but has lost the rows its migrations made."""
    query = "SELECT COUNT(*) FROM wagtailcore_collection"
    name = db.get("TEST", {}).get("NAME")
    if db["ENGINE"] == "django.db.backends.sqlite3":
        if not name or not Path(name).exists():
            return False
        with contextlib.closing(sqlite3.connect(name)) as connection:
            try:
                return connection.execute(query).fetchone()[0] == 0
            except sqlite3.Error:  # not migrated that far: let migrate finish it
                return False
    if db["ENGINE"] == "django.db.backends.postgresql":
        import psycopg

        try:
            connection = psycopg.connect(
                dbname=name or f"test_{db['NAME']}",
                user=db["USER"],
                password=db["PASSWORD"],
                host=db["HOST"] or "127.0.0.1",
                port=db["PORT"] or 5432,
                connect_timeout=5,
            )
        except psycopg.Error:  # no kept database yet
            return False
        with connection:
            try:
                return connection.execute(query).fetchone()[0] == 0
            except psycopg.Error:
                return False
    return False


def pytest_sessionfinish(session):
    """Django deletes the SQLite test database, not the WAL files a killed server left beside it."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if (
        name
        and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        and not Path(name).exists()
    ):
        for suffix in ("-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
