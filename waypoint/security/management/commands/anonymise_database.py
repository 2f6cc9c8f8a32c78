"""Make a safe staging copy: anonymise every personal record in THIS database, in place.

Run it only on a restored copy of production (docs/backups.md). It refuses without
--yes-this-is-a-copy.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from outreach.anonymise import anonymise_everything


class Command(BaseCommand):
    help = "Anonymise every person, encounter, referral and staff account (for a staging copy)."

    def add_arguments(self, parser):
        parser.add_argument("--yes-this-is-a-copy", action="store_true", dest="confirmed")

    def handle(self, *args, confirmed=False, **options):
        if not confirmed:
            raise CommandError(
                f"This rewrites database {connection.settings_dict.get('NAME')!s} in place. "
                "Run it on a copy only, with --yes-this-is-a-copy."
            )
        with transaction.atomic():
            counts = anonymise_everything()
        summary = ", ".join(f"{n} {name.replace('_', ' ')}(s)" for name, n in sorted(counts.items()))
        self.stdout.write(f"Anonymised: {summary}.")
