"""manage.py import_hsds PATH [PATH …] [--partial] (contracts §3)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.hsds.importer import import_paths

SUMMARY = (
    "{records} record(s) read from {files} file(s): {created} created, {updated} updated, "
    "{unchanged} unchanged, {rejected} rejected."
)
ROLLED_BACK = "Nothing was imported: {rejected} record(s) or file(s) were rejected (see above). Fix them, or use --partial to store the valid records."
PARTIAL_NOTE = "--partial: the valid records were stored; the rejected ones above were not."
WARNING = "warning: {note}"
KEPT = "Kept unmodelled, exported back as given: {keys}."


class Command(BaseCommand):
    help = _(
        "Import HSDS 3.0 services from a JSON file (a list of full service objects, one service or "
        "organization, or an API Page), a folder of them, or a CSV data package. All-or-nothing unless --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--partial", action="store_true", help=_("Store the valid records and report the rest (default: all or nothing).")
        )

    def handle(self, *args, paths, partial, **options):
        report = import_paths(paths, partial=partial)
        for rejection in report.rejected:
            self.stderr.write(str(rejection))
        for warning in report.warnings:
            self.stdout.write(_(WARNING).format(note=warning))
        summary = _(SUMMARY).format(
            records=report.records,
            files=len(report.files),
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=report.rejected_records,
        )
        if report.rolled_back:
            self.stderr.write(summary)
            raise CommandError(_(ROLLED_BACK).format(rejected=report.rejected_records))
        self.stdout.write(self.style.SUCCESS(summary) if report.ok else summary)
        if report.unmodelled:
            keys = ", ".join(f"{key} ({count})" for key, count in sorted(report.unmodelled.items()))
            self.stdout.write(_(KEPT).format(keys=keys))
        if not report.ok:
            self.stderr.write(_(PARTIAL_NOTE))
