"""The screening and assessment pages: plain forms that work without JavaScript.

With JavaScript, static/assessment/screening.js takes the screening form over: it scores on the
phone (the same instrument data), shows the next step at once and queues the screening for
``POST /api/screenings``, so it is recorded with no signal too.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from outreach.selectors import encounter_get, person_get
from outreach.views import staff_page
from staff.audit import audit_log
from staff.models import AuditEvent

from . import scoring
from .forms import ClinicalAssessmentForm, ScreeningPageForm
from .models import ScreeningAction
from .selectors import assessment_get, instrument_current, instrument_definition, screening_get
from .services import (
    ScreeningConflict,
    clinical_assessment_create,
    screening_actions_add,
    screening_create,
)

DEFAULT_INSTRUMENT = "asq"


def _linked_from_query(request):
    """The person and contact named by ``?person=`` / ``?encounter=``, if the user may see them."""
    person = person_get(user=request.user, person_id=request.GET.get("person") or "")
    encounter = encounter_get(user=request.user, encounter_id=request.GET.get("encounter") or "")
    if person is None and encounter is not None and encounter.person_id:
        person = encounter.person
    return person, encounter


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def screening_new(request):
    instrument = instrument_current(request.GET.get("instrument") or DEFAULT_INSTRUMENT)
    if instrument is None:
        raise Http404
    definition = scoring.localised(instrument.definition)
    person, encounter = _linked_from_query(request)
    if request.method == "POST":
        form = ScreeningPageForm(request.POST, definition=definition)
        if form.is_valid():
            try:
                screening, created = screening_create(
                    user=request.user, data=form.cleaned_data, request=request
                )
            except ScreeningConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    name = field.removeprefix("answers.")
                    form.add_error(None, [f"{name}: {e}" for e in errors])
            else:
                if not created:
                    messages.info(request, _("Already saved."))
                return redirect("assessment:screening_detail", screening.pk)
    else:
        form = ScreeningPageForm(
            initial={
                "id": uuid.uuid4(),
                "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
                "instrument": instrument.code,
                "person_id": person.pk if person else "",
                "encounter_id": encounter.pk if encounter else "",
            },
            definition=definition,
        )
    if person is not None:
        audit_log(
            user=request.user,
            action=AuditEvent.Action.VIEW_PERSON,
            obj=person,
            detail="screening form",
            request=request,
        )
    return render(
        request,
        "assessment/screening_form.html",
        {
            "form": form,
            "instrument": instrument,
            "definition": definition,
            "questions": [(q, form.data.get(q["code"])) for q in definition["questions"]],
            "chosen_actions": form.data.getlist("actions") if form.is_bound else [],
            "person": person,
            "encounter": encounter,
            "actions": ScreeningAction.choices,
        },
    )


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def screening_detail(request, screening_id):
    screening = screening_get(user=request.user, screening_id=screening_id)
    if screening is None:
        raise Http404
    if request.method == "POST":
        actions = request.POST.getlist("actions")
        try:
            screening_actions_add(
                user=request.user, screening=screening, actions=actions, request=request
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect("assessment:screening_detail", screening.pk)
    audit_log(
        user=request.user, action=AuditEvent.Action.VIEW_SCREENING, obj=screening, request=request
    )
    definition = scoring.localised(instrument_definition(screening))
    labels = {a["code"]: a["label"] for a in definition.get("answers", [])}
    return render(
        request,
        "assessment/screening_detail.html",
        {
            "screening": screening,
            "result": scoring.result_of(definition, screening.result),
            "definition": definition,
            "answered": [
                (q, labels.get(screening.answers[q["code"]], screening.answers[q["code"]]))
                for q in definition["questions"]
                if q["code"] in screening.answers
            ],
            "actions": ScreeningAction.choices,
            "done": set(screening.actions),
        },
    )


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def assessment_new(request):
    person, encounter = _linked_from_query(request)
    if request.method == "POST":
        form = ClinicalAssessmentForm(request.POST, page=True)
        if form.is_valid():
            try:
                assessment, created = clinical_assessment_create(
                    user=request.user, data=form.cleaned_data, request=request
                )
            except ScreeningConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Saved.") if created else _("Already saved."))
                return redirect("assessment:assessment_detail", assessment.pk)
    else:
        form = ClinicalAssessmentForm(
            page=True,
            initial={
                "id": uuid.uuid4(),
                "person_id": person.pk if person else None,
                "encounter_id": encounter.pk if encounter else None,
            },
        )
    return render(
        request,
        "assessment/clinical_assessment_form.html",
        {"form": form, "person": person, "encounter": encounter},
    )


@never_cache
@staff_page
def assessment_detail(request, assessment_id):
    assessment = assessment_get(user=request.user, assessment_id=assessment_id)
    if assessment is None:
        raise Http404
    audit_log(
        user=request.user,
        action=AuditEvent.Action.VIEW_ASSESSMENT,
        obj=assessment,
        request=request,
    )
    return render(
        request,
        "assessment/clinical_assessment_detail.html",
        {"a": assessment, "form": ClinicalAssessmentForm(instance=assessment)},
    )
