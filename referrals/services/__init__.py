"""Write operations for warm-handoff referrals (issue 7, contracts §4.4), one module a thing.

* ``create`` — ``referral_create``.
* ``status`` — ``referral_transition`` (the state machine) and ``referral_link_transition``.
* ``notify`` — ``referral_link_send``: the provider's link by email.
* ``follow_ups`` — ``followup_complete`` and the follow-ups a referral makes and settles.
* ``shifts`` — ``shift_create``.

The signed link itself is ``referrals.links``, below both these services and ``referrals.tasks``.
"""

from .create import (
    CONSENT_EXPIRED,
    CONSENT_REQUIRED,
    NOT_ALLOWED_CREATE,
    REFERRAL_CONFLICT,
    SERVICE_NO_ORGANIZATION,
    UNKNOWN_ENCOUNTER,
    UNKNOWN_PERSON,
    UNKNOWN_SERVICE,
    referral_content_hash,
    referral_create,
)
from .errors import ROLE_CANNOT, InvalidTransition, ReferralConflict
from .follow_ups import followup_complete
from .notify import NO_PROVIDER_EMAIL, referral_link_send
from .shifts import shift_create
from .status import (
    CHANGED_MEANWHILE,
    INVALID_TRANSITION,
    OUTCOME_REQUIRED,
    REASON_REQUIRED,
    UNKNOWN_STATUS,
    referral_link_transition,
    referral_transition,
)

__all__ = [
    "CHANGED_MEANWHILE",
    "CONSENT_EXPIRED",
    "CONSENT_REQUIRED",
    "INVALID_TRANSITION",
    "NOT_ALLOWED_CREATE",
    "NO_PROVIDER_EMAIL",
    "OUTCOME_REQUIRED",
    "REASON_REQUIRED",
    "REFERRAL_CONFLICT",
    "ROLE_CANNOT",
    "SERVICE_NO_ORGANIZATION",
    "UNKNOWN_ENCOUNTER",
    "UNKNOWN_PERSON",
    "UNKNOWN_SERVICE",
    "UNKNOWN_STATUS",
    "InvalidTransition",
    "ReferralConflict",
    "followup_complete",
    "referral_content_hash",
    "referral_create",
    "referral_link_send",
    "referral_link_transition",
    "referral_transition",
    "shift_create",
]
