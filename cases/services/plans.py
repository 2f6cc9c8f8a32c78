"""Goals and plan steps; a step of kind follow-up makes its follow-up, one of kind referral is
carried out by a referral (``Referral.plan_step``), which marks it done when it arrives or closes."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from staff.audit import audit_log

from ..models import Case, FollowUp, FollowUpKind, Goal, PlanStep, StepKind
from ..plans import DEFAULT_DUE, common_steps
from ..selectors import case_get
from .cases import _check
from .errors import ROLE_CANNOT

STEP_TEXT_REQUIRED = gettext_noop("Write the step or pick a common one.")
CASE_CLOSED = gettext_noop("This case is closed: open a new one.")


def _visible_open_case(*, user, case) -> Case:
    _check(user)
    current = case_get(user=user, case_id=case.pk)
    if current is None:
        raise PermissionDenied(ROLE_CANNOT)
    if current.is_closed:
        raise ValidationError(CASE_CLOSED)
    return current


def goal_add(*, user, case: Case, text: str, request=None) -> Goal | None:
    text = (text or "").strip()
    case = _visible_open_case(user=user, case=case)
    if not text:
        return None
    goal = Goal.objects.create(case=case, text=text)
    audit_log(user=user, action="case_plan_goal", obj=case, request=request)
    return goal


def plan_step_add(
    *,
    user,
    case: Case,
    text: str = "",
    common: str = "",
    kind: str = "",
    owner=None,
    due_at: datetime | None = None,
    request=None,
) -> PlanStep:
    """One step: a common one by its code (its text, kind and due time) or one typed by hand.
    The owner defaults to the user, the due time to the common step's or tomorrow."""
    case = _visible_open_case(user=user, case=case)
    now = timezone.now()
    preset = common_steps().get(common)
    text = (text or "").strip() or (preset.label if preset else "")
    if not text:
        raise ValidationError({"text": [STEP_TEXT_REQUIRED]})
    kind = kind or (preset.kind if preset else StepKind.TASK)
    due_at = due_at or now + (preset.due_after if preset else DEFAULT_DUE)
    step = PlanStep(
        case=case, text=text, kind=kind, owner=owner or user, due_at=due_at, created_by=user
    )
    step.full_clean()
    with transaction.atomic():
        step.save()
        if kind == StepKind.FOLLOW_UP:
            FollowUp.objects.create(
                case=case,
                plan_step=step,
                kind=FollowUpKind.OTHER,
                label=text[:200],
                due_at=due_at,
                owner=step.owner,
                team=case.team,
            )
        audit_log(user=user, action="case_plan_step", obj=case, request=request, detail=step.text)
    return step


def plan_step_complete(*, user, step: PlanStep, request=None) -> PlanStep:
    case = _visible_open_case(user=user, case=step.case)
    now = timezone.now()
    with transaction.atomic():
        PlanStep.objects.open().filter(pk=step.pk, case=case).update(done_at=now, done_by=user)
        FollowUp.objects.open().filter(plan_step=step).update(done_at=now, done_by=user)
        audit_log(
            user=user, action="case_plan_step_done", obj=case, request=request, detail=step.text
        )
    step.refresh_from_db()
    return step


def plan_step_done_by_referral(*, step_id, at: datetime, user=None) -> bool:
    """A referral carrying out this step arrived or closed: the step is done (once)."""
    if step_id is None:
        return False
    return bool(PlanStep.objects.open().filter(pk=step_id).update(done_at=at, done_by=user))
