"""``/api/encounters`` (contracts §4.3): hand-written JSON views, session-authenticated."""

from __future__ import annotations

from contextlib import nullcontext
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.jsonapi import error_body, iso, json_body, json_error, server_timing, too_large_alone
from staff.audit import audit_log
from staff.models import AuditEvent

from .forms import EncounterForm
from .models import Encounter
from .permissions import can_use_outreach
from .selectors import directory_snapshot, encounter_get, team_member_list
from .services import EncounterConflict, encounter_create

# contracts §4.3: a backlog is sent in batches of up to this many encounters.
MAX_BATCH = 200


def staff_api(view):
    """401 for the public, 403 for staff outside the outreach roles (providers, moderators)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return json_error(401, "not_authenticated", _("Log in as a responder or supervisor."))
        if not can_use_outreach(request.user):
            return json_error(
                403, "forbidden", _("Only responders and supervisors may use this API.")
            )
        return view(request, *args, **kwargs)

    return wrapper


def person_json(record) -> dict | None:
    """The person of a record (an encounter, a screening) as the staff APIs return it."""
    if not record.person_id:
        return None
    return {
        "id": str(record.person_id),
        "alias": record.person.alias,
        "url": reverse("outreach:person_detail", args=[record.person_id]),
    }


def encounter_to_json(e: Encounter) -> dict:
    return {
        "id": str(e.id),
        "occurred_at": iso(e.occurred_at),
        "source": e.source,
        "cad_incident": e.cad_incident,
        "lat": e.latitude,
        "lng": e.longitude,
        "location_text": e.location_text,
        "neighbourhood": e.neighbourhood,
        "person": person_json(e),
        "needs": list(e.needs),
        "disposition": e.disposition,
        "notes": e.notes,
        "call_received_at": iso(e.call_received_at),
        "dispatched_at": iso(e.dispatched_at),
        "on_scene_at": iso(e.on_scene_at),
        "cleared_at": iso(e.cleared_at),
        "co_response": e.co_response,
        "police_backup_requested": e.police_backup_requested,
        "police_backup_reason": e.police_backup_reason,
        "arrest_or_citation": e.arrest_or_citation,
        "transport_destination": e.transport_destination,
        "transport_destination_text": e.transport_destination_text,
        "danger_to_self": e.danger_to_self,
        "danger_to_others": e.danger_to_others,
        "medical_emergency": e.medical_emergency,
        "intoxication": e.intoxication,
        "services_given": list(e.services_given),
        "living_situation": e.living_situation,
        "language": e.language,
        "interpreter": e.interpreter,
        "team": e.team.name if e.team_id else None,
        "responder": e.responder.get_username(),
        "team_members": sorted(u.pk for u in e.team_members.all()),
        "created_at": iso(e.created_at),
    }


def _encounter_post(request, payload: dict, *, team_members) -> tuple[int, Encounter | dict]:
    """One encounter judged and stored, alone or as one entry of a batch: ``(201 or 200, the
    encounter)`` or ``(400, 409 or 403, the error)``. Each store is its own transaction (or, in a
    batch on PostgreSQL, its own savepoint), so an entry that fails leaves the others stored."""
    form = EncounterForm.from_json(payload, team_member_queryset=team_members)
    if not form.is_valid() or form.shape_errors:
        return 400, error_body("invalid", _("Some fields are not valid."), form.json_errors())
    try:
        encounter, created = encounter_create(
            user=request.user, data=form.cleaned_data, request=request
        )
    except EncounterConflict as exc:
        return 409, error_body("conflict", str(exc), {"id": [str(exc)]})
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return 400, error_body("invalid", _("Some fields are not valid."), fields)
    except PermissionDenied as exc:
        return 403, error_body("forbidden", str(exc))
    return 201 if created else 200, encounter


def _batch_transaction():
    """PostgreSQL flushes its log to disk at every commit: a batch commits once, each item in a
    savepoint of its own (encounter_create's atomic block), so an item that fails rolls back alone.
    SQLite commits cheaply, and there a transaction that began by reading cannot always go on to
    write (see encounter_create), so each item commits by itself."""
    return transaction.atomic() if connection.vendor == "postgresql" else nullcontext()


def _stored_json(encounters) -> dict:
    """The stored records as the API shows them, read back in one query (with their relations)."""
    found = Encounter.objects.with_related().in_bulk([e.pk for e in encounters])
    return {pk: encounter_to_json(e) for pk, e in found.items()}


@require_http_methods(["POST"])
@server_timing
@staff_api
def encounter_collection(request):
    """One encounter (an object), or a batch of up to ``MAX_BATCH`` (a list, answered 200 with one
    result per object in order): each judged exactly as if it had been sent alone."""
    payload, error = json_body(request, max_items=MAX_BATCH)
    if error:
        return error
    # Who may be named on scene is worked out once per request, not once per encounter (the
    # caller's role and team are cached on request.user by staff.roles).
    team_members = team_member_list(user=request.user)
    if isinstance(payload, dict):
        status, outcome = _encounter_post(request, payload, team_members=team_members)
        if isinstance(outcome, dict):
            return JsonResponse({"error": outcome}, status=status)
        return JsonResponse(_stored_json([outcome])[outcome.pk], status=status)

    outcomes = []
    with _batch_transaction():
        for item in payload:
            if too_large_alone(item):
                outcomes.append((400, error_body("too_large", _("This encounter is too large."))))
            else:
                outcomes.append(_encounter_post(request, item, team_members=team_members))
    records = _stored_json([o for _status, o in outcomes if isinstance(o, Encounter)])
    results = [
        {"id": item.get("id"), "status": status, "error": outcome}
        if isinstance(outcome, dict)
        else {"id": str(outcome.pk), "status": status, "record": records[outcome.pk]}
        for item, (status, outcome) in zip(payload, outcomes, strict=True)
    ]
    return JsonResponse({"results": results})


@require_http_methods(["GET"])
@staff_api
def encounter_detail(request, encounter_id):
    encounter = encounter_get(user=request.user, encounter_id=encounter_id)
    if encounter is None:
        return json_error(404, "not_found", _("No such encounter."))
    audit_log(
        user=request.user, action=AuditEvent.Action.VIEW_ENCOUNTER, obj=encounter, request=request
    )
    return JsonResponse(encounter_to_json(encounter))


@require_http_methods(["GET"])
@staff_api
def directory_json(request):
    """The offline snapshot of the directory: small, cached by the service worker."""
    services = directory_snapshot()
    response = JsonResponse({"services": services, "count": len(services)})
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


@require_http_methods(["GET"])
@staff_api
def csrf_token(request):
    """A fresh CSRF token (and cookie) for the offline client, e.g. after the browser lost its cookies,
    and who is signed in: the client sends only the queued encounters that this user recorded."""
    response = JsonResponse({"token": get_token(request), "user": str(request.user.pk)})
    response["Cache-Control"] = "no-store"
    return response
