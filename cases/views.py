"""Case pages for responders and supervisors. Thin: forms validate, services write, selectors
read; every read of a case, its notes or its plan is written to the audit log."""

from __future__ import annotations

import urllib.parse

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from outreach.decorators import page_for
from outreach.permissions import can_use_outreach
from outreach.selectors import encounter_get, person_get, team_member_list
from staff.audit import audit_log, audit_log_persons

from . import services
from .forms import AssignForm, NoteForm, PlanForm, SafetyPlanForm, StatusForm, TextConsentForm
from .models import FollowUp, PlanStep
from .selectors import (
    case_follow_up_list,
    case_get,
    case_plan,
    case_status_choices,
    case_workers,
    caseload_list,
    safety_plan_get,
)

staff_page = page_for(can_use_outreach, gettext_lazy("Cases are for responders and supervisors."))


def _case_or_404(request, case_id):
    case = case_get(user=request.user, case_id=case_id)
    if case is None:
        raise Http404
    return case


def _errors(exc: ValidationError) -> str:
    # The services' messages are constants; the catalogue holds their translations.
    return " ".join(_(m) for m in exc.messages)


@never_cache
@staff_page
def caseload(request):
    team_wide = request.GET.get("team") == "1"
    rows = caseload_list(user=request.user, team_wide=team_wide)
    audit_log_persons(
        user=request.user,
        action="list_cases",
        persons=[r.case for r in rows],
        detail="team caseload" if team_wide else "my caseload",
        request=request,
    )
    return render(request, "cases/caseload.html", {"rows": rows, "team_wide": team_wide})


@require_POST
@staff_page
def case_open(request):
    encounter = None
    if request.POST.get("encounter"):
        encounter = encounter_get(user=request.user, encounter_id=request.POST["encounter"])
    try:
        case, created = services.case_open(
            user=request.user,
            person_id=request.POST.get("person", ""),
            encounter=encounter,
            request=request,
        )
    except ValidationError as exc:
        if person_get(user=request.user, person_id=request.POST.get("person", "")) is None:
            raise Http404 from exc
        messages.error(request, _errors(exc))
        return redirect("outreach:person_detail", request.POST["person"])
    if not created:
        messages.info(request, _("This person already has an open case."))
    return redirect("cases:detail", case.pk)


@never_cache
@staff_page
def case_detail(request, case_id):
    case = _case_or_404(request, case_id)
    plan = case_plan(case=case)
    for action in ("view_case", "view_case_plan", "view_case_notes"):
        audit_log(user=request.user, action=action, obj=case, request=request)
    members = list(team_member_list(user=request.user))
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "plan": plan,
            "follow_ups": case_follow_up_list(case=case),
            "notes": case.notes.select_related("written_by"),
            "safety_plan": safety_plan_get(case=case),
            "plan_form": PlanForm(members=members, user=request.user),
            "status_form": StatusForm(allowed=case_status_choices(case)),
            "assign_form": AssignForm(members=case_workers(case=case), case=case),
            "note_form": NoteForm(),
        },
    )


@require_POST
@staff_page
def plan_add(request, case_id):
    case = _case_or_404(request, case_id)
    form = PlanForm(request.POST, members=list(team_member_list(user=request.user)))
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect("cases:detail", case.pk)
    data = form.cleaned_data
    owner = data["owner_user"] or request.user
    try:
        services.goal_add(user=request.user, case=case, text=data["goal"], request=request)
        for code in data["common"]:
            services.plan_step_add(
                user=request.user,
                case=case,
                common=code,
                owner=owner,
                due_at=data["due_at"],
                request=request,
            )
        if data["text"]:
            services.plan_step_add(
                user=request.user,
                case=case,
                text=data["text"],
                kind=data["kind"],
                owner=owner,
                due_at=data["due_at"],
                request=request,
            )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Plan saved."))
    return redirect("cases:detail", case.pk)


