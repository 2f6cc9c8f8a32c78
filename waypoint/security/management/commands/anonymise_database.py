"""Make a safe staging copy: anonymise every personal record in THIS database, in place.

Run it only on a restored copy of production (README, "Backups and restore"). It refuses without
--yes-this-is-a-copy, even with DEBUG on.
"""

from outreach.anonymise import anonymise_everything
from outreach.management.anonymise_command import AnonymiseCommand


class Command(AnonymiseCommand):
    help = "Anonymise every person, encounter, referral and staff account (for a staging copy)."
    anonymise = staticmethod(anonymise_everything)
    always_confirm = True
