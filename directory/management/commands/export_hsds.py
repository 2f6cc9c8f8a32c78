"""manage.py export_hsds OUTDIR [--tabular] (contracts §3): OUTDIR/services.json, or with --tabular a
CSV data package (datapackage.json and one CSV per table), validated before it is written."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.hsds.exporter import ExportError, export_package, export_services

DONE = "Wrote {count} service(s) to {path}."
FAILED = "Export not written: {reason}"


class Command(BaseCommand):
    help = _(
        "Export every published service as HSDS 3.0 JSON (OUTDIR/services.json), or with --tabular as "
        "an HSDS CSV data package (OUTDIR/datapackage.json and one CSV per table)."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path, metavar="OUTDIR")
        parser.add_argument(
            "--tabular", action="store_true", help=_("Write the CSV data package instead of JSON.")
        )

    def handle(self, *args, outdir, tabular=False, **options):
        try:
            path, count = (export_package if tabular else export_services)(outdir)
        except (ExportError, OSError) as exc:
            raise CommandError(_(FAILED).format(reason=exc)) from None
        self.stdout.write(self.style.SUCCESS(_(DONE).format(count=count, path=path)))
