"""``/api/referrals`` (contracts §4.4): session-authenticated JSON, scoped per role.

A provider gets only live referrals to its own organization and only the fields it needs; a
referral the caller may not see answers 404 exactly as one that does not exist. Every read is
written to the audit log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.selectors import substance_use_disclosed
from core.jsonapi import json_body, json_error, server_timing
from staff.audit import audit_log, referral_reads_audit
from staff.models import Role
from staff.roles import staff_role

from .forms import ReferralJsonForm
from .models import ConsentMethod, ContactPreference, Referral, SharedField
from .selectors import referral_get, referral_list
from .services import (
    InvalidTransition,
    ReferralConflict,
    referral_create,
    referral_transition,
)

REFERRAL_ROLES = frozenset({Role.RESPONDER, Role.SUPERVISOR, Role.PROVIDER})
LIST_LIMIT = 200


def _dt(value):
    return value.isoformat() if value else None


def referral_to_provider_json(r: Referral) -> dict:
    """The minimum a provider needs: who (first name or alias, while consent lasts), how urgent,
    which service, where it stands, and what the person agreed may be shared."""
    consent = r.consent
    valid = consent.is_valid_on()
    shared = set(consent.shared_fields or [])
    person = {"label": r.person_label if valid and SharedField.FIRST_NAME in shared else None}
    if valid and SharedField.PHONE in shared and r.contact_preference != ContactPreference.NONE:
        person["phone"] = r.contact_phone or None
    part2 = (
        valid
        and SharedField.SUBSTANCE_USE in shared
        and consent.method == ConsentMethod.WRITTEN
        and substance_use_disclosed(person_id=r.person_id, consented_at=consent.given_at)
    )
    if part2:
        person["substance_use"] = part2
    return {
        "id": str(r.id),
        "person": person,
        "urgency": r.urgency,
        "service_id": str(r.service.hsds_id),
        "service_name": r.service.title,
        "status": r.status,
        "handoff": r.handoff,
        "appointment_at": _dt(r.appointment_at),
        "consent": {"scope": consent.scope, "expires_on": consent.expires_on.isoformat()},
        "sent_at": _dt(r.sent_at),
        "accepted_at": _dt(r.accepted_at),
        "arrived_at": _dt(r.arrived_at),
        "closed_at": _dt(r.closed_at),
        "reason": r.reason,
        "outcome": r.outcome,
        "allowed_next": sorted(r.allowed_next() - {"cancelled"}),
    }


def disclosure_detail(data: dict, detail: str = "") -> str:
    """An audit detail that records a Part 2 disclosure (42 CFR 2.13 asks who received what)."""
    if (data.get("person") or {}).get("substance_use"):
        return "; ".join(filter(None, [detail, "substance use disclosed (42 CFR Part 2)"]))
    return detail


def referral_to_json(r: Referral, *, history: bool = True) -> dict:
    consent = r.consent
    out = {
        "id": str(r.id),
        "person": {"id": str(r.person_id), "label": r.person_label},
        "encounter": str(r.encounter_id) if r.encounter_id else None,
        "service_id": str(r.service.hsds_id),
        "service_name": r.service.title,
        "organization": {"id": str(r.organization.hsds_id), "name": r.organization.title},
        "consent": {
            "method": consent.method,
            "scope": consent.scope,
            "expires_on": consent.expires_on.isoformat(),
            "purpose": consent.purpose,
            "text": consent.consent_text,
            "shared_fields": list(consent.shared_fields),
        },
        "urgency": r.urgency,
        "mode": r.mode,
        "handoff": r.handoff,
        "contact_preference": r.contact_preference,
        "appointment_at": _dt(r.appointment_at),
        "what_to_bring": r.what_to_bring,
        "notes": r.notes,
        "status": r.status,
        "sent_at": _dt(r.sent_at),
        "accepted_at": _dt(r.accepted_at),
        "arrived_at": _dt(r.arrived_at),
        "closed_at": _dt(r.closed_at),
        "reason": r.reason,
        "outcome": r.outcome,
        "team": r.team.name if r.team_id else None,
        "created_by": r.created_by.get_username(),
        "allowed_next": sorted(r.allowed_next()),
    }
    if history:
        out["history"] = [
            {
                "from": e.from_status,
                "to": e.to_status,
                "at": _dt(e.at),
                "by": e.by_label,
                "via": e.via,
                "reason": e.reason,
                "outcome": e.outcome,
            }
            for e in r.events.all()
        ]
    return out


def serialize_for(user, referral: Referral, **kwargs) -> dict:
    if staff_role(user) == Role.PROVIDER:
        return referral_to_provider_json(referral)
    return referral_to_json(referral, **kwargs)


def _guard(request):
    if not request.user.is_authenticated:
        return json_error(401, "not_authenticated", _("Log in first."))
    if staff_role(request.user) not in REFERRAL_ROLES:
        return json_error(403, "forbidden", _("Your role has no access to referrals."))
    return None


def _validation_fields(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


@require_http_methods(["GET", "POST"])
@server_timing
def referral_collection(request):
    denied = _guard(request)
    if denied:
        return denied
    if request.method == "GET":
        referrals = list(
            referral_list(
                user=request.user, status=request.GET.get("status") or None, limit=LIST_LIMIT
            )
        )
        referral_reads_audit(
            user=request.user, referrals=referrals, request=request, detail="GET /api/referrals"
        )
        return JsonResponse(
            {
                "count": len(referrals),
                "results": [serialize_for(request.user, r, history=False) for r in referrals],
            }
        )
    if staff_role(request.user) not in (Role.RESPONDER, Role.SUPERVISOR):
        return json_error(
            403, "forbidden", _("Only responders and supervisors may make referrals.")
        )
    payload, error = json_body(request)
    if error:
        return error
    form = ReferralJsonForm.from_json(payload)
    if not form.is_valid() or form.shape_errors:
        return json_error(400, "invalid", _("Some fields are not valid."), form.json_errors())
    try:
        referral, created = referral_create(
            user=request.user, data=form.to_service_data(), request=request, via="api"
        )
    except ReferralConflict as exc:
        return json_error(409, "conflict", str(exc), {"id": [str(exc)]})
    except ValidationError as exc:
        return json_error(400, "invalid", _("Some fields are not valid."), _validation_fields(exc))
    except PermissionDenied as exc:
        return json_error(403, "forbidden", str(exc))
    referral = referral_get(user=request.user, referral_id=referral.pk)
    return JsonResponse(referral_to_json(referral), status=201 if created else 200)


@require_http_methods(["GET"])
def referral_detail(request, referral_id):
    denied = _guard(request)
    if denied:
        return denied
    referral = referral_get(user=request.user, referral_id=referral_id)
    if referral is None:
        return json_error(404, "not_found", _("No such referral."))
    data = serialize_for(request.user, referral)
    audit_log(
        user=request.user,
        action="view_referral",
        obj=referral,
        request=request,
        detail=disclosure_detail(data),
    )
    return JsonResponse(data)


@require_http_methods(["POST"])
def referral_status(request, referral_id):
    denied = _guard(request)
    if denied:
        return denied
    referral = referral_get(user=request.user, referral_id=referral_id)
    if referral is None:
        return json_error(404, "not_found", _("No such referral."))
    payload, error = json_body(request)
    if error:
        return error
    status = payload.get("status")
    reason, outcome = payload.get("reason") or "", payload.get("outcome") or ""
    if not isinstance(status, str) or not isinstance(reason, str) or not isinstance(outcome, str):
        return json_error(
            400, "invalid", _("Some fields are not valid."), {"status": [_("Required text.")]}
        )
    try:
        referral = referral_transition(
            user=request.user,
            referral=referral.pk,
            status=status,
            reason=reason,
            outcome=outcome,
            via="api",
            request=request,
        )
    except InvalidTransition as exc:
        return json_error(409, "invalid_transition", str(exc), {"status": [str(exc)]})
    except ReferralConflict as exc:
        return json_error(409, "conflict", str(exc), {"status": [str(exc)]})
    except ValidationError as exc:
        return json_error(400, "invalid", _("Some fields are not valid."), _validation_fields(exc))
    except PermissionDenied as exc:
        return json_error(403, "forbidden", str(exc))
    except Referral.DoesNotExist:
        return json_error(404, "not_found", _("No such referral."))
    referral = referral_get(user=request.user, referral_id=referral.pk)
    return JsonResponse(serialize_for(request.user, referral))
