"""bench_load end to end: a short load, and PostgreSQL restarted in the middle of one.

Both run ``manage.py bench_load`` (gunicorn, production settings) against a throwaway PostgreSQL
cluster made here with initdb, on a free loopback port, whatever database the suite itself uses.
The harness exits non-zero on any error, lost or duplicated encounter; the tests also read the
printed figures. Slow (about a minute with the migration), and part of ``make test``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from perf.pgcluster import ThrowawayCluster

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

ENCOUNTERS = re.compile(
    r"encounters sent (\d+), acknowledged (\d+), stored (\d+), lost (\d+), duplicated (\d+)"
)
RESTART = re.compile(r"PostgreSQL restart \(fast\) at [\d.]+ s: pg_ctl restart took ([\d.]+) s")


def manage(cluster, *args, timeout, **env):
    """``manage.py`` in a process group of its own, killed whole (gunicorn too) if it overruns."""
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url("waypoint"),
        "DJANGO_SETTINGS_MODULE": "waypoint.settings.test",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"manage.py {args[0]} ran over {timeout} s:\n{stdout[-3000:]}{stderr[-3000:]}")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def cluster():
    cluster = ThrowawayCluster()
    try:
        cluster.start()
        cluster.createdb("waypoint")
        migrated = manage(cluster, "migrate", "--noinput", timeout=300)
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        yield cluster
    finally:
        cluster.destroy()


def bench(cluster, *args, timeout=180, **env):
    run = manage(
        cluster,
        "bench_load",
        "--workers",
        "2",
        "--services",
        "1000",
        "--drain",
        "20",
        *args,
        timeout=timeout,
        **env,
    )
    print(run.stdout)  # the figures, shown with -s or on failure
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run.stdout


def encounters(output):
    sent, acknowledged, stored, lost, duplicated = map(int, ENCOUNTERS.search(output).groups())
    return {
        "sent": sent,
        "acknowledged": acknowledged,
        "stored": stored,
        "lost": lost,
        "duplicated": duplicated,
    }


def test_short_load_has_no_errors_and_loses_nothing(cluster):
    output = bench(cluster, "--searchers", "5", "--loggers", "3", "--duration", "8")

    counts = encounters(output)
    assert counts["sent"] > 0
    assert counts["stored"] == counts["acknowledged"] == counts["sent"]
    assert counts["lost"] == counts["duplicated"] == 0
    assert re.search(r"^GET /api/search\s+\d+\s+0\s", output, re.M)  # zero errors


def test_postgres_restart_mid_run_keeps_every_encounter_once(cluster):
    # Kept connections (CONN_MAX_AGE) are the harder case: each one dies with the restart.
    output = bench(
        cluster,
        "--searchers",
        "6",
        "--loggers",
        "4",
        "--duration",
        "12",
        "--restart-postgres-at",
        "5",
        "--pgdata",
        cluster.pgdata,
        CONN_MAX_AGE="60",
    )

    assert RESTART.search(output), "PostgreSQL was not restarted"
    counts = encounters(output)
    assert counts["sent"] > 0
    assert counts["stored"] == counts["acknowledged"] == counts["sent"]
    assert counts["lost"] == counts["duplicated"] == 0
    # Every search and encounter was answered in the end (retries allowed), none with a bare 500.
    for endpoint in ("GET /api/search", "POST /api/encounters"):
        row = re.search(
            rf"^{endpoint}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s", output, re.M
        )
        requests, _errors, _5xx, bare_500, _retries, failed = map(int, row.groups())
        assert requests > 0 and bare_500 == 0 and failed == 0
