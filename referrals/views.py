"""Pages for referrals: make one (from a search result, a person or an encounter), follow it,
the responder's "today" list, the supervisor's open loops, the provider inbox and the one-screen
no-login provider link. Thin: writes in ``services``, reads in ``selectors``.
"""

from __future__ import annotations

import urllib.parse
import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from directory.phones import phone_text
from outreach.decorators import page_for
from outreach.permissions import can_use_outreach
from outreach.selectors import encounter_get, person_get, person_recent_list, person_search
from staff.audit import audit_log, audit_log_persons, referral_reads_audit
from staff.models import AuditEvent, Role
from staff.roles import staff_role

from .forms import ANONYMOUS, QuickReferralForm
from .links import referral_link_resolve
from .models import (
    ConsentMethod,
    ContactPreference,
    FollowUp,
    Outcome,
    ReferralMode,
    ReferralStatus,
    SharedField,
)
from .selectors import (
    followup_worklist,
    open_loop_list,
    provider_inbox_list,
    referral_get,
    referral_urgency_for,
)
from .services import (
    InvalidTransition,
    ReferralConflict,
    referral_create,
    referral_link_send,
    referral_link_transition,
    referral_transition,
)

INBOX_PAGE_SIZE = 50
# Folded under "More" on the new-referral screen: defaults a responder rarely changes.
MORE_FIELDS = {
    "consent_scope",
    "consent_expires_on",
    "consent_purpose",
    "shared_fields",
    "mode",
    "handoff",
    "contact_preference",
    "contact_phone",
    "appointment_at",
    "what_to_bring",
    "notes",
}
PEOPLE_SHOWN = 8  # on the new-referral screen: enough to find someone, short enough to scroll


_staff = page_for(
    can_use_outreach, gettext_lazy("Referrals are made by responders and supervisors.")
)
_provider = page_for(
    lambda user: staff_role(user) == Role.PROVIDER,
    gettext_lazy("The referral inbox is for provider accounts."),
)


@never_cache
@_staff
@require_http_methods(["GET", "POST"])
def referral_new(request):
    """``/outreach/referrals/new/?service=<HSDS id>&person=<uuid>&encounter=<uuid>``: the Refer
    of a search result, one screen like the quick log. Without a person carried in, it offers
    the team's recent people, or those matching ``?who=``, and "Anonymous / not named"."""
    from directory.models import ServicePage

    source = request.POST if request.method == "POST" else request.GET
    service = (
        ServicePage.objects.live()
        .select_related("organization")
        .filter(hsds_id=_uuid_or_none(source.get("service")))
        .first()
    )
    encounter = (
        encounter_get(user=request.user, encounter_id=source.get("encounter"))
        if source.get("encounter")
        else None
    )
    person = (
        person_get(user=request.user, person_id=source.get("person"))
        if _uuid_or_none(source.get("person"))
        else None
    )
    if person is None and encounter is not None and encounter.person_id:
        person = person_get(user=request.user, person_id=encounter.person_id)
    if request.method == "POST":
        form = QuickReferralForm(request.POST)
        if form.is_valid():
            rid = _uuid_or_none(request.POST.get("referral_id")) or uuid.uuid4()
            try:
                referral, _created = referral_create(
                    user=request.user, data=form.to_service_data(rid), request=request
                )
            except ValidationError as exc:
                for field, errs in (
                    exc.message_dict.items()
                    if hasattr(exc, "error_dict")
                    else [(None, exc.messages)]
                ):
                    for err in errs:
                        form.add_error(field if field in form.fields else None, err)
            except ReferralConflict as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Referral saved."))
                if form.cleaned_data.get("send_link") and referral.mode == ReferralMode.LIVE:
                    try:
                        referral_link_send(user=request.user, referral=referral, request=request)
                        messages.success(request, _("The provider was emailed a link."))
                    except (ValidationError, PermissionDenied) as exc:
                        messages.warning(request, " ".join(getattr(exc, "messages", [str(exc)])))
                return redirect("referrals:detail", referral.pk)
    else:
        form = QuickReferralForm(
            initial={
                "service": service.hsds_id if service else None,
                "person": person.pk if person else None,
                "encounter": encounter.pk if encounter else None,
                "plan_step": source.get("plan_step") or None,
                "urgency": referral_urgency_for(encounter),
                "consent_method": ConsentMethod.VERBAL,
                "consent_expires_on": timezone.localdate() + timedelta(days=30),
                "consent_scope": _("my first name and what I need today"),
                "consent_purpose": _("a referral to %(service)s")
                % {"service": service.title if service else ""},
            }
        )
    who = request.GET.get("who", "").strip()
    if person is not None:
        people = [person]
    elif who:
        people = person_search(user=request.user, query=who, limit=PEOPLE_SHOWN)
    else:
        people = person_recent_list(user=request.user, limit=PEOPLE_SHOWN)
    if people or who:
        audit_log_persons(
            user=request.user,
            action=AuditEvent.Action.VIEW_PERSON if person else AuditEvent.Action.LIST_PERSONS,
            persons=people,
            detail="new referral" + (" (search)" if who and person is None else ""),
            request=request,
        )
    return render(
        request,
        "referrals/referral_form.html",
        {
            "form": form,
            "service": service,
            "person": person,
            "people": people,
            "who": who,
            "anonymous": ANONYMOUS,
            "referral_id": uuid.uuid4(),
            # An error in a folded field must not hide behind "More".
            "more_open": bool(set(form.errors) & MORE_FIELDS),
        },
    )


