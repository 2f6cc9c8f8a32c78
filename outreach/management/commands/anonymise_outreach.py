"""Anonymise every person and encounter (and the persons' consents, referrals and follow-ups).

Part of ``anonymise_database``, which does this and more (staff accounts, sessions, devices); the
anonymisers are in ``outreach/anonymise.py``. With DEBUG off it needs --yes-this-is-a-copy.
"""

from outreach.anonymise import anonymise_outreach
from outreach.management.anonymise_command import AnonymiseCommand


class Command(AnonymiseCommand):
    help = "Anonymise persons and encounters in place (part of anonymise_database). Copies only."
    anonymise = staticmethod(anonymise_outreach)
