"""Issue 9 item 5: a pg_dump of the database restores into an empty database with every record.

PostgreSQL only (conftest.py deselects it elsewhere, with the reason printed).
"""

import os
import subprocess

import psycopg
import pytest
from django.db import connection

from staff.models import Role
from tests.factories import (
    EncounterFactory,
    PersonFactory,
    ReferralFactory,
    ServicePageFactory,
    TeamFactory,
    home_page,
    staff,
)

PG_DUMP, PG_RESTORE = "/usr/bin/pg_dump", "/usr/bin/pg_restore"


def _conninfo(dbname):
    s = connection.settings_dict
    return {
        "dbname": dbname,
        "user": s["USER"],
        "password": s["PASSWORD"],
        "host": s["HOST"] or "localhost",
        "port": s["PORT"] or 5432,
    }


def _fingerprints(dbname, tables):
    out = {}
    with psycopg.connect(**_conninfo(dbname)) as conn, conn.cursor() as cur:
        for table in tables:
            cur.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            )
            out[table] = cur.fetchone()
    return out


@pytest.mark.django_db(transaction=True)
def test_dump_restores_every_record(tmp_path):
    home_page()
    team = TeamFactory()
    staff(Role.SUPERVISOR, team=team)
    person = PersonFactory(created_by_team=team, name="Restore Me")
    EncounterFactory(team=team, person=person, notes="kept through the backup")
    ReferralFactory(person=person, team=team, service=ServicePageFactory())

    s = connection.settings_dict
    source = s["NAME"]
    target = f"{source}_restore"
    env = {**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}
    common = ["-h", s["HOST"] or "localhost", "-p", str(s["PORT"] or 5432), "-U", s["USER"]]
    dump = tmp_path / "waypoint.dump"
    subprocess.run(
        [PG_DUMP, *common, "-Fc", "--no-owner", "-f", str(dump), source],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )

    admin = psycopg.connect(**_conninfo("postgres"), autocommit=True)
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
        subprocess.run(
            [PG_RESTORE, *common, "--no-owner", "--exit-on-error", "-d", target, str(dump)],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        tables = connection.introspection.table_names()
        original, restored = _fingerprints(source, tables), _fingerprints(target, tables)
        assert original == restored
        assert original["outreach_person"][0] >= 1 and original["outreach_encounter"][0] >= 1
        # The append-only trigger came back too.
        with psycopg.connect(**_conninfo(target)) as conn:
            names = [
                r[0] for r in conn.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            ]
        assert "waypoint_audit_append_only" in names
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.close()