@require_POST
@staff_page
def step_done(request, case_id, step_id):
    case = _case_or_404(request, case_id)
    step = get_object_or_404(PlanStep, pk=step_id, case=case)
    services.plan_step_complete(user=request.user, step=step, request=request)
    return redirect("cases:detail", case.pk)


@require_POST
@staff_page
def followup_done(request, follow_up_id):
    follow_up = FollowUp.objects.filter(pk=follow_up_id).first()
    if follow_up is None or case_get(user=request.user, case_id=follow_up.case_id) is None:
        raise Http404
    services.followup_complete(user=request.user, follow_up=follow_up, request=request)
    return redirect("cases:detail", follow_up.case_id)


@require_POST
@staff_page
def case_status(request, case_id):
    case = _case_or_404(request, case_id)
    form = StatusForm(request.POST, allowed=case_status_choices(case))
    if not form.is_valid():
        messages.error(request, _("That change is not possible from here."))
        return redirect("cases:detail", case.pk)
    try:
        services.case_transition(user=request.user, case=case, request=request, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    except (services.InvalidTransition, services.CaseConflict) as exc:
        messages.error(request, str(exc))
    return redirect("cases:detail", case.pk)


@require_POST
@staff_page
def case_assign(request, case_id):
    case = _case_or_404(request, case_id)
    form = AssignForm(request.POST, members=case_workers(case=case), case=case)
    if not form.is_valid():
        # Someone off the team answers exactly as nobody at all.
        messages.error(request, _("Pick someone on your team."))
        return redirect("cases:detail", case.pk)
    try:
        case = services.case_assign(
            user=request.user, case=case, assignee=form.cleaned_data["assignee"], request=request
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("Case given to %(worker)s.") % {"worker": case.assigned_to.get_username()}
        )
    return redirect("cases:detail", case.pk)


@require_POST
@staff_page
def note_add(request, case_id):
    case = _case_or_404(request, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.case_note_add(
            user=request.user, case=case, text=form.cleaned_data["text"], request=request
        )
    return redirect("cases:detail", case.pk)


@require_POST
@staff_page
def handover(request):
    try:
        to_user, count = services.case_handover(user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("%(count)d case(s) handed over to %(name)s.")
            % {"count": count, "name": to_user.get_username()},
        )
    return redirect("cases:index")


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request, case_id):
    case = _case_or_404(request, case_id)
    audit_log(user=request.user, action="view_case_safety_plan", obj=case, request=request)
    plan = safety_plan_get(case=case) or services.safety_plan_start(case=case, user=request.user)
    form = SafetyPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.safety_plan_save(
            user=request.user, case=case, data=form.cleaned_data, request=request
        )
        return redirect("cases:safety_plan", case.pk)
    return render(request, "cases/safety_plan_form.html", {"case": case, "form": form})


def _sms_link(plan) -> str:
    lines = [_("My safety plan")]
    for label, text in plan.sections():
        if text:
            lines += ["", str(label), text]
    return f"sms:{plan.sms_phone}?&body=" + urllib.parse.quote("\n".join(lines))


@never_cache
@staff_page
def safety_plan(request, case_id):
    """The plan to print or text: the text link appears only once the person has agreed."""
    case = _case_or_404(request, case_id)
    plan = safety_plan_get(case=case)
    if plan is None:
        return redirect("cases:safety_plan_edit", case.pk)
    audit_log(user=request.user, action="view_case_safety_plan", obj=case, request=request)
    return render(
        request,
        "cases/safety_plan.html",
        {
            "case": case,
            "plan": plan,
            "sms_link": _sms_link(plan) if plan.may_text else "",
            "consent_form": TextConsentForm(initial={"phone": plan.sms_phone}),
        },
    )


@require_POST
@staff_page
def safety_plan_consent(request, case_id):
    case = _case_or_404(request, case_id)
    form = TextConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick that they agreed, and give the number."))
    else:
        try:
            services.safety_plan_sms_consent(
                user=request.user, case=case, phone=form.cleaned_data["phone"], request=request
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    return redirect("cases:safety_plan", case.pk)
