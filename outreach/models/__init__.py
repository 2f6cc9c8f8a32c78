"""Outreach data: staff and teams, the people the team meets, encounters, and the audit log.

The package re-exports every public name, so ``from outreach.models import Encounter`` keeps
working as modules are added (referrals and follow-ups live in ``referrals.py``).
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
from .teams import Role, StaffProfile, Team
from .referrals import (  # referrals helper (issue 7)
    Consent,
    ConsentMethod,
    ContactPreference,
    FollowUp,
    FollowUpKind,
    Handoff,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralMode,
    ReferralStatus,
    SharedField,
    ShiftAssignment,
    Urgency,
)

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
    "Source",
    "StaffProfile",
    "Team",
    "TransportDestination",
    "YesNoUnknown",
    "normalize_text",
    # referrals
    "Consent",
    "ConsentMethod",
    "ContactPreference",
    "FollowUp",
    "FollowUpKind",
    "Handoff",
    "Outcome",
    "Referral",
    "ReferralEvent",
    "ReferralMode",
    "ReferralStatus",
    "SharedField",
    "ShiftAssignment",
    "Urgency",
]
