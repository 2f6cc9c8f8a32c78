"""Read queries of screenings and assessments, always scoped to what the asking staff may see.

The scope is the encounters' (contracts §5): a responder its own team's, a supervisor all,
everyone else (providers, moderators, the public) nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from outreach.selectors import as_uuid
from staff.models import Role
from staff.roles import staff_role, staff_team

from .models import ClinicalAssessment, Instrument, Screening


def _scoped(qs: QuerySet, user) -> QuerySet:
    role = staff_role(user)
    if role == Role.SUPERVISOR:
        return qs
    if role == Role.RESPONDER:
        return qs.for_team(staff_team(user))
    return qs.none()


def screenings_visible_to(user) -> QuerySet[Screening]:
    return _scoped(Screening.objects.all(), user)


def assessments_visible_to(user) -> QuerySet[ClinicalAssessment]:
    return _scoped(ClinicalAssessment.objects.all(), user)


def screening_get(*, user, screening_id) -> Screening | None:
    """The screening if the user may see it; None otherwise (callers answer 404)."""
    sid = as_uuid(screening_id)
    if sid is None:
        return None
    return (
        screenings_visible_to(user)
        .select_related("person", "team", "responder")
        .filter(pk=sid)
        .first()
    )


def assessment_get(*, user, assessment_id) -> ClinicalAssessment | None:
    aid = as_uuid(assessment_id)
    if aid is None:
        return None
    return (
        assessments_visible_to(user)
        .select_related("person", "team", "responder")
        .filter(pk=aid)
        .first()
    )


def person_screening_list(*, user, person) -> QuerySet[Screening]:
    return screenings_visible_to(user).filter(person=person).order_by("-occurred_at")


def person_assessment_list(*, user, person) -> QuerySet[ClinicalAssessment]:
    return assessments_visible_to(user).filter(person=person).order_by("-occurred_at")


def instrument_current(code: str) -> Instrument | None:
    return Instrument.objects.current(code)


def instrument_definition(screening: Screening) -> dict:
    """The definition a screening was scored with (its own code and version)."""
    instrument = Instrument.objects.filter(
        code=screening.instrument_code, version=screening.instrument_version
    ).first()
    return instrument.definition if instrument else {"answers": [], "questions": [], "results": []}
