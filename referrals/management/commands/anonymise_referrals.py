"""Anonymise every referral, referral event, follow-up and consent, leaving persons and encounters.

Part of ``anonymise_database``; the anonymisers are in ``referrals/anonymise.py``. With DEBUG off it
needs --yes-this-is-a-copy.
"""

from outreach.management.anonymise_command import AnonymiseCommand
from referrals.anonymise import anonymise_referrals


class Command(AnonymiseCommand):
    help = "Anonymise referrals, their events and follow-ups, and consents in place. Copies only."
    anonymise = staticmethod(anonymise_referrals)
