"""Anonymise every referral, referral event, follow-up and consent, leaving persons and encounters.

Part of ``anonymise_database``; the anonymisers are in ``outreach/anonymise.py``. With DEBUG off it
needs --yes-this-is-a-copy.
"""

from outreach.anonymise import anonymise_referrals
from outreach.management.anonymise_command import AnonymiseCommand


class Command(AnonymiseCommand):
    help = "Anonymise referrals, their events and follow-ups, and consents in place. Copies only."
    anonymise = staticmethod(anonymise_referrals)
