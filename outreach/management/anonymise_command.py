"""The one shape of the three anonymising commands: an anonymising function, run in
one transaction, refused unless the operator says this database is a copy."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class AnonymiseCommand(BaseCommand):
    #: A function of an app's anonymise.py returning {model name: rows rewritten}.
    anonymise = None
    #: True: --yes-this-is-a-copy is needed even with DEBUG on (anonymise_database).
    always_confirm = False

    def add_arguments(self, parser):
        parser.add_argument("--yes-this-is-a-copy", action="store_true", dest="confirmed")

    def handle(self, *args, confirmed=False, **options):
        if not confirmed and (self.always_confirm or not settings.DEBUG):
            raise CommandError(
                f"This rewrites database {connection.settings_dict.get('NAME')!s} in place. "
                "Run it on a copy only, with --yes-this-is-a-copy."
            )
        with transaction.atomic():
            counts = type(self).anonymise()
        summary = ", ".join(
            f"{n} {name.replace('_', ' ')}(s)" for name, n in sorted(counts.items())
        )
        self.stdout.write(f"Anonymised: {summary}.")
