"""Anonymisers of screenings and clinical assessments (see outreach/anonymise.py for the rules).

They keep what the evaluator counts (instrument, version, answers, result, what was done, the
codes and chips of an assessment, times, team) and remove what identifies a person: the free
text of an assessment. Screenings hold no free text; their person link goes with the person's
own anonymisation. Registered with ``outreach.anonymise.registry`` (apps.py).
"""

from __future__ import annotations

from django.db import transaction

from .models import ClinicalAssessment, Screening

REMOVED = ""


def _blank_assessments(qs) -> int:
    return qs.update(**dict.fromkeys(ClinicalAssessment.TEXT_FIELDS, REMOVED))


def assessment_anonymise_persons(person_ids: list) -> dict[str, int]:
    """Rows of these persons: assessments' free text blanked; screenings counted (nothing to
    remove)."""
    with transaction.atomic():
        assessments = _blank_assessments(
            ClinicalAssessment.objects.filter(person_id__in=person_ids)
        )
        screenings = Screening.objects.filter(person_id__in=person_ids).count()
    return {"clinical_assessment": assessments, "screening": screenings}


def assessment_anonymise_all() -> dict[str, int]:
    """Every row (a staging copy), anonymous contacts' rows too."""
    with transaction.atomic():
        assessments = _blank_assessments(ClinicalAssessment.objects.all())
        screenings = Screening.objects.count()
    return {"clinical_assessment": assessments, "screening": screenings}
