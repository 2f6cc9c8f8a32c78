"""Write operations for warm-handoff referrals (issue 7, contracts §4.4).

* ``referral_create`` — idempotent on the client's id, like ``encounter_create``.
* ``referral_transition`` — the only way a status changes. The allowed moves are
  ``Referral.TRANSITIONS``; the change is one conditional UPDATE (``WHERE status = <expected>``)
  inside ``transaction.atomic`` after a ``select_for_update`` where the database has it, so two
  people changing the same referral at the same moment cannot both win: the loser gets
  ``ReferralConflict`` (HTTP 409).
* ``referral_link_token`` / ``referral_link_resolve`` / ``referral_link_transition`` — the signed,
  expiring, single-use link for providers not on Waypoint.
* ``followup_complete``, ``shift_create``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from staff.audit import audit_log, audit_log_persons
from staff.models import Role, ShiftAssignment
from outreach.permissions import can_use_outreach
from staff.roles import staff_profile, staff_role, staff_team
from outreach.selectors import encounter_get, person_get

from .models import (
    Consent,
    ConsentMethod,
    ContactPreference,
    FollowUp,
    FollowUpKind,
    Handoff,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralMode,
    ReferralStatus,
    SharedField,
    Urgency,
)
from .selectors import referral_get, referrals_visible_to

# Error messages (tests assert on these).
NOT_ALLOWED_CREATE = "Only responders and supervisors may make referrals."
REFERRAL_CONFLICT = "A referral with this id already exists with different content."
UNKNOWN_PERSON = "No such person."
UNKNOWN_ENCOUNTER = "No such encounter."
UNKNOWN_SERVICE = "No such service."
SERVICE_NO_ORGANIZATION = "This service has no organization to refer to."
CONSENT_REQUIRED = "Consent is required: method, scope and expiry."
CONSENT_EXPIRED = "The consent must not have expired already."
INVALID_TRANSITION = "A referral that is %(current)s cannot become %(new)s."
CHANGED_MEANWHILE = "Someone else changed this referral at the same moment; reload and try again."
REASON_REQUIRED = "Give a reason for declining."
OUTCOME_REQUIRED = "Choose an outcome to close the referral."
ROLE_CANNOT = "Your role cannot make this change."
UNKNOWN_STATUS = "Unknown status."
NO_PROVIDER_EMAIL = "The provider has no email address on file."
NOT_LIVE = "Only a live referral goes to the provider."

# SQLite answers "database is locked" at once to a second writer (shared-cache test databases do
# not wait at all): re-read and try again for a few seconds.
LOCK_RETRIES = 40

LINK_SALT = "waypoint.referrals.provider-link.v1"
LINK_STATUSES = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.ARRIVED})
PROVIDER_STATUSES = frozenset(
    {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.ARRIVED, ReferralStatus.CLOSED}
)

DEFAULT_FOLLOW_UP_RULES = [
    {"kind": "not_arrived", "after_hours": 24, "label": "Not arrived after 24 h? Check in.", "modes": ["live"]},
    {"kind": "check_outcome", "after_hours": 72, "label": "Check the outcome after 72 h", "modes": ["live", "logged"]},
]

CONSENT_TEXT_TEMPLATE = (
    "I agree that the Community Response Team may share {scope} with {recipient} for {purpose}. "
    "This agreement ends on {expires_on}, and I can withdraw it at any time."
)


class ReferralConflict(Exception):
    """409: the id is taken with different content, or the status moved under the caller."""


class InvalidTransition(ReferralConflict):
    """409: the lifecycle does not allow this change."""


def follow_up_rules() -> list[dict]:
    return list(getattr(settings, "REFERRAL_FOLLOW_UP_RULES", DEFAULT_FOLLOW_UP_RULES))


def link_max_age() -> int:
    return int(getattr(settings, "REFERRAL_LINK_MAX_AGE", 72 * 3600))


# --- create --------------------------------------------------------------------------------------
CONTENT_FIELDS = (
    "id", "person_id", "encounter_id", "service_id", "consent_method", "consent_scope", "consent_expires_on",
    "consent_purpose", "consent_text", "urgency", "mode", "handoff", "contact_preference", "contact_phone",
    "appointment_at", "what_to_bring", "notes", "shared_fields",
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
    for key in ("notes", "contact_phone", "what_to_bring", "consent_purpose", "consent_text", "consent_scope"):
        d[key] = (d.get(key) or "").strip()
    return d


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
    Returns ``(referral, created)``; raises ``ReferralConflict``, ``ValidationError``,
    ``PermissionDenied``.
    """
    if not can_use_outreach(user):
        raise PermissionDenied(NOT_ALLOWED_CREATE)
    data = _normalise(data)
    referral_id = data.get("id") or uuid.uuid4()
    data["id"] = referral_id
    content_hash = referral_content_hash(data)
    if Referral.objects.filter(pk=referral_id).exists():
        return _repeat(user=user, referral_id=referral_id, content_hash=content_hash), False

    from directory.models import ServicePage

    errors = {}
    person = person_get(user=user, person_id=data.get("person_id")) if data.get("person_id") else None
    if person is None:
        errors["person"] = [UNKNOWN_PERSON]
    encounter = None
    if data.get("encounter_id"):
        encounter = encounter_get(user=user, encounter_id=data["encounter_id"])
        if encounter is None:
            errors["encounter"] = [UNKNOWN_ENCOUNTER]
    service = None
    try:
        service = (
            ServicePage.objects.live().select_related("organization").filter(hsds_id=data.get("service_id")).first()
        )
    except (ValidationError, ValueError):
        service = None
    if service is None:
        errors["service_id"] = [UNKNOWN_SERVICE]
    elif service.organization_id is None:
        errors["service_id"] = [SERVICE_NO_ORGANIZATION]
    if not (data.get("consent_method") and data.get("consent_scope") and data.get("consent_expires_on")):
        errors["consent"] = [CONSENT_REQUIRED]
    elif data["consent_method"] not in ConsentMethod.values:
        errors["consent"] = [CONSENT_REQUIRED]
    elif data["consent_expires_on"] < timezone.localdate():
        errors["consent"] = [CONSENT_EXPIRED]
    for name, choices in (("urgency", Urgency), ("mode", ReferralMode), ("handoff", Handoff),
                          ("contact_preference", ContactPreference)):
        if data[name] not in choices.values:
            errors[name] = [f"Not one of {', '.join(choices.values)}."]
    bad_fields = set(data["shared_fields"]) - set(SharedField.values)
    if bad_fields:
        errors["shared_fields"] = [f"Unknown: {', '.join(sorted(bad_fields))}."]
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
        consent_text=data["consent_text"] or CONSENT_TEXT_TEMPLATE.format(
            scope=data["consent_scope"], recipient=service.organization.title, purpose=purpose,
            expires_on=data["consent_expires_on"].isoformat(),
        ),
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
        exclude=["person", "encounter", "service", "organization", "consent", "team", "created_by"],
        validate_unique=False, validate_constraints=False,
    )

    for attempt in range(LOCK_RETRIES):
        try:
            with transaction.atomic():
                consent.save()
                referral.consent = consent
                referral.save(force_insert=True)
                ReferralEvent.objects.create(
                    referral=referral, from_status="", to_status=referral.status, at=now, by=user,
                    by_label=user.get_username(), via=via,
                )
                _follow_ups_create(referral=referral, owner=user, team=team, now=now)
                audit_log(user=user, action="create_referral", obj=referral, request=request,
                          detail=f"to {service.organization.title}: {service.title} ({referral.mode})")
            return referral, True
        except IntegrityError:
            consent.pk = None
            if Referral.objects.filter(pk=referral_id).exists():
                return _repeat(user=user, referral_id=referral_id, content_hash=content_hash), False
            raise
        except OperationalError as exc:  # SQLite "database is locked" under concurrent writers
            consent.pk = None
            if "locked" not in str(exc) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(min(0.02 * (attempt + 1), 0.2))
            if Referral.objects.filter(pk=referral_id).exists():
                return _repeat(user=user, referral_id=referral_id, content_hash=content_hash), False
    raise RuntimeError("unreachable")  # pragma: no cover


