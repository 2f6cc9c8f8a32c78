"""Bodies and rows for the assessment tests."""

import uuid

from django.utils import timezone

from assessment.models import ClinicalAssessment, Screening
from assessment.services import screening_content_hash

__all__ = [
    "ACUTE",
    "NEGATIVE",
    "NON_ACUTE",
    "assessment_json",
    "make_assessment",
    "make_screening",
    "screening_json",
]

NEGATIVE = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
NON_ACUTE = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
ACUTE = {"q1": "no", "q2": "no", "q3": "yes", "q4": "no", "q5": "yes"}


def screening_json(**overrides):
    """A valid body for POST /api/screenings (contracts §4.5)."""
    body = {
        "id": str(uuid.uuid4()),
        "occurred_at": "2026-11-23T21:05:00-05:00",
        "instrument": "asq",
        "answers": dict(NEGATIVE),
    }
    body.update(overrides)
    return body


def make_screening(*, team, responder, person=None, answers=None, result="negative", **kw):
    answers = answers or dict(NEGATIVE)
    sid = kw.pop("id", uuid.uuid4())
    return Screening.objects.create(
        id=sid,
        occurred_at=kw.pop("occurred_at", timezone.now()),
        team=team,
        responder=responder,
        person=person,
        instrument_code="asq",
        instrument_version="nimh-asq-2020",
        answers=answers,
        result=result,
        content_hash=screening_content_hash({"id": sid, "answers": answers}),
        **kw,
    )


def make_assessment(*, team, responder, person=None, **kw):
    defaults = {
        "presenting_concerns": ["suicidal_thoughts"],
        "presenting_notes": "Says his brother died last month",
        "substances": ["opioids"],
        "last_use": "today",
        "overdose_risk": "high",
        "substance_notes": "Uses alone behind the laundromat",
        "strengths": "Loves his dog Rex",
    }
    defaults.update(kw)
    return ClinicalAssessment.objects.create(
        team=team, responder=responder, person=person, **defaults
    )


def assessment_json(**overrides):
    """A valid body for POST /api/assessments."""
    body = {
        "id": str(uuid.uuid4()),
        "occurred_at": "2026-11-23T21:05:00-05:00",
        "presenting_concerns": ["suicidal_thoughts"],
        "orientation": "oriented",
        "substances": ["opioids"],
        "last_use": "today",
        "overdose_risk": "high",
        "substance_notes": "Uses alone behind the laundromat",
        "strengths": "Loves his dog Rex",
    }
    body.update(overrides)
    return body