def _referral_or_404(request, referral_id):
    """The referral if this user may see it; otherwise 404, exactly as if it did not exist."""
    referral = referral_get(user=request.user, referral_id=referral_id)
    if referral is None:
        raise Http404
    return referral


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _provider_phone(service):
    phone = service.phones.first()
    return phone


def _slip_lines(referral) -> list[str]:
    """Where to go, when, and what to bring: no name, no notes, nothing the person did not agree to."""
    service = referral.service
    lines = [service.title]
    sal = service.service_at_locations.select_related("location").first()
    if sal is not None:
        address = sal.location.addresses.first()
        if address is not None:
            lines.append(", ".join(x for x in [address.address_1, address.city] if x))
    phone = _provider_phone(service)
    if phone is not None:
        lines.append(_("Phone: %s") % phone_text(phone))
    if referral.appointment_at:
        lines.append(
            _("When: %s") % timezone.localtime(referral.appointment_at).strftime("%a %d %b, %H:%M")
        )
    if referral.what_to_bring:
        lines.append(_("Bring: %s") % referral.what_to_bring)
    return lines


@never_cache
@_staff
def referral_detail(request, referral_id):
    referral = _referral_or_404(request, referral_id)
    audit_log(user=request.user, action="view_referral", obj=referral, request=request)
    phone = _provider_phone(referral.service)
    slip = _slip_lines(referral)
    sms_link = ""
    if referral.contact_preference == ContactPreference.TEXT and referral.contact_phone:
        sms_link = f"sms:{referral.contact_phone}?&body=" + urllib.parse.quote("\n".join(slip))
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "events": referral.events.all(),
            "provider_phone": phone,
            "slip": slip,
            "sms_link": sms_link,
            "outcomes": Outcome.choices,
            "allowed": referral.next_choices(),
            "follow_ups": referral.follow_ups.select_related("owner"),
        },
    )


@never_cache
@_staff
def referral_slip(request, referral_id):
    referral = _referral_or_404(request, referral_id)
    audit_log(
        user=request.user,
        action="view_referral",
        obj=referral,
        request=request,
        detail="printed slip",
    )
    return render(
        request,
        "referrals/referral_slip.html",
        {"referral": referral, "slip": _slip_lines(referral)},
    )


def _do_transition(request, referral_id, *, next_url):
    try:
        referral_transition(
            user=request.user,
            referral=referral_id,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
            outcome=request.POST.get("outcome", ""),
            outcome_note=request.POST.get("outcome_note", ""),
            request=request,
        )
        messages.success(request, _("Status changed."))
    except (InvalidTransition, ReferralConflict) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(next_url)


@_staff
@require_POST
def referral_status_view(request, referral_id):
    _referral_or_404(request, referral_id)
    back = "referrals:today" if request.POST.get("back") == "today" else "referrals:detail"
    return _do_transition(
        request,
        referral_id,
        next_url=reverse(back, args=[] if back == "referrals:today" else [referral_id]),
    )