def _follow_ups_create(*, referral, owner, team, now):
    rows = []
    for rule in follow_up_rules():
        if referral.mode not in rule.get("modes", ["live", "logged"]):
            continue
        rows.append(
            FollowUp(
                referral=referral, kind=rule["kind"], label=rule.get("label") or rule["kind"],
                due_at=now + timedelta(hours=float(rule["after_hours"])), owner=owner, team=team,
            )
        )
    FollowUp.objects.bulk_create(rows)


# --- transitions ---------------------------------------------------------------------------------
def _check_role(*, user, referral_status_to: str, via: str):
    if via == ReferralEvent.Via.LINK:
        if referral_status_to not in LINK_STATUSES:
            raise PermissionDenied(ROLE_CANNOT)
        return
    role = staff_role(user)
    if role == Role.PROVIDER:
        if referral_status_to not in PROVIDER_STATUSES:
            raise PermissionDenied(ROLE_CANNOT)
    elif role not in (Role.RESPONDER, Role.SUPERVISOR):
        raise PermissionDenied(ROLE_CANNOT)


def _validate_fields(*, status, reason, outcome):
    if status not in ReferralStatus.values or status in (ReferralStatus.SENT, ReferralStatus.LOGGED):
        raise ValidationError({"status": [UNKNOWN_STATUS]})
    if status == ReferralStatus.DECLINED and not reason.strip():
        raise ValidationError({"reason": [REASON_REQUIRED]})
    if status == ReferralStatus.CLOSED and outcome not in Outcome.values:
        raise ValidationError({"outcome": [OUTCOME_REQUIRED]})


