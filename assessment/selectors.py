"""Read queries of screenings and assessments, always scoped to what the asking staff may see.

The scope is the encounters' (contracts §5): a responder its own team's, a supervisor all,
everyone else (providers, moderators, the public) nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from outreach.selectors import as_uuid
from staff.models import Role
from staff.roles import staff_role, staff_team

from .models import ClinicalAssessment, Instrument, Screening
from .models.choices import LastUse, OverdoseRisk, Substance


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


PART2_NOTICE = _("42 CFR part 2 prohibits unauthorized disclosure of these records.")


def _coded(value, choices) -> dict | None:
    return {"code": value, "label": str(dict(choices).get(value, value))} if value else None


def substance_use_disclosed(*, person_id, consented_at) -> dict | None:
    """The substance-use part of the person's latest clinical assessment made before a written
    Part 2 consent was given (what the person agreed to share), for the provider it names.

    Codes only: the free text may hold more than the person agreed to, so it never leaves.
    """
    recent = ClinicalAssessment.objects.filter(
        person_id=person_id, occurred_at__lte=consented_at
    ).order_by("-occurred_at")[:20]
    for a in recent:
        if a.substances or a.last_use or a.overdose_risk:
            return {
                "assessed_at": a.occurred_at.isoformat(),
                "substances": [_coded(code, Substance.choices) for code in a.substances],
                "last_use": _coded(a.last_use, LastUse.choices),
                "overdose_risk": _coded(a.overdose_risk, OverdoseRisk.choices),
                "notice": str(PART2_NOTICE),
            }
    return None
