"""``/api/screenings`` (contracts §4.5): session-authenticated JSON, idempotent like encounters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.jsonapi import iso, json_body, json_error, server_timing
from outreach.api import person_json, staff_api
from staff.audit import audit_log
from staff.models import AuditEvent

from .forms import ScreeningForm
from .models import Screening
from .selectors import screening_get
from .services import ScreeningConflict, screening_create


def screening_to_json(s: Screening) -> dict:
    return {
        "id": str(s.id),
        "occurred_at": iso(s.occurred_at),
        "person": person_json(s),
        "encounter": str(s.encounter_id) if s.encounter_id else None,
        "instrument": s.instrument_code,
        "instrument_version": s.instrument_version,
        "answers": dict(s.answers),
        "result": s.result,
        "actions": list(s.actions),
        "team": s.team.name if s.team_id else None,
        "responder": s.responder.get_username(),
        "url": reverse("assessment:screening_detail", args=[s.pk]),
        "created_at": iso(s.created_at),
    }


@require_http_methods(["POST"])
@server_timing
@staff_api
def screening_collection(request):
    payload, error = json_body(request)
    if error:
        return error
    form = ScreeningForm.from_json(payload)
    if not form.is_valid() or form.shape_errors:
        return json_error(400, "invalid", _("Some fields are not valid."), form.json_errors())
    try:
        screening, created = screening_create(
            user=request.user, data=form.cleaned_data, request=request
        )
    except ScreeningConflict as exc:
        return json_error(409, "conflict", str(exc), {"id": [str(exc)]})
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return json_error(400, "invalid", _("Some fields are not valid."), fields)
    except PermissionDenied as exc:
        return json_error(403, "forbidden", str(exc))
    screening = Screening.objects.select_related("person", "team", "responder").get(pk=screening.pk)
    return JsonResponse(screening_to_json(screening), status=201 if created else 200)


@require_http_methods(["GET"])
@staff_api
def screening_detail(request, screening_id):
    screening = screening_get(user=request.user, screening_id=screening_id)
    if screening is None:
        return json_error(404, "not_found", _("No such screening."))
    audit_log(
        user=request.user, action=AuditEvent.Action.VIEW_SCREENING, obj=screening, request=request
    )
    return JsonResponse(screening_to_json(screening))