def _with_lock_retry(fn):
    """Run ``fn``; on SQLite's "database is locked" (another writer got in), wait and run it again.

    ``fn`` re-reads everything, so a retry sees the other writer's change and decides afresh."""
    for attempt in range(LOCK_RETRIES):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(min(0.02 * (attempt + 1), 0.2))
    raise RuntimeError("unreachable")  # pragma: no cover


def referral_transition(
    *, user, referral: Referral | uuid.UUID | str, status: str, reason: str = "", outcome: str = "",
    outcome_note: str = "", via: str = ReferralEvent.Via.APP, request=None, at: datetime | None = None,
    _expected_nonce: str | None = None,
) -> Referral:
    """Move a referral to ``status`` if the lifecycle and the caller's role allow it.

    Raises ``InvalidTransition`` (not allowed from the current status), ``ReferralConflict``
    (changed by someone else meanwhile), ``ValidationError`` (missing reason/outcome),
    ``PermissionDenied`` (role), ``Referral.DoesNotExist`` (not visible to the caller).
    """
    reason, outcome = (reason or "").strip(), (outcome or "").strip()
    _validate_fields(status=status, reason=reason, outcome=outcome)
    _check_role(user=user, referral_status_to=status, via=via)
    referral_id = referral.pk if isinstance(referral, Referral) else referral
    return _with_lock_retry(lambda: _transition_once(
        user=user, referral_id=referral_id, status=status, reason=reason, outcome=outcome,
        outcome_note=outcome_note, via=via, request=request, at=at, expected_nonce=_expected_nonce,
    ))


def _transition_once(*, user, referral_id, status, reason, outcome, outcome_note, via, request, at, expected_nonce):
    if via != ReferralEvent.Via.LINK and referral_get(user=user, referral_id=referral_id) is None:
        raise Referral.DoesNotExist
    now = at or timezone.now()
    with transaction.atomic():
        qs = Referral.objects.filter(pk=referral_id)
        if connection.features.has_select_for_update:
            qs = qs.select_for_update()  # PostgreSQL: the second changer waits here, then re-reads
        current = qs.get()
        if not current.can_move_to(status):
            raise InvalidTransition(INVALID_TRANSITION % {"current": current.status, "new": status})
        changes = {"status": status, "status_changed_at": now}
        if status == ReferralStatus.ACCEPTED:
            changes["accepted_at"] = now
        elif status == ReferralStatus.ARRIVED:
            changes["arrived_at"] = now
        elif status in (ReferralStatus.CLOSED, ReferralStatus.DECLINED, ReferralStatus.CANCELLED):
            changes["closed_at"] = now
            changes["link_nonce"] = ""
        if reason:
            changes["reason"] = reason
        if status == ReferralStatus.CLOSED:
            changes["outcome"] = outcome
            changes["outcome_note"] = outcome_note.strip()
        guard = {"pk": referral_id, "status": current.status}
        if expected_nonce is not None:
            guard["link_nonce"] = expected_nonce
            changes["link_nonce"] = ""  # single use: the link dies with its first use
        # The conditional UPDATE: of two simultaneous changes only one can match (SQLite has no
        # row locks; this is what stops the second one there).
        if Referral.objects.filter(**guard).update(**changes) != 1:
            raise ReferralConflict(CHANGED_MEANWHILE)
        by_label = user.get_username() if user is not None else "provider link"
        ReferralEvent.objects.create(
            referral_id=referral_id, from_status=current.status, to_status=status, at=now, by=user,
            by_label=by_label, via=via, reason=reason, outcome=outcome,
        )
        _follow_ups_after(referral=current, status=status, now=now, user=user)
        audit_log(
            user=user, action="referral_status", obj=current, request=request,
            detail=f"{current.status} → {status} via {via}" + (f"; reason: {reason}" if reason else "")
            + (f"; outcome: {outcome}" if outcome else ""),
        )
    return Referral.objects.select_related("person", "service", "organization", "consent").get(pk=referral_id)


def _follow_ups_after(*, referral, status, now, user):
    open_ = FollowUp.objects.open().filter(referral_id=referral.pk)
    if status == ReferralStatus.ARRIVED:
        open_.filter(kind=FollowUpKind.NOT_ARRIVED).update(cancelled_at=now, note="arrived")
    elif status in (ReferralStatus.CLOSED, ReferralStatus.CANCELLED):
        open_.update(cancelled_at=now, note=status)
    elif status == ReferralStatus.DECLINED:
        open_.update(cancelled_at=now, note="declined")
        FollowUp.objects.create(
            referral_id=referral.pk, kind=FollowUpKind.OTHER, label="Declined by the provider: find another option",
            due_at=now, owner_id=referral.created_by_id, team_id=referral.team_id,
        )


