"""Real processes for the tests that need them: Waypoint under gunicorn (``AppServer``), an
Elasticsearch node of its own (``ElasticsearchNode``), and ``wait_until``.

The server reads the same test database as the test, so tests using it are
``django_db(transaction=True)`` (the server sees only committed rows), sign staff in with
sessions stored in that database, and on SQLite call ``sqlite_test_database_on_disk()`` when
collected, so that the test database is a file another process can open.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def sqlite_test_database_on_disk():
    """On SQLite, make the test database a file (unique per run) unless it already is one: an
    in-memory one is a single connection that a live server thread or a gunicorn cannot share."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(
            Path(tempfile.gettempdir()) / f"waypoint-outreach-test-{os.getpid()}.sqlite3"
        )


def wait_until(predicate, timeout=30.0, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_closed(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def server_database_url():
    """The test database (not the configured one) as a DATABASE_URL for another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class AppServer:
    """gunicorn serving Waypoint on one port; restartable on that port after ``kill()``."""

    def __init__(self, log_dir, **env):
        self.port = free_port()
        self.url = (
            f"http://127.0.0.1:{self.port}"  # also what browser_factory's session cookie needs
        )
        self.log = Path(log_dir) / f"gunicorn-{self.port}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.server_settings",
            "DATABASE_URL": server_database_url(),
            **env,
        }
        self.proc = None

    def start(self, timeout=60):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "waypoint.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--no-control-socket",
            "--access-logfile",
            "-",
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(M)sms",
        ]
        with self.log.open("a") as out:
            # Its own session, so kill() can SIGKILL the master and its worker together.
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=out, start_new_session=True
            )
        wait_until(
            self._answers,
            timeout=timeout,
            interval=0.2,
            message=f"gunicorn on {self.url} ({self.log})",
        )

    def _answers(self):
        if self.proc.poll() is not None:
            raise AssertionError(
                f"gunicorn exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}"
            )
        try:
            urllib.request.urlopen(self.url + "/static/outreach/queue.js", timeout=5).close()
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def kill(self):
        """SIGKILL the whole server (master and worker), as when the machine or the OOM killer takes it."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def access_log(self):
        """(method, path, status) of every answered request, from gunicorn's access log."""
        lines = self.log.read_text().splitlines()
        return [
            tuple(line.split()[:3]) for line in lines if line.split()[:1] in (["GET"], ["POST"])
        ]


class ElasticsearchNode:
    """A node of its own (scripts/elasticsearch.sh on a free port), sharing the unpacked distribution.

    The script keeps a data dir, log dir and pid file per port under its ES_HOME (it decides where:
    outside the clone as root); ``remove()`` deletes them.
    """

    def __init__(self):
        self.home = Path(
            subprocess.run(
                ["bash", "scripts/elasticsearch.sh", "home"],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.pidfile = self.home / f"es-{self.port}.pid"
        self.pid = None

    def start(self):
        # A short-lived node: the C1 compiler alone halves its start on a busy 2-core machine.
        env = {
            **os.environ,
            "ES_HOME": str(self.home),
            "ES_PORT": str(self.port),
            "ES_JAVA_OPTS": "-Xms256m -Xmx256m -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch",
        }
        try:
            subprocess.run(
                ["bash", "scripts/elasticsearch.sh", "start"],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=300,
            )
        finally:
            # Also a node that never became ready: remove() must be able to stop it.
            if self.pidfile.exists():
                self.pid = int(self.pidfile.read_text())

    def signal(self, signum):
        os.kill(self.pid, signum)

    def kill(self):
        """SIGKILL the node (no clean shutdown); returns once its port refuses connections."""
        self.signal(signal.SIGKILL)
        self.pid = None
        wait_until(
            lambda: port_closed(self.port), timeout=10, interval=0.01, message="Elasticsearch gone"
        )

    def remove(self):
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                self.kill()
        self.pidfile.unlink(missing_ok=True)
        for path in (self.home / f"data-{self.port}", self.home / f"logs-{self.port}"):
            shutil.rmtree(path, ignore_errors=True)
