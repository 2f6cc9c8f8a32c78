"""Outreach data: the people the team meets and encounters. Staff, teams, roles and the audit
log are the ``staff`` app's.

The package re-exports every public name, so ``from outreach.models import Encounter`` keeps
working as modules are added. Referrals and follow-ups are the ``referrals`` app's.
"""

from .choices import (
    ConsentStatus,
    CoResponse,
    Disposition,
    Interpreter,
    LivingSituation,
    Need,
    ServiceGiven,
    Source,
    TransportDestination,
    YesNoUnknown,
)
from .encounters import Encounter
from .people import Person, PersonMerge, normalize_text

__all__ = [
    "ConsentStatus",
    "CoResponse",
    "Disposition",
    "Encounter",
    "Interpreter",
    "LivingSituation",
    "Need",
    "Person",
    "PersonMerge",
    "ServiceGiven",
    "Source",
    "TransportDestination",
    "YesNoUnknown",
    "normalize_text",
]
