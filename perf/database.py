"""The benchmark's throwaway database: a copy of the current one, dropped afterwards.

The audit log is append-only (and keeps its staff accounts), so the rows a run writes cannot all
be deleted again; instead the run works in ``CREATE DATABASE … TEMPLATE <current>`` and drops it.
PostgreSQL copies a template only while nobody else is connected to it.
"""

from __future__ import annotations

import time
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import psycopg
from django.db import Error as DatabaseError
from django.db import connection

NOT_POSTGRES = (
    "bench_load needs PostgreSQL (DATABASE_URL=postgres://…): it measures the production setup, "
    "and SQLite serialises writers, so its figures would say nothing about production."
)


def database_url(settings_dict: dict, name: str) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{quote(name, safe='')}"


def _maintenance(settings_dict: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname="postgres",
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=settings_dict.get("PORT") or 5432,
        autocommit=True,
        connect_timeout=10,
    )


@contextmanager
def throwaway_copy():
    """Copy the current database, point Django's connection at the copy, drop it at the end.

    Yields the copy's DATABASE_URL. Switching ``settings_dict["NAME"]`` on a closed connection is
    what Django's own test runner does to move onto the test database.
    """
    if connection.vendor != "postgresql":
        raise RuntimeError(NOT_POSTGRES)
    settings_dict = connection.settings_dict
    source = settings_dict["NAME"]
    copy = f"{source[:40]}_bench_{uuid.uuid4().hex[:8]}"
    connection.close()
    with _maintenance(settings_dict) as admin:
        try:
            admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
        except psycopg.errors.ObjectInUse as exc:
            raise RuntimeError(
                f"Cannot copy {source!r}: other sessions are connected to it. Run bench_load "
                f"against a database of its own (e.g. one made with load_demo)."
            ) from exc
    settings_dict["NAME"] = copy
    try:
        yield database_url(settings_dict, copy)
    finally:
        connection.close()
        settings_dict["NAME"] = source
        _drop(settings_dict, copy)


def _drop(settings_dict: dict, name: str) -> None:
    """Drop the copy, waiting for PostgreSQL to come back if a fault test just restarted it."""
    for attempt in range(30):
        try:
            with _maintenance(settings_dict) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.OperationalError:
            if attempt == 29:
                raise
            time.sleep(1)


def wait_for_database(timeout: float = 60) -> None:
    """After a restart: until Django's connection can run a query again."""
    deadline = time.monotonic() + timeout
    while True:
        connection.close()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return
        except DatabaseError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
