"""``referral_create``: idempotent on the client's id, like ``encounter_create``."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from cases.selectors import plan_step_get
from core.db import retry_when_locked
from outreach.permissions import can_use_outreach
from outreach.selectors import encounter_get, person_get
from outreach.services import person_create
from staff.audit import audit_log
from staff.roles import staff_team

from ..models import (
    Consent,
    ConsentMethod,
    ContactPreference,
    Handoff,
    Referral,
    ReferralEvent,
    ReferralMode,
    ReferralStatus,
    SharedField,
    Urgency,
)
from ..selectors import referrals_visible_to
from .errors import ReferralConflict
from .follow_ups import followups_create

# Error messages (tests assert on these).
NOT_ALLOWED_CREATE = "Only responders and supervisors may make referrals."
REFERRAL_CONFLICT = "A referral with this id already exists with different content."
UNKNOWN_PERSON = "No such person."
UNKNOWN_ENCOUNTER = "No such encounter."
UNKNOWN_PLAN_STEP = "No such step in this person's plan."
UNKNOWN_SERVICE = "No such service."
SERVICE_NO_ORGANIZATION = "This service has no organization to refer to."
CONSENT_REQUIRED = "Consent is required: method, scope and expiry."
CONSENT_EXPIRED = "The consent must not have expired already."

# SQLite answers "database is locked" at once to a second writer (shared-cache test databases do
# not wait at all): re-read and try again for a few seconds.
LOCK_RETRIES = 40

# The person a page's "anonymous / not named" referral creates: the same id on every retry.
ALIAS_PERSON_NAMESPACE_LABEL = "referral person"

CONSENT_TEXT_TEMPLATE = (
    "I agree that the Community Response Team may share {scope} with {recipient} for {purpose}. "
    "This agreement ends on {expires_on}, and I can withdraw it at any time."
)
CONSENT_TEXT_PART2 = (
    " This includes information about my substance use (what I use, when I last used, my "
    "overdose risk), which is protected by federal law (42 CFR Part 2)."
)
PART2_NEEDS_WRITTEN = (
    "Substance use (42 CFR Part 2) is shared only under a written consent that names it."
)

# --- create --------------------------------------------------------------------------------------
CONTENT_FIELDS = (
    "id",
    "person_id",
    "encounter_id",
    "service_id",
    "consent_method",
    "consent_scope",
    "consent_expires_on",
    "consent_purpose",
    "consent_text",
    "urgency",
    "mode",
    "handoff",
    "contact_preference",
    "contact_phone",
    "appointment_at",
    "what_to_bring",
    "notes",
    "shared_fields",
)


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted({str(v) for v in value})
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    return value


def referral_content_hash(data: dict) -> str:
    canonical = {name: _canonical(data.get(name)) for name in CONTENT_FIELDS}
    blob = json.dumps(canonical, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _normalise(data: dict) -> dict:
    d = dict(data)
    d.setdefault("urgency", Urgency.ROUTINE)
    d.setdefault("mode", ReferralMode.LIVE)
    d.setdefault("handoff", Handoff.INFORMATION)
    d.setdefault("contact_preference", ContactPreference.NONE)
    d["shared_fields"] = sorted(set(d.get("shared_fields") or [SharedField.FIRST_NAME]))
    for key in (
        "notes",
        "contact_phone",
        "what_to_bring",
        "consent_purpose",
        "consent_text",
        "consent_scope",
    ):
        d[key] = (d.get(key) or "").strip()
    return d


def alias_person_id(referral_id: uuid.UUID) -> uuid.UUID:
    """The id of the person a referral's alias creates (``data["person_alias"]``)."""
    return uuid.uuid5(referral_id, ALIAS_PERSON_NAMESPACE_LABEL)


def _repeat(*, user, referral_id, content_hash) -> Referral:
    existing = referrals_visible_to(user).filter(pk=referral_id).first()
    if existing is None or existing.content_hash != content_hash:
        raise ReferralConflict(REFERRAL_CONFLICT)
    return existing


