"""Outreach data: staff, teams and their shifts, the people the team meets, encounters, and the
audit log.

The package re-exports every public name, so ``from outreach.models import Encounter`` keeps
working as modules are added. Referrals and follow-ups are the ``referrals`` app's.
"""

from .audit import AuditEvent
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
from .teams import Role, ShiftAssignment, StaffProfile, Team

__all__ = [
    "AuditEvent",
    "ConsentStatus",
    "CoResponse",
    "Disposition",
    "Encounter",
    "Interpreter",
    "LivingSituation",
    "Need",
    "Person",
    "PersonMerge",
    "Role",
    "ServiceGiven",
    "ShiftAssignment",
    "Source",
    "StaffProfile",
    "Team",
    "TransportDestination",
    "YesNoUnknown",
    "normalize_text",
]
