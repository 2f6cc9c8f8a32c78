"""``GET /api/cases`` (contracts §4.6): the cases the caller may see, with plan and follow-ups.

Team scope as for persons; providers, moderators and the public get 401/403. Every case listed
is written to the audit log with its person.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.jsonapi import json_error, server_timing
from outreach.api import staff_api
from outreach.selectors import as_uuid
from staff.audit import audit_log_persons

from .models import Case
from .selectors import case_api_list


def _dt(value):
    return value.isoformat() if value else None


def case_to_json(case: Case) -> dict:
    return {
        "id": str(case.pk),
        "person": {"id": str(case.person_id)},
        "status": case.status,
        "assigned_to": case.assigned_to.get_username(),
        "opened_at": _dt(case.opened_at),
        "closed_at": _dt(case.closed_at),
        "plan": [
            {
                "text": step.text,
                "owner": step.owner.get_username(),
                "due": _dt(step.due_at),
                "done": step.is_done,
            }
            for step in case.steps.all()
        ],
        "follow_ups": [
            {"due": _dt(f.due_at), "done": f.done_at is not None, "kind": f.kind}
            for f in case.follow_ups.all()
        ],
    }


@never_cache
@require_GET
@server_timing
@staff_api
def case_collection(request):
    person_id = None
    if "person" in request.GET:
        person_id = as_uuid(request.GET["person"])
        if person_id is None:
            return json_error(
                400, "invalid", _("Some fields are not valid."), {"person": [_("Not a UUID.")]}
            )
    cases = case_api_list(user=request.user, person_id=person_id)
    audit_log_persons(
        user=request.user,
        action="list_cases",
        persons=cases,
        detail="GET /api/cases",
        request=request,
    )
    return JsonResponse({"count": len(cases), "results": [case_to_json(c) for c in cases]})