# --- the provider link ---------------------------------------------------------------------------
def _signer():
    return signing.TimestampSigner(salt=LINK_SALT)


def referral_link_token(*, referral: Referral) -> str:
    """A fresh single-purpose token for this referral; any earlier token stops working."""
    if referral.mode != ReferralMode.LIVE:
        raise ValidationError(NOT_LIVE)
    nonce = secrets.token_urlsafe(24)
    Referral.objects.filter(pk=referral.pk).update(link_nonce=nonce)
    referral.link_nonce = nonce
    return _signer().sign_object({"r": str(referral.pk), "n": nonce})


def _link_payload(token: str):
    try:
        payload = _signer().unsign_object(token, max_age=link_max_age())
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(payload, dict) or not payload.get("r") or not payload.get("n"):
        return None
    return payload


def referral_link_resolve(*, token: str) -> Referral | None:
    """The referral a valid, unused, unexpired token stands for; None otherwise (show nothing)."""
    payload = _link_payload(token)
    if payload is None:
        return None
    try:
        rid = uuid.UUID(str(payload["r"]))
    except ValueError:
        return None
    referral = (
        Referral.objects.select_related("service", "person", "consent", "organization")
        .filter(pk=rid, mode=ReferralMode.LIVE, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])
        .first()
    )
    if referral is None or not referral.link_nonce or not constant_time_compare(referral.link_nonce, payload["n"]):
        return None
    return referral


def referral_link_transition(*, token: str, status: str, reason: str = "", request=None) -> Referral | None:
    """Use a link once: returns the changed referral, or None for a bad, used or expired token."""
    referral = _with_lock_retry(lambda: referral_link_resolve(token=token))
    if referral is None:
        return None
    referral = referral_transition(
        user=None, referral=referral.pk, status=status, reason=reason, via=ReferralEvent.Via.LINK,
        request=request, _expected_nonce=referral.link_nonce,
    )
    if referral.status == ReferralStatus.ACCEPTED:
        # The next step (arrived) gets its own fresh link.
        transaction.on_commit(lambda: _enqueue_link_email(referral.pk))
    return referral


def provider_emails(referral: Referral) -> list[str]:
    emails = [referral.service.email or "", referral.organization.email or ""]
    return [e for e in dict.fromkeys(emails) if e]


def _enqueue_link_email(referral_id):
    from .tasks import send_referral_link

    send_referral_link.enqueue(str(referral_id))


def referral_link_send(*, user, referral: Referral, request=None) -> None:
    """Email the provider a fresh link (through the django-tasks queue)."""
    if referral_get(user=user, referral_id=referral.pk) is None or staff_role(user) == Role.PROVIDER:
        raise PermissionDenied(ROLE_CANNOT)
    if referral.mode != ReferralMode.LIVE:
        raise ValidationError(NOT_LIVE)
    if not provider_emails(referral):
        raise ValidationError(NO_PROVIDER_EMAIL)
    audit_log(user=user, action="referral_link", obj=referral, request=request, detail="link emailed to provider")
    transaction.on_commit(lambda: _enqueue_link_email(referral.pk))


# --- follow-ups and shifts -----------------------------------------------------------------------
def followup_complete(*, user, follow_up: FollowUp, note: str = "", request=None) -> FollowUp:
    if not can_use_outreach(user):
        raise PermissionDenied(ROLE_CANNOT)
    if referral_get(user=user, referral_id=follow_up.referral_id) is None:
        raise PermissionDenied(ROLE_CANNOT)
    now = timezone.now()
    updated = FollowUp.objects.open().filter(pk=follow_up.pk).update(done_at=now, done_by=user, note=note.strip())
    if updated:
        audit_log(user=user, action="follow_up_done", obj=follow_up.referral, request=request,
                  detail=f"follow-up {follow_up.pk}: {follow_up.label}")
    follow_up.refresh_from_db()
    return follow_up


def shift_create(*, team, user, starts_at: datetime, ends_at: datetime) -> ShiftAssignment:
    shift = ShiftAssignment(team=team, user=user, starts_at=starts_at, ends_at=ends_at)
    shift.full_clean()
    shift.save()
    return shift


def provider_organization_id(user):
    profile = staff_profile(user)
    return profile.organization_id if profile is not None else None


def referral_reads_audit(*, user, referrals, action: str = "list_referrals", detail: str = "", request=None) -> None:
    """One audit event per referral shown in a list (each with its person), like person lists."""
    audit_log_persons(user=user, action=action, persons=referrals, detail=detail, request=request)