def referral_create(
    *, user, data: dict, request=None, at: datetime | None = None, via: str = ReferralEvent.Via.APP
) -> tuple[Referral, bool]:
    """Store a referral (with its consent and follow-ups); idempotent on ``data["id"]``.

    ``data`` keys: id, person_id, encounter_id?, service_id (HSDS id), consent_method,
    consent_scope, consent_expires_on, consent_purpose?, consent_text?, urgency, mode, handoff,
    contact_preference, contact_phone, appointment_at, what_to_bring, notes, shared_fields.
    Instead of person_id, ``person_alias`` (text, may be blank) creates a person by alias in the
    user's team, as an encounter's ``{"alias": …}`` does (the pages' "anonymous / not named").
    Returns ``(referral, created)``; raises ``ReferralConflict``, ``ValidationError``,
    ``PermissionDenied``.
    """
    if not can_use_outreach(user):
        raise PermissionDenied(NOT_ALLOWED_CREATE)
    data = _normalise(data)
    referral_id = data.get("id") or uuid.uuid4()
    data["id"] = referral_id
    new_alias = None if data.get("person_id") else data.get("person_alias")
    if new_alias is not None:
        new_alias = new_alias.strip()
        data["person_id"] = alias_person_id(referral_id)
    content_hash = referral_content_hash(data)
    if Referral.objects.filter(pk=referral_id).exists():
        return _repeat(user=user, referral_id=referral_id, content_hash=content_hash), False

    from directory.models import ServicePage

    errors = {}
    person = (
        person_get(user=user, person_id=data.get("person_id"))
        if data.get("person_id") and new_alias is None
        else None
    )
    if person is None and new_alias is None:
        errors["person"] = [UNKNOWN_PERSON]
    encounter = None
    if data.get("encounter_id"):
        encounter = encounter_get(user=user, encounter_id=data["encounter_id"])
        if encounter is None:
            errors["encounter"] = [UNKNOWN_ENCOUNTER]
    plan_step = None
    if data.get("plan_step_id"):
        plan_step = plan_step_get(user=user, step_id=data["plan_step_id"])
        if plan_step is None or person is None or plan_step.case.person_id != person.pk:
            errors["plan_step"] = [UNKNOWN_PLAN_STEP]
    service = None
    try:
        service = (
            ServicePage.objects.live()
            .select_related("organization")
            .filter(hsds_id=data.get("service_id"))
            .first()
        )
    except (ValidationError, ValueError):
        service = None
    if service is None:
        errors["service_id"] = [UNKNOWN_SERVICE]
    elif service.organization_id is None:
        errors["service_id"] = [SERVICE_NO_ORGANIZATION]
    if (
        not (
            data.get("consent_method")
            and data.get("consent_scope")
            and data.get("consent_expires_on")
        )
        or data["consent_method"] not in ConsentMethod.values
    ):
        errors["consent"] = [CONSENT_REQUIRED]
    elif data["consent_expires_on"] < timezone.localdate():
        errors["consent"] = [CONSENT_EXPIRED]
    for name, choices in (
        ("urgency", Urgency),
        ("mode", ReferralMode),
        ("handoff", Handoff),
        ("contact_preference", ContactPreference),
    ):
        if data[name] not in choices.values:
            errors[name] = [f"Not one of {', '.join(choices.values)}."]
    bad_fields = set(data["shared_fields"]) - set(SharedField.values)
    if bad_fields:
        errors["shared_fields"] = [f"Unknown: {', '.join(sorted(bad_fields))}."]
    elif (
        SharedField.SUBSTANCE_USE in data["shared_fields"]
        and data["consent_method"] != ConsentMethod.WRITTEN
    ):
        errors["shared_fields"] = [PART2_NEEDS_WRITTEN]
    if errors:
        raise ValidationError(errors)

    now = at or timezone.now()
    team = staff_team(user)
    purpose = data["consent_purpose"] or f"a referral to {service.title}"
    consent = Consent(
        person=person,
        recipient=service.organization,
        purpose=purpose[:200],
        method=data["consent_method"],
        scope=data["consent_scope"],
        consent_text=data["consent_text"]
        or CONSENT_TEXT_TEMPLATE.format(
            scope=data["consent_scope"],
            recipient=service.organization.title,
            purpose=purpose,
            expires_on=data["consent_expires_on"].isoformat(),
        )
        + (CONSENT_TEXT_PART2 if SharedField.SUBSTANCE_USE in data["shared_fields"] else ""),
        shared_fields=data["shared_fields"],
        expires_on=data["consent_expires_on"],
        attested_by=user,
        given_at=now,
    )
    live = data["mode"] == ReferralMode.LIVE
    referral = Referral(
        id=referral_id,
        person=person,
        encounter=encounter,
        plan_step=plan_step,
        service=service,
        organization_id=service.organization_id,
        team=team,
        created_by=user,
        urgency=data["urgency"],
        mode=data["mode"],
        handoff=data["handoff"],
        contact_preference=data["contact_preference"],
        contact_phone=data["contact_phone"],
        appointment_at=data.get("appointment_at"),
        what_to_bring=data["what_to_bring"],
        notes=data["notes"],
        status=ReferralStatus.SENT if live else ReferralStatus.LOGGED,
        status_changed_at=now,
        sent_at=now,
        content_hash=content_hash,
    )
    consent.full_clean(exclude=["person", "recipient", "attested_by"])
    referral.full_clean(
        exclude=[
            "person",
            "encounter",
            "plan_step",
            "service",
            "organization",
            "consent",
            "team",
            "created_by",
        ],
        validate_unique=False,
        validate_constraints=False,
    )

    def store():
        try:
            with transaction.atomic():
                if new_alias is not None:
                    consent.person = referral.person = person_create(
                        user=user,
                        data={"id": data["person_id"], "alias": new_alias},
                        request=request,
                    )
                consent.save()
                referral.consent = consent
                referral.save(force_insert=True)
                ReferralEvent.objects.create(
                    referral=referral,
                    from_status="",
                    to_status=referral.status,
                    at=now,
                    by=user,
                    by_label=user.get_username(),
                    via=via,
                )
                followups_create(referral=referral, owner=user, team=team, now=now)
                audit_log(
                    user=user,
                    action="create_referral",
                    obj=referral,
                    request=request,
                    detail=f"to {service.organization.title}: {service.title} ({referral.mode})",
                )
            return referral, True
        except IntegrityError:
            consent.pk = None
            if Referral.objects.filter(pk=referral_id).exists():
                return _repeat(user=user, referral_id=referral_id, content_hash=content_hash), False
            raise
        except (
            OperationalError
        ):  # the rolled-back insert left consent a pk: the retry inserts afresh
            consent.pk = None
            raise

    def stored_meanwhile():
        if Referral.objects.filter(pk=referral_id).exists():
            return _repeat(user=user, referral_id=referral_id, content_hash=content_hash), False
        return None

    return retry_when_locked(store, attempts=LOCK_RETRIES, step=0.02, recheck=stored_meanwhile)
