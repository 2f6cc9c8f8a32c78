"""Load, measured: ``manage.py bench_load --searchers 50 --loggers 20 --duration 60``.

Copies the current PostgreSQL database, serves the copy with gunicorn (production settings) on a
free loopback port, runs searchers (the eval_dev.json queries) and encounter loggers (the offline
client's retry rules) for ``--duration`` seconds, then prints per endpoint requests, errors,
p50/p95/p99 and throughput, and the encounters sent, stored and duplicated. Exits 1 when anything
failed, was lost or was stored twice. ``--restart-postgres-at S --pgdata DIR`` restarts that
(throwaway) cluster S seconds in: the fault proof. The copy is dropped at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import uuid

from django.core.management.base import BaseCommand, CommandError

from perf import fixtures
from perf.clients import search_queries
from perf.database import throwaway_copy, wait_for_database
from perf.run import Restart, run_load
from perf.server import BASE_DIR, Gunicorn, default_workers

QUERIES_FILE = BASE_DIR / "search" / "data" / "eval_dev.json"
ENDPOINTS = ("GET /api/search", "POST /api/encounters", "GET /outreach/csrf.json")


class Command(BaseCommand):
    help = (
        "Measure search and encounter logging under concurrent load against gunicorn + PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--searchers", type=int, default=50)
        parser.add_argument("--loggers", type=int, default=20)
        parser.add_argument("--duration", type=float, default=60, help="Seconds of load.")
        parser.add_argument(
            "--workers", type=int, default=default_workers(), help="gunicorn worker processes."
        )
        parser.add_argument("--threads", type=int, default=1, help="Threads per gunicorn worker.")
        parser.add_argument(
            "--services",
            type=int,
            default=0,
            help="Generated services to add to the copy (bench_search's generator).",
        )
        parser.add_argument(
            "--drain",
            type=float,
            default=30,
            help="Seconds after the load for retries still under way to finish.",
        )
        parser.add_argument("--restart-postgres-at", type=float, default=None, metavar="SECONDS")
        parser.add_argument(
            "--pgdata", default="", help="Data directory of the (throwaway) cluster to restart."
        )
        parser.add_argument("--restart-mode", choices=["fast", "immediate"], default="fast")

    def handle(self, *args, **opts):
        if opts["restart_postgres_at"] is not None and not opts["pgdata"]:
            raise CommandError(
                "--restart-postgres-at needs --pgdata (the data directory of a throwaway cluster)."
            )
        try:
            with throwaway_copy() as url:
                failures = self._bench(url, opts)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if failures:
            raise CommandError("FAILED: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS("OK: no errors, nothing lost, nothing duplicated."))

    def _bench(self, url: str, opts) -> list[str]:
        secret_key = secrets.token_urlsafe(50)
        rows = fixtures.search_rows(opts["services"])
        sessions = fixtures.responder_sessions(opts["loggers"], secret_key=secret_key)
        paths = search_queries(json.loads(QUERIES_FILE.read_text()))
        log_path = os.path.join(tempfile.gettempdir(), f"bench_load-{uuid.uuid4().hex[:8]}.log")
        server = Gunicorn(
            database_url=url,
            secret_key=secret_key,
            workers=opts["workers"],
            threads=opts["threads"],
            log_path=log_path,
        )
        restart = None
        if opts["restart_postgres_at"] is not None:
            restart = Restart(opts["restart_postgres_at"], opts["pgdata"], opts["restart_mode"])
        self.stdout.write(
            f"Database copy with {rows:,} search rows; gunicorn {opts['workers']} workers x "
            f"{opts['threads']} threads on {server.origin}; log {log_path}"
        )
        run_tag = f"load-{uuid.uuid4().hex[:12]}"
        try:
            server.start()
            self.stdout.write(
                f"Load: {opts['searchers']} searchers, {opts['loggers']} loggers, {opts['duration']:g} s"
            )
            outcome = run_load(
                origin=server.origin,
                search_paths=paths,
                session_keys=sessions,
                searchers=opts["searchers"],
                run_tag=run_tag,
                duration=opts["duration"],
                drain=opts["drain"],
                restart=restart,
            )
        finally:
            server.stop()
        wait_for_database()
        return self._report(outcome, run_tag, restart)

    def _report(self, outcome, run_tag: str, restart: Restart | None) -> list[str]:
        rec, elapsed = outcome.recorder, outcome.ended - outcome.started
        w = self.stdout.write
        w("")
        w(
            f"{'endpoint':26} {'requests':>9} {'errors':>7} {'5xx':>5} {'500':>5} {'retries':>8} {'failed':>7} "
            f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}"
        )
        failures = []
        for name in ENDPOINTS:
            s = rec.endpoints[name]
            fivexx = sum(n for status, n in s.statuses.items() if status >= 500)
            w(
                f"{name:26} {s.requests:9d} {s.errors:7d} {fivexx:5d} {s.statuses.get(500, 0):5d} {s.retries:8d} "
                f"{s.failed:7d} {s.percentile(50):8.1f} {s.percentile(95):8.1f} {s.percentile(99):8.1f} "
                f"{s.requests / elapsed:7.1f}"
            )
            if s.failed:
                failures.append(f"{s.failed} {name} never answered")
            if s.statuses.get(500):
                failures.append(f"{s.statuses[500]} {name} answered 500")
            if restart is None and s.errors:
                failures.append(f"{s.errors} {name} errors")
        searches = rec.endpoints["GET /api/search"]
        if searches.degraded:
            w(f"searches answered degraded: {searches.degraded}")
        stored, duplicated = fixtures.stored_encounters(rec.sent, run_tag)
        lost = len(rec.sent) - stored
        w("")
        w(
            f"encounters sent {len(rec.sent)}, acknowledged {len(rec.acknowledged)}, stored {stored}, "
            f"lost {lost}, duplicated {duplicated}"
        )
        if not rec.sent:
            failures.append("no encounter was sent")
        if lost or duplicated:
            failures.append(f"{lost} encounters lost, {duplicated} duplicated")
        if outcome.stragglers:
            failures.append(f"{outcome.stragglers} client threads still busy at the hard timeout")
        if restart is not None:
            failures += self._report_restart(restart, searches, outcome)
        for problem in rec.problems:
            w(f"  problem: {problem}")
        return failures

    def _report_restart(self, restart: Restart, searches, outcome) -> list[str]:
        if restart.began is None or restart.downtime is None:
            return [f"PostgreSQL was not restarted {restart.error}".strip()]
        silence = searches.longest_silence(outcome.started, outcome.stopped)
        self.stdout.write(
            f"PostgreSQL restart ({restart.mode}) at {restart.began - outcome.started:.1f} s: "
            f"pg_ctl restart took {restart.downtime:.2f} s; longest time without a search answer "
            f"{silence:.2f} s"
        )
        return []
