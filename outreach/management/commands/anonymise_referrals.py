"""Blank personal free text in referrals (run together with ``anonymise_outreach`` on copies)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach.referral_services import referral_anonymise


class Command(BaseCommand):
    help = "Anonymise referrals: notes, phone numbers, outcome notes and consent wording."

    def add_arguments(self, parser):
        parser.add_argument("--yes-this-is-a-copy", action="store_true", dest="confirmed")

    def handle(self, *args, confirmed=False, **options):
        if not settings.DEBUG and not confirmed:
            raise CommandError("DEBUG is off: pass --yes-this-is-a-copy to anonymise this database in place.")
        self.stdout.write(f"Anonymised {referral_anonymise()} referrals.")
