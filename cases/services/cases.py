"""Opening a case, moving it through its lifecycle, assigning it and handing it over."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from outreach.permissions import can_use_outreach
from outreach.selectors import person_get
from staff.audit import audit_log
from staff.models import StaffProfile
from staff.roles import staff_team
from staff.shifts import on_duty_user_ids

from ..models import Case, CaseOutcome, CaseStatus, ClosureReason, FollowUp, PlanStep
from ..selectors import case_get
from .errors import (
    CHANGED_MEANWHILE,
    INVALID_TRANSITION,
    NOBODY_ON_DUTY,
    NOT_ON_TEAM,
    OPEN_ELSEWHERE,
    REASON_REQUIRED,
    ROLE_CANNOT,
    UNKNOWN_PERSON,
    UNKNOWN_STATUS,
    CaseConflict,
    InvalidTransition,
)


def _check(user):
    if not can_use_outreach(user):
        raise PermissionDenied(ROLE_CANNOT)


def case_open(*, user, person_id, encounter=None, request=None) -> tuple[Case, bool]:
    """The person's case that is not closed, or a new one opened from this contact, assigned to
    the user and their team. Returns ``(case, created)``."""
    _check(user)
    person = person_get(user=user, person_id=person_id)
    if person is None:
        raise ValidationError({"person": [UNKNOWN_PERSON]})
    team = staff_team(user)
    existing = Case.objects.not_closed().filter(person=person).first()
    if existing is not None:
        if case_get(user=user, case_id=existing.pk) is None:
            raise ValidationError({"person": [OPEN_ELSEWHERE]})
        return existing, False
    try:
        with transaction.atomic():
            case = Case.objects.create(
                person=person,
                encounter=encounter,
                team=team,
                assigned_to=user,
                opened_by=user,
            )
    except IntegrityError:  # opened by someone else at the same moment: one episode at a time
        return Case.objects.not_closed().get(person=person), False
    audit_log(user=user, action="case_open", obj=case, request=request)
    return case, True


def case_for_follow_ups(*, person_id, team, owner, encounter_id=None) -> Case:
    """The case a referral's follow-ups belong to: the person's case that is not closed, or one
    opened for them now. For the referral service, which has already checked who may refer."""
    case = Case.objects.not_closed().filter(person_id=person_id).first()
    if case is not None:
        return case
    try:
        with transaction.atomic():
            return Case.objects.create(
                person_id=person_id,
                encounter_id=encounter_id,
                team=team,
                assigned_to=owner,
                opened_by=owner,
                status=CaseStatus.ACTIVE,
            )
    except IntegrityError:
        return Case.objects.not_closed().get(person_id=person_id)


def case_transition(
    *, user, case: Case, status: str, closure_reason: str = "", outcome: str = "", request=None
) -> Case:
    """Move a case along ``Case.TRANSITIONS``; closing needs a reason and an outcome.

    Raises ``InvalidTransition``, ``CaseConflict``, ``ValidationError``, ``PermissionDenied``,
    ``Case.DoesNotExist`` (not visible to the user)."""
    _check(user)
    if status not in CaseStatus.values:
        raise ValidationError({"status": [UNKNOWN_STATUS]})
    if status == CaseStatus.CLOSED and (
        closure_reason not in ClosureReason.values or outcome not in CaseOutcome.values
    ):
        raise ValidationError({"closure_reason": [REASON_REQUIRED]})
    current = case_get(user=user, case_id=case.pk)
    if current is None:
        raise Case.DoesNotExist
    if not current.can_move_to(status):
        raise InvalidTransition(INVALID_TRANSITION % {"current": current.status, "new": status})
    now = timezone.now()
    changes = {"status": status, "status_changed_at": now}
    if status == CaseStatus.CLOSED:
        changes |= {"closed_at": now, "closure_reason": closure_reason, "outcome": outcome}
    with transaction.atomic():
        # Conditional UPDATE: of two simultaneous changes only the first matches.
        if Case.objects.filter(pk=case.pk, status=current.status).update(**changes) != 1:
            raise CaseConflict(CHANGED_MEANWHILE)
        audit_log(
            user=user,
            action="case_status",
            obj=current,
            request=request,
            detail=f"{current.status} → {status}"
            + (f"; {closure_reason}, {outcome}" if closure_reason else ""),
        )
    current.refresh_from_db()
    return current


def _move_open_work(*, case_ids, from_user, to_user):
    PlanStep.objects.open().filter(case_id__in=case_ids, owner=from_user).update(owner=to_user)
    FollowUp.objects.open().filter(case_id__in=case_ids, owner=from_user).update(owner=to_user)


def case_assign(*, user, case: Case, assignee, request=None) -> Case:
    """Give the case (and the open steps and follow-ups its worker owned) to a team member."""
    _check(user)
    current = case_get(user=user, case_id=case.pk)
    if current is None:
        raise Case.DoesNotExist
    if not StaffProfile.objects.filter(user=assignee, team_id=current.team_id).exists():
        raise ValidationError({"assigned_to": [NOT_ON_TEAM]})
    with transaction.atomic():
        _move_open_work(case_ids=[current.pk], from_user=current.assigned_to, to_user=assignee)
        Case.objects.filter(pk=current.pk).update(assigned_to=assignee)
        audit_log(
            user=user,
            action="case_assign",
            obj=current,
            request=request,
            detail=f"{current.assigned_to} → {assignee}",
        )
    current.refresh_from_db()
    return current


def case_handover(*, user, at: datetime | None = None, request=None) -> tuple[object, int]:
    """At shift change: the user's cases that are not closed go to a teammate on duty at ``at``
    (the shift calendar), with the open steps and follow-ups the user owned on them.
    Returns ``(the new worker, number of cases handed over)``."""
    _check(user)
    at = at or timezone.now()
    team = staff_team(user)
    on_duty = on_duty_user_ids(team=team, at=at) - {user.pk}
    if not on_duty:
        raise ValidationError({"to": [NOBODY_ON_DUTY]})
    to_user = get_user_model().objects.filter(pk__in=on_duty).order_by("pk").first()
    cases = list(Case.objects.not_closed().filter(team=team, assigned_to=user))
    ids = [c.pk for c in cases]
    with transaction.atomic():
        _move_open_work(case_ids=ids, from_user=user, to_user=to_user)
        Case.objects.filter(pk__in=ids).update(assigned_to=to_user)
        for case in cases:
            audit_log(
                user=user,
                action="case_handover",
                obj=case,
                request=request,
                detail=f"{user} → {to_user} at shift change",
            )
    return to_user, len(ids)
