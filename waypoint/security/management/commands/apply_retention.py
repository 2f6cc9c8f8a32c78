"""Anonymise persons, encounters and referrals older than RETENTION_DAYS (run daily from cron/systemd).

The dashboard's figures (counts by source, disposition, neighbourhood, needs, times) are kept:
only identifying fields are rewritten (outreach/anonymise.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from outreach.anonymise import apply_retention, retention_cutoff


class Command(BaseCommand):
    help = "Anonymise personal data older than the retention period (settings.RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        cutoff = retention_cutoff()
        counts = apply_retention(cutoff=cutoff, dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        summary = ", ".join(
            f"{n} {name.replace('_', ' ')}(s)" for name, n in sorted(counts.items())
        )
        self.stdout.write(
            f"{verb} data older than {cutoff:%Y-%m-%d} ({settings.RETENTION_DAYS} days): {summary}."
        )