@_staff
@require_POST
def referral_send_link(request, referral_id):
    referral = _referral_or_404(request, referral_id)
    try:
        referral_link_send(user=request.user, referral=referral, request=request)
        messages.success(
            request, _("A new link was emailed to the provider; earlier links stop working.")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("referrals:detail", referral.pk)


@never_cache
@_staff
def today(request):
    """The responder's worklist: overdue first, then the rest of today, then tomorrow (local time)."""
    worklist = followup_worklist(user=request.user)
    groups = [
        ("overdue", _("Overdue"), worklist.overdue),
        ("today", _("Later today"), worklist.today),
        ("tomorrow", _("Tomorrow"), worklist.tomorrow),
    ]
    # The list names each person: through their referral, or their case for a plan's follow-up.
    items = [item for _key, _label, group in groups for item in group]
    referrals = [item.referral for item in items if item.referral]
    if referrals:
        referral_reads_audit(
            user=request.user, referrals=referrals, request=request, detail="today"
        )
    case_persons = [item.follow_up.case for item in items if not item.referral]
    if case_persons:
        audit_log_persons(
            user=request.user,
            action=AuditEvent.Action.VIEW_PERSON,
            persons=case_persons,
            request=request,
            detail="today: plan follow-ups",
        )
    return render(
        request,
        "referrals/today.html",
        {"groups": [g for g in groups if g[2]], "count": worklist.count},
    )


@_staff
@require_POST
def followup_done(request, follow_up_id):
    from .services import followup_complete

    follow_up = FollowUp.objects.filter(pk=follow_up_id).first()
    if (
        follow_up is None
        or referral_get(user=request.user, referral_id=follow_up.referral_id) is None
    ):
        raise Http404
    followup_complete(
        user=request.user, follow_up=follow_up, note=request.POST.get("note", ""), request=request
    )
    return redirect("referrals:today")


@never_cache
@_staff
def open_loops(request):
    now = timezone.now()
    referrals = open_loop_list(user=request.user)
    rows = [(r, now - r.sent_at) for r in referrals]
    referral_reads_audit(
        user=request.user, referrals=referrals, request=request, detail="open loops"
    )
    overdue = (
        FollowUp.objects.open()
        .filter(due_at__lte=now, referral__in=[r.pk for r in referrals])
        .count()
    )
    return render(request, "referrals/open_loops.html", {"rows": rows, "overdue": overdue})


# --- provider inbox ------------------------------------------------------------------------------
@never_cache
@_provider
def provider_inbox(request):
    qs = provider_inbox_list(user=request.user, open_only=request.GET.get("all") != "1")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    start = (page - 1) * INBOX_PAGE_SIZE
    referrals = list(qs[start : start + INBOX_PAGE_SIZE + 1])
    has_next = len(referrals) > INBOX_PAGE_SIZE
    referrals = referrals[:INBOX_PAGE_SIZE]
    day = timezone.localdate()
    for r in referrals:  # first name or alias only while consent lasts and if it was agreed
        shared = r.consent.shared_fields or []
        r.inbox_label = (
            r.person_label
            if r.consent.expires_on >= day and SharedField.FIRST_NAME in shared
            else ""
        )
    referral_reads_audit(
        user=request.user,
        referrals=referrals,
        request=request,
        detail=f"provider inbox page {page}",
    )
    return render(
        request,
        "referrals/provider_inbox.html",
        {
            "referrals": referrals,
            "page": page,
            "has_next": has_next,
            "show_all": request.GET.get("all") == "1",
        },
    )


@never_cache
@_provider
def provider_referral(request, referral_id):
    referral = _referral_or_404(request, referral_id)
    if request.method == "POST":
        return _do_transition(
            request, referral.pk, next_url=reverse("referrals:provider_detail", args=[referral.pk])
        )
    from .api import disclosure_detail, referral_to_provider_json

    data = referral_to_provider_json(referral)
    audit_log(
        user=request.user,
        action="view_referral",
        obj=referral,
        request=request,
        detail=disclosure_detail(data, "provider inbox"),
    )
    return render(
        request,
        "referrals/provider_referral.html",
        {
            "referral": referral,
            "data": data,
            "outcomes": Outcome.choices,
            "allowed": referral.next_choices(exclude={ReferralStatus.CANCELLED}),
        },
    )


# --- the no-login provider link ------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def provider_link(request, token):
    """One screen: accept / decline / arrived. A bad, used or expired token shows nothing."""
    referral = referral_link_resolve(token=token)
    if referral is None:
        return render(request, "referrals/link_invalid.html", status=404)
    if request.method == "POST":
        try:
            changed = referral_link_transition(
                token=token,
                status=request.POST.get("status", ""),
                reason=request.POST.get("reason", ""),
                request=request,
            )
        except (InvalidTransition, ReferralConflict, PermissionDenied):
            changed = None
        except ValidationError as exc:
            return render(
                request,
                "referrals/link.html",
                {
                    "referral": referral,
                    "token": token,
                    "error": " ".join(exc.messages),
                    "allowed": referral.allowed_next(),
                },
                status=400,
            )
        if changed is None:
            return render(request, "referrals/link_invalid.html", status=404)
        return render(request, "referrals/link_done.html", {"referral": changed})
    audit_log(
        user=None, action="view_referral", obj=referral, request=request, detail="provider link"
    )
    response = render(
        request,
        "referrals/link.html",
        {
            "referral": referral,
            "token": token,
            "allowed": referral.allowed_next(),
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
