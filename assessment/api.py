"""``/api/screenings`` (contracts §4.5) and ``/api/assessments``: session-authenticated JSON,
idempotent like encounters, so the offline client can queue them."""

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

from .forms import ClinicalAssessmentForm, ScreeningForm
from .models import ClinicalAssessment, Screening
from .selectors import assessment_get, screening_get
from .services import ScreeningConflict, clinical_assessment_create, screening_create


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


def assessment_to_json(a: ClinicalAssessment) -> dict:
    return {
        "id": str(a.id),
        "occurred_at": iso(a.occurred_at),
        "person": person_json(a),
        "encounter": str(a.encounter_id) if a.encounter_id else None,
        **{name: getattr(a, name) for name in ClinicalAssessment.PARTS},
        "team": a.team.name if a.team_id else None,
        "responder": a.responder.get_username(),
        "url": reverse("assessment:assessment_detail", args=[a.pk]),
        "created_at": iso(a.created_at),
    }


def _store(request, *, form_class, create, model, to_json):
    """POST of one record: the form's errors as 400, a taken id with other content as 409,
    the stored record as 201 (first time) or 200 (a retry)."""
    payload, error = json_body(request)
    if error:
        return error
    form = form_class.from_json(payload)
    if not form.is_valid() or form.shape_errors:
        return json_error(400, "invalid", _("Some fields are not valid."), form.json_errors())
    try:
        record, created = create(user=request.user, data=form.cleaned_data, request=request)
    except ScreeningConflict as exc:
        return json_error(409, "conflict", str(exc), {"id": [str(exc)]})
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return json_error(400, "invalid", _("Some fields are not valid."), fields)
    except PermissionDenied as exc:
        return json_error(403, "forbidden", str(exc))
    record = model.objects.select_related("person", "team", "responder").get(pk=record.pk)
    return JsonResponse(to_json(record), status=201 if created else 200)


@require_http_methods(["POST"])
@server_timing
@staff_api
def screening_collection(request):
    return _store(
        request,
        form_class=ScreeningForm,
        create=screening_create,
        model=Screening,
        to_json=screening_to_json,
    )


@require_http_methods(["POST"])
@server_timing
@staff_api
def assessment_collection(request):
    return _store(
        request,
        form_class=ClinicalAssessmentForm,
        create=clinical_assessment_create,
        model=ClinicalAssessment,
        to_json=assessment_to_json,
    )


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


@require_http_methods(["GET"])
@staff_api
def assessment_detail(request, assessment_id):
    assessment = assessment_get(user=request.user, assessment_id=assessment_id)
    if assessment is None:
        return json_error(404, "not_found", _("No such assessment."))
    audit_log(
        user=request.user,
        action=AuditEvent.Action.VIEW_ASSESSMENT,
        obj=assessment,
        request=request,
    )
    return JsonResponse(assessment_to_json(assessment))
