"""manage.py bench_import --services N: an HSDS import of N generated services, beside its baseline.

Generates the file, then times, in one run: the baseline (reading and validating every record,
nothing written), the first import (all new), and a second import of the same file (unchanged:
every record skipped). Prints wall time, milliseconds per service, each import as a multiple of
the baseline, this process's CPU time per service (steadier than wall time on a shared machine;
with PostgreSQL it leaves out the server's share), and peak RSS (with --tracemalloc, the peak of Python allocations during the first
import). Runs inside a transaction that is rolled back unless --keep, so it leaves the database
as it was.
"""

import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from directory.hsds.checks import record_problems
from directory.hsds.importer import import_paths
from directory.hsds.reader import read_records
from directory.hsds.sample import write_sample_file

LINE = (
    "{label}: {seconds:.1f} s ({per_service:.2f} ms per service, {cpu:.2f} ms CPU){ratio}{counts}"
)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


class Command(BaseCommand):
    help = "Benchmark the HSDS importer on N generated services against load + validate (rolled back unless --keep)."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=1000)
        parser.add_argument(
            "--file", type=Path, help="import this HSDS file instead of generating one"
        )
        parser.add_argument(
            "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
        )
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
            baseline = self.baseline(file)
            with override_settings(DEBUG=False), transaction.atomic():
                self.run(file, "first import (create)", baseline, trace=tracemalloc)
                self.run(file, "second import (unchanged)", baseline, trace=False)
                if not keep:
                    transaction.set_rollback(True)
        self.stdout.write("Rolled back." if not keep else "Kept the imported services.")

    def baseline(self, file: Path) -> float:
        """Reading and validating every record, as the import does before it writes anything."""
        started, cpu = time.perf_counter(), time.process_time()
        count = invalid = 0
        for _index, record in read_records(file):
            count += 1
            invalid += bool(record_problems(record))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        self.stdout.write(
            LINE.format(
                label="baseline (load + validate)",
                seconds=seconds,
                per_service=seconds * 1000 / max(count, 1),
                cpu=cpu * 1000 / max(count, 1),
                ratio="",
                counts=f", {count} records, {invalid} invalid",
            )
        )
        return seconds

    def run(self, file: Path, label: str, baseline: float, *, trace: bool) -> None:
        rss_before = _rss_mb()
        if trace:
            tracemalloc.start()
        started, cpu = time.perf_counter(), time.process_time()
        report = import_paths([file])
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = None
        if trace:
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        self.stdout.write(
            LINE.format(
                label=label,
                seconds=seconds,
                per_service=seconds * 1000 / max(report.records, 1),
                cpu=cpu * 1000 / max(report.records, 1),
                ratio=f", {seconds / baseline:.1f}x baseline",
                counts=f", {report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
                f"{report.rejected_records} rejected",
            )
        )
        self.stdout.write(f"  peak RSS {_rss_mb():.0f} MB (before: {rss_before:.0f} MB)")
        if peak is not None:
            self.stdout.write(f"  tracemalloc peak {peak / 1_048_576:.1f} MB")
        for rejection in report.rejected[:5]:
            self.stderr.write(str(rejection))
