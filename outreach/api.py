"""``/api/encounters`` (contracts §4.3): hand-written JSON views, session-authenticated."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.jsonapi import iso, json_body, json_error, server_timing
from staff.audit import audit_log
from staff.models import AuditEvent

from .forms import EncounterForm
from .models import Encounter
from .permissions import can_use_outreach
from .selectors import directory_snapshot, encounter_get, team_member_list
from .services import EncounterConflict, encounter_create


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


@require_http_methods(["POST"])
@server_timing
@staff_api
def encounter_collection(request):
    payload, error = json_body(request)
    if error:
        return error
    form = EncounterForm.from_json(
        payload, team_member_queryset=team_member_list(user=request.user)
    )
    if not form.is_valid() or form.shape_errors:
        return json_error(400, "invalid", _("Some fields are not valid."), form.json_errors())
    try:
        encounter, created = encounter_create(
            user=request.user, data=form.cleaned_data, request=request
        )
    except EncounterConflict as exc:
        return json_error(409, "conflict", str(exc), {"id": [str(exc)]})
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return json_error(400, "invalid", _("Some fields are not valid."), fields)
    except PermissionDenied as exc:
        return json_error(403, "forbidden", str(exc))
    encounter = Encounter.objects.with_related().get(pk=encounter.pk)
    return JsonResponse(encounter_to_json(encounter), status=201 if created else 200)


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
