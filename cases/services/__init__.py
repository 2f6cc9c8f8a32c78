"""Write operations for cases, one module a thing.

* ``cases`` — ``case_open``, ``case_transition`` (the state machine), ``case_assign``,
  ``case_handover`` (at shift change), ``case_for_follow_ups`` (for referrals).
* ``plans`` — goals and plan steps, ``plan_step_done_by_referral``.
* ``safety`` — the safety plan and the agreement to text it.
* ``notes`` — case notes.
* ``follow_ups`` — follow-ups for every case, referrals' included.
"""

from .cases import case_assign, case_for_follow_ups, case_handover, case_open, case_transition
from .errors import CaseConflict, InvalidTransition
from .follow_ups import followup_complete, followups_cancel, followups_create
from .notes import case_note_add
from .plans import goal_add, plan_step_add, plan_step_complete, plan_step_done_by_referral
from .safety import safety_plan_save, safety_plan_sms_consent, safety_plan_start

__all__ = [
    "CaseConflict",
    "InvalidTransition",
    "case_assign",
    "case_for_follow_ups",
    "case_handover",
    "case_note_add",
    "case_open",
    "case_transition",
    "followup_complete",
    "followups_cancel",
    "followups_create",
    "goal_add",
    "plan_step_add",
    "plan_step_complete",
    "plan_step_done_by_referral",
    "safety_plan_save",
    "safety_plan_sms_consent",
    "safety_plan_start",
]
