"""A throwaway PostgreSQL cluster for fault tests, and restarting one mid-run.

Never used on a shared cluster: it is created in a temporary directory on a free loopback port
and removed afterwards. PostgreSQL refuses to run as root, so as root every command runs as the
``postgres`` OS user (``runuser``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time

from .server import free_port


def pg_bin(name: str) -> str:
    """Path of a PostgreSQL server program (initdb, pg_ctl), newest installed version first."""
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        path = os.path.join(directory, name)
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if not found:
        raise RuntimeError(
            f"{name} not found: install the PostgreSQL server packages (postgresql)."
        )
    return found


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def pg_ctl(pgdata: str, *args: str, timeout: float = 60) -> None:
    subprocess.run(
        _as_owner([pg_bin("pg_ctl"), "-D", pgdata, "-w", "-t", str(int(timeout)), *args]),
        check=True,
        capture_output=True,
        timeout=timeout + 10,
    )


def restart(pgdata: str, mode: str = "fast") -> float:
    """Restart the cluster in ``pgdata``; returns the seconds it took (the downtime)."""
    started = time.monotonic()
    # With a log file the new postmaster does not hold pg_ctl's output pipes open.
    pg_ctl(pgdata, "restart", "-m", mode, "-l", os.path.join(pgdata, "restart.log"))
    return time.monotonic() - started


class ThrowawayCluster:
    """``initdb`` + ``pg_ctl start`` in a temp dir; ``destroy()`` stops it and deletes everything."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="waypoint-pg-")
        self.pgdata = os.path.join(self.root, "data")
        self.port = free_port()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> None:
        subprocess.run(
            _as_owner(
                [
                    pg_bin("initdb"),
                    "-D",
                    self.pgdata,
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        with open(os.path.join(self.pgdata, "postgresql.conf"), "a") as conf:
            # Loopback only, its own socket dir; fsync off because the data is thrown away (a
            # restart still keeps every commit: the kernel has the writes).
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\nfsync = off\nmax_connections = 200\n"
            )
        pg_ctl(self.pgdata, "-l", os.path.join(self.root, "server.log"), "start")

    def createdb(self, dbname: str) -> None:
        subprocess.run(
            _as_owner(
                [
                    pg_bin("createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    dbname,
                ]
            ),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def destroy(self) -> None:
        try:
            if os.path.exists(os.path.join(self.pgdata, "postmaster.pid")):
                pg_ctl(self.pgdata, "stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
