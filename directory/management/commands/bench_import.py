"""manage.py bench_import --services N: time and memory of an HSDS import of N generated services.

Generates the file, imports it (all new), imports it again (all updates), and prints wall time,
peak RSS and, with --tracemalloc, the peak of Python allocations during the first import. Runs
inside a transaction that is rolled back unless --keep, so it leaves the database as it was.
"""

import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from directory.hsds.importer import import_paths
from directory.hsds.sample import write_sample_file

LINE = "{label}: {seconds:.1f} s ({per_service:.1f} ms per service), {created} created, {updated} updated, {rejected} rejected"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


class Command(BaseCommand):
    help = "Benchmark the HSDS importer on N generated services (rolled back unless --keep)."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=1000)
        parser.add_argument("--file", type=Path, help="import this HSDS file instead of generating one")
        parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
        parser.add_argument("--keep", action="store_true", help="commit the imported services")

    def handle(self, *args, services, file=None, tracemalloc=False, keep=False, **options):
        with tempfile.TemporaryDirectory() as tmp:
            if file is None:
                started = time.perf_counter()
                file = write_sample_file(Path(tmp) / "services.json", services)
                self.stdout.write(
                    f"Generated {services} services ({file.stat().st_size / 1_048_576:.1f} MB) "
                    f"in {time.perf_counter() - started:.1f} s."
                )
            count = services
            connection.queries_log.clear()
            with transaction.atomic():
                self.run(file, count, "first import (create)", trace=tracemalloc)
                self.run(file, count, "second import (update)", trace=False)
                if not keep:
                    transaction.set_rollback(True)
        self.stdout.write("Rolled back." if not keep else "Kept the imported services.")

    def run(self, file: Path, count: int, label: str, *, trace: bool) -> None:
        rss_before = _rss_mb()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        report = import_paths([file])
        seconds = time.perf_counter() - started
        peak = None
        if trace:
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        self.stdout.write(
            LINE.format(
                label=label,
                seconds=seconds,
                per_service=seconds * 1000 / max(report.records or count, 1),
                created=report.created,
                updated=report.updated,
                rejected=report.rejected_records,
            )
        )
        self.stdout.write(f"  peak RSS {_rss_mb():.0f} MB (before: {rss_before:.0f} MB)")
        if peak is not None:
            self.stdout.write(f"  tracemalloc peak {peak / 1_048_576:.1f} MB")
        for rejection in report.rejected[:5]:
            self.stderr.write(str(rejection))
