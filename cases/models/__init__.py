"""Cases: the episode, its plan for intervention, safety plan, notes and follow-ups."""

from .cases import Case, CaseNote, CaseOutcome, CaseQuerySet, CaseStatus, ClosureReason
from .follow_ups import FollowUp, FollowUpKind, FollowUpQuerySet
from .plans import Goal, PlanStep, StepKind
from .safety import SECTIONS, SafetyPlan

__all__ = [
    "SECTIONS",
    "Case",
    "CaseNote",
    "CaseOutcome",
    "CaseQuerySet",
    "CaseStatus",
    "ClosureReason",
    "FollowUp",
    "FollowUpKind",
    "FollowUpQuerySet",
    "Goal",
    "PlanStep",
    "SafetyPlan",
    "StepKind",
]
