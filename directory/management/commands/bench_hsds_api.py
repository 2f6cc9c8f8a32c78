"""Time every page of ``/api/hsds/services`` over N services (default 10,000), then roll back.

    manage.py bench_hsds_api [--services 10000] [--per-page 50] [--full]

Prints the time and query count of the first, middle and last pages and of the slowest one,
and the mean of the first and last tenth of the walk. Nothing is kept: the services are built
and listed inside one transaction that is rolled back. While it runs it holds locks on the
page tree, so it refuses to run with DEBUG off unless ``--force`` is given.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.api import bench


class Command(BaseCommand):
    help = (
        "Time every page of the HSDS services listing over many services (rolled back afterwards)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=10_000)
        parser.add_argument("--per-page", type=int, default=50)
        parser.add_argument(
            "--full", action="store_true", help="list fully nested services (full=true)"
        )
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "This writes (then rolls back) thousands of pages; run it with DEBUG=1, or --force."
            )
        count, per_page = options["services"], options["per_page"]
        if count < 1 or not 1 <= per_page <= 1000:
            raise CommandError("--services must be 1 or more and --per-page 1 to 1000.")
        params = {"full": "true"} if options["full"] else {}
        with transaction.atomic():
            started = time.perf_counter()
            bench.build_services(count)
            self.stdout.write(f"built {count} services in {time.perf_counter() - started:.1f} s")
            # The whole listing: services already in the database only add pages.
            timings = bench.walk_pages(per_page=per_page, params=params)
            self.report(timings, per_page=per_page, full=options["full"])
            transaction.set_rollback(True)
        self.stdout.write("rolled back: the database is unchanged")

    def report(self, timings, *, per_page, full):
        self.stdout.write(
            f"GET /api/hsds/services?per_page={per_page}{'&full=true' if full else ''}: {len(timings)} pages"
        )
        middle = timings[len(timings) // 2]
        slowest = max(timings, key=lambda t: t.seconds)
        for label, t in (
            ("first", timings[0]),
            ("middle", middle),
            ("last", timings[-1]),
            ("slowest", slowest),
        ):
            self.stdout.write(
                f"  {label:<8} page {t.page:>5}: {t.seconds * 1000:7.1f} ms, {t.queries} queries, {t.size} items"
            )
        tenth = max(1, len(timings) // 10)
        head = statistics.mean(t.seconds for t in timings[:tenth])
        tail = statistics.mean(t.seconds for t in timings[-tenth:])
        self.stdout.write(
            f"  mean of first {tenth} pages {head * 1000:.1f} ms, of last {tenth} pages {tail * 1000:.1f} ms"
            f" (last/first {tail / head:.2f})"
        )
        counts = sorted({t.queries for t in timings})
        self.stdout.write(f"  queries per page: {', '.join(map(str, counts))}")
