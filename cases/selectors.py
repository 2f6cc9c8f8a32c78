"""Read queries for cases, always scoped to the asking staff member (contracts §5).

Scope is the team's, as for persons: a supervisor sees every case, a responder its own team's,
a provider, a moderator and the public none (callers answer 404 as if it did not exist).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from outreach.selectors import as_uuid
from staff.models import Role
from staff.roles import staff_role, staff_team

from .models import Case, CaseStatus, FollowUp, PlanStep, SafetyPlan


def cases_visible_to(user) -> QuerySet[Case]:
    role = staff_role(user)
    if role == Role.SUPERVISOR:
        return Case.objects.all()
    if role == Role.RESPONDER:
        return Case.objects.for_team(staff_team(user))
    return Case.objects.none()


def case_get(*, user, case_id) -> Case | None:
    cid = as_uuid(case_id)
    if cid is None:
        return None
    return (
        cases_visible_to(user)
        .select_related("person", "team", "assigned_to", "encounter")
        .filter(pk=cid)
        .first()
    )


def case_open_for_person(*, user, person) -> Case | None:
    """The person's case that is not closed, if the user may see it (one at a time)."""
    return (
        cases_visible_to(user)
        .not_closed()
        .filter(person=person)
        .select_related("assigned_to", "team")
        .first()
    )


def plan_step_get(*, user, step_id) -> PlanStep | None:
    """A step of a case the user may see (a referral made for it links to it)."""
    try:
        step_id = int(step_id)
    except (TypeError, ValueError):
        return None
    return (
        PlanStep.objects.filter(pk=step_id, case__in=cases_visible_to(user))
        .select_related("case")
        .first()
    )


def case_plan(*, case) -> dict:
    """What the case page and the card show of the plan: goals, then steps soonest first."""
    return {
        "goals": list(case.goals.all()),
        "steps": list(case.steps.select_related("owner").prefetch_related("referrals")),
    }


def case_follow_up_list(*, case) -> list[FollowUp]:
    return list(case.follow_ups.select_related("owner", "referral", "plan_step").order_by("due_at"))


def safety_plan_get(*, case) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(case=case).first()


def case_api_list(*, user, person_id=None) -> list[Case]:
    """Cases for GET /api/cases, with their plan steps and follow-ups in three queries in all."""
    qs = cases_visible_to(user).select_related("assigned_to")
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return list(
        qs.order_by("-opened_at").prefetch_related(
            Prefetch("steps", queryset=PlanStep.objects.select_related("owner")),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_at")),
        )
    )


# --- caseload ------------------------------------------------------------------------------------
@dataclass
class CaseloadRow:
    case: Case
    next_due: datetime | None
    overdue: bool


def _next_due(model, at_field="due_at"):
    """The soonest due time of a case's open steps or follow-ups, as a subquery (one query in all)."""
    open_rows = model.objects.open().filter(case=OuterRef("pk"))
    return Subquery(
        open_rows.order_by().values("case").annotate(first=Min(at_field)).values("first")[:1]
    )


def caseload_list(
    *, user, team_wide: bool = False, at: datetime | None = None
) -> list[CaseloadRow]:
    """A worker's cases that are not closed (or, with ``team_wide``, the whole team's), overdue
    first, then by the soonest thing due; one query whatever the number of cases."""
    at = at or timezone.now()
    qs = cases_visible_to(user).not_closed()
    if team_wide:
        team = staff_team(user)
        if team is not None:
            qs = qs.filter(team=team)
    else:
        qs = qs.filter(assigned_to=user)
    qs = qs.select_related("person", "assigned_to", "team").annotate(
        step_due=_next_due(PlanStep),
        follow_up_due=_next_due(FollowUp),
        phone=Subquery(SafetyPlan.objects.filter(case=OuterRef("pk")).values("sms_phone")[:1]),
    )
    rows = []
    for case in qs:
        dues = [d for d in (case.step_due, case.follow_up_due) if d is not None]
        next_due = min(dues) if dues else None
        rows.append(CaseloadRow(case, next_due, next_due is not None and next_due <= at))
    far = datetime.max.replace(tzinfo=at.tzinfo)
    rows.sort(key=lambda r: (not r.overdue, r.next_due or far, r.case.opened_at))
    return rows


def case_workers(*, case) -> QuerySet:
    """Who may take the case over: the active responders and supervisors of its team."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__team_id=case.team_id,
            staff_profile__role__in=(Role.RESPONDER, Role.SUPERVISOR),
        )
        .order_by("username")
    )


def case_status_choices(case) -> list[tuple[str, str]]:
    return [(s.value, s.label) for s in CaseStatus if case.can_move_to(s.value)]
