"""Write operations of the assessment app: instruments, screenings (idempotent), assessments."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import idempotency
from outreach.models import Person
from outreach.permissions import can_log_encounters
from outreach.selectors import encounter_get, person_get
from outreach.services import person_id_for_encounter
from staff.audit import audit_log
from staff.models import AuditEvent
from staff.roles import staff_team

from . import scoring
from .models import ClinicalAssessment, Instrument, Screening, ScreeningAction
from .scoring import BUILTIN_DIR
from .selectors import assessments_visible_to, instrument_current, screenings_visible_to

SCREENING_CONFLICT = "A screening with this id already exists with different content."
ASSESSMENT_CONFLICT = "An assessment with this id already exists with different content."
NOT_ALLOWED = "Only responders and supervisors may record screenings and assessments."
UNKNOWN_PERSON = "No such person."
UNKNOWN_ENCOUNTER = "No such contact."
UNKNOWN_INSTRUMENT = "No such screening instrument."
BAD_DEFINITION = "This instrument file cannot be loaded: {problems}"

# What makes up a screening's content (the idempotency hash covers exactly these).
SCREENING_FIELDS = (
    "id",
    "occurred_at",
    "person_id",
    "person_alias",
    "encounter_id",
    "instrument",
    "answers",
    "actions",
)


# What makes up an assessment's content: its id, when, whom, and every part of the form.
ASSESSMENT_FIELDS = ("id", "occurred_at", "person_id", "encounter_id", *ClinicalAssessment.PARTS)


class ScreeningConflict(Exception):
    """The id is taken by a record with different content (or one the caller may not see)."""


class AssessmentConflict(ScreeningConflict):
    """The same for a clinical assessment."""


# --- instruments ---------------------------------------------------------------------------------
def instrument_load(*, definition: dict, using: str = "default") -> tuple[Instrument, bool]:
    """Store one version of an instrument and make it the one asked; a stored version is kept as
    it is (screenings scored with it keep their meaning). Returns ``(instrument, created)``."""
    problems = scoring.check_definition(definition)
    if problems:
        raise ValidationError(BAD_DEFINITION.format(problems="; ".join(problems)))
    rows = Instrument.objects.using(using)
    existing = rows.filter(code=definition["code"], version=definition["version"]).first()
    if existing is not None:
        return existing, False
    with transaction.atomic(using=using):
        rows.filter(code=definition["code"], is_current=True).update(is_current=False)
        instrument = rows.create(
            code=definition["code"],
            version=definition["version"],
            name=definition["name"],
            definition=definition,
        )
    return instrument, True


def instrument_load_file(path: Path, *, using: str = "default") -> tuple[Instrument, bool]:
    with open(path, encoding="utf-8") as f:
        return instrument_load(definition=json.load(f), using=using)


def instruments_load_builtin(*, using: str = "default") -> list[Instrument]:
    """The instruments shipped in ``instruments/*.json`` (new code or version only)."""
    return [instrument_load_file(p, using=using)[0] for p in sorted(BUILTIN_DIR.glob("*.json"))]


# --- screenings ----------------------------------------------------------------------------------
def screening_content_hash(data: dict) -> str:
    return idempotency.content_hash(data, SCREENING_FIELDS, text_fields=("person_alias",))


def _repeat(visible, *, record_id, content_hash, conflict: ScreeningConflict):
    """The stored record a repeat of ``record_id`` gets back, or ``conflict`` raised."""
    existing = visible.filter(pk=record_id).first()
    if existing is None or existing.content_hash != content_hash:
        raise conflict
    return existing


def _linked(*, user, data: dict):
    """The person and contact a screening or assessment names, if the user may see them."""
    person = encounter = None
    if data.get("person_id"):
        person = person_get(user=user, person_id=data["person_id"])
        if person is None:
            raise ValidationError({"person": UNKNOWN_PERSON})
    if data.get("encounter_id"):
        encounter = encounter_get(user=user, encounter_id=data["encounter_id"])
        if encounter is None:
            raise ValidationError({"encounter": UNKNOWN_ENCOUNTER})
        if person is None and encounter.person_id and not data.get("person_alias"):
            person = encounter.person
    return person, encounter


def screening_create(*, user, data: dict, request=None) -> tuple[Screening, bool]:
    """Score and store a screening; idempotent on ``data["id"]`` exactly as encounters are.

    ``data``: ``id``, ``occurred_at``, ``instrument`` (a code), ``answers``, optional
    ``person_id`` or ``person_alias``, ``encounter_id`` and ``actions`` (ScreeningAction codes).
    Returns ``(screening, created)``; raises ``ScreeningConflict`` for the same id with other
    content and ``ValidationError`` (field errors) for answers the instrument does not take.
    """
    if not can_log_encounters(user):
        raise PermissionDenied(NOT_ALLOWED)
    screening_id = data["id"]
    content_hash = screening_content_hash(data)

    def stored():
        if Screening.objects.filter(pk=screening_id).exists():
            return _repeat(
                screenings_visible_to(user),
                record_id=screening_id,
                content_hash=content_hash,
                conflict=ScreeningConflict(SCREENING_CONFLICT),
            )
        return None

    if (existing := stored()) is not None:
        return existing, False

    instrument = instrument_current(data["instrument"])
    if instrument is None:
        raise ValidationError({"instrument": UNKNOWN_INSTRUMENT})
    definition = instrument.definition
    errors = scoring.validate(definition, data["answers"])
    if errors:
        raise ValidationError(
            {f"answers.{k}" if k != "answers" else k: v for k, v in errors.items()}
        )
    person, encounter = _linked(user=user, data=data)
    team = staff_team(user)
    screening = Screening(
        id=screening_id,
        occurred_at=data["occurred_at"],
        person=person,
        encounter=encounter,
        team=team,
        responder=user,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        answers=dict(data["answers"]),
        result=scoring.score(definition, data["answers"])["code"],
        actions=sorted(set(data.get("actions") or [])),
        content_hash=content_hash,
    )

    def write():
        with transaction.atomic():
            if data.get("person_alias"):
                # The same id on every retry, as for an encounter's alias.
                screening.person = Person(
                    id=person_id_for_encounter(screening_id),
                    alias=data["person_alias"].strip(),
                    created_by_team=team,
                    created_by=user,
                )
                screening.person.save(force_insert=True)
                audit_log(
                    user=user,
                    action=AuditEvent.Action.CREATE_PERSON,
                    obj=screening.person,
                    request=request,
                )
            screening.save(force_insert=True)
            audit_log(
                user=user,
                action=AuditEvent.Action.CREATE_SCREENING,
                obj=screening,
                # The instrument, never the result: the audit log is read and exported widely.
                detail=f"{screening.instrument_code} {screening.instrument_version}",
                request=request,
            )
        return screening

    return idempotency.store_once(write=write, stored=stored)


def screening_actions_add(
    *, user, screening: Screening, actions: list[str], request=None
) -> Screening:
    """Record what was done after the screen (added to what was recorded before)."""
    if not screenings_visible_to(user).filter(pk=screening.pk).exists():
        raise PermissionDenied(NOT_ALLOWED)
    unknown = set(actions) - set(ScreeningAction.values)
    if unknown:
        raise ValidationError({"actions": f"Unknown: {', '.join(sorted(unknown))}"})
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=screening.pk)
        added = sorted(set(actions) - set(screening.actions))
        screening.actions = sorted(set(screening.actions) | set(actions))
        screening.save(update_fields=["actions"])
        audit_log(
            user=user,
            action=AuditEvent.Action.UPDATE_SCREENING,
            obj=screening,
            detail="added: " + ", ".join(added),
            request=request,
        )
    return screening


# --- clinical assessments ---------------------------------------------------------------------------
def clinical_assessment_create(
    *, user, data: dict, request=None
) -> tuple[ClinicalAssessment, bool]:
    """Store a clinical assessment from cleaned ``ClinicalAssessmentForm`` data; idempotent on
    ``data["id"]`` as screenings are. ``occurred_at`` left empty is now (the page's save).
    Returns ``(assessment, created)``; raises ``AssessmentConflict`` for the same id with other
    content."""
    if not can_log_encounters(user):
        raise PermissionDenied(NOT_ALLOWED)
    assessment_id = data["id"]
    content_hash = idempotency.content_hash(
        data, ASSESSMENT_FIELDS, text_fields=ClinicalAssessment.TEXT_FIELDS
    )

    def stored():
        if ClinicalAssessment.objects.filter(pk=assessment_id).exists():
            return _repeat(
                assessments_visible_to(user),
                record_id=assessment_id,
                content_hash=content_hash,
                conflict=AssessmentConflict(ASSESSMENT_CONFLICT),
            )
        return None

    if (existing := stored()) is not None:
        return existing, False
    person, encounter = _linked(user=user, data=data)
    assessment = ClinicalAssessment(
        id=assessment_id,
        occurred_at=data.get("occurred_at") or timezone.now(),
        person=person,
        encounter=encounter,
        team=staff_team(user),
        responder=user,
        content_hash=content_hash,
        **{name: data[name] for name in ClinicalAssessment.PARTS if name in data},
    )
    assessment.full_clean(
        exclude=["person", "encounter", "team", "responder"], validate_unique=False
    )

    def write():
        with transaction.atomic():
            assessment.save(force_insert=True)
            audit_log(
                user=user,
                action=AuditEvent.Action.CREATE_ASSESSMENT,
                obj=assessment,
                request=request,
            )
        return assessment

    return idempotency.store_once(write=write, stored=stored)
