"""Second-factor enrolment and verification, signing out, disabling and re-enabling an account,
the supervisors' audit search/export, and the OpenAPI document."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from io import BytesIO
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.spreadsheets import csv_response
from outreach.permissions import can_view_audit_log
from staff.audit import audit_log_persons
from staff.models import AuditEvent

from .sessions import disable_account, enable_account, end_sessions

OPENAPI_PATH = Path(settings.BASE_DIR) / "waypoint" / "openapi" / "waypoint.json"


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request, default="/outreach/"):
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    out = BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    return out.getvalue().decode()


@never_cache
@login_required
def two_factor_setup(request):
    """Enrol a TOTP authenticator: QR code + key, confirmed by a first valid code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{'/account/2fa/verify/'}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "token", _("That code is not right. Check the time on your phone and try again.")
        )
    import base64

    key = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "security/2fa_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "key": key,
            "next": _next(request),
        },
    )


@never_cache
@login_required
def two_factor_verify(request):
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(f"/account/2fa/setup/?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        for device in devices:
            if device.verify_is_allowed()[0] and device.verify_token(token):
                otp_login(request, device)
                return redirect(_next(request))
        form.add_error(
            "token", _("That code is not right. Check the time on your phone and try again.")
        )
    return render(request, "security/2fa_verify.html", {"form": form, "next": _next(request)})


# Sent with every sign-out. Chromium clears only its HTTP cache for "cache", not the service
# worker's Cache Storage (checked on Chromium 156; "storage" would clear Cache Storage but also
# the IndexedDB queue of unsent encounters, which must never be lost). So the signed-out page's
# script (static/js/signed-out.js) deletes the outreach caches through the Cache API as well.
CLEAR_SITE_DATA = '"cache"'


def _signed_out(request):
    """After any sign-out: to the signed-out page, which clears the offline client's cached pages."""
    response = redirect("security:signed_out")
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request):
    """Sign out of this device (also mounted at /admin/logout/, Wagtail's sign-out).

    GET shows a one-button confirmation form (works without JavaScript); POST signs out.
    """
    if request.method == "POST":
        logout(request)
        return _signed_out(request)
    if not request.user.is_authenticated:
        return redirect("security:signed_out")
    return render(request, "security/sign_out.html")


@never_cache
@require_GET
def signed_out(request):
    """Public page: removes the offline client's cached staff pages, keeps its queue of unsent encounters."""
    response = render(request, "security/signed_out.html")
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@require_POST
@login_required
def sign_out_everywhere(request):
    """End every session of the signed-in user, on every device, then this one."""
    end_sessions(request.user)
    logout(request)
    return _signed_out(request)


def _staff_target(request, user_id):
    """The account a supervisor disables or re-enables: not their own, an administrator only by one."""
    if not can_view_audit_log(request.user):
        raise PermissionDenied(_("Only supervisors can disable or re-enable accounts."))
    target = get_object_or_404(get_user_model(), pk=user_id)
    if target.pk == request.user.pk:
        raise PermissionDenied(_("You cannot disable or re-enable your own account here."))
    if target.is_superuser and not request.user.is_superuser:
        raise PermissionDenied(
            _("Only an administrator can disable or re-enable an administrator.")
        )
    return target


@require_POST
@login_required
def staff_disable(request, user_id):
    """Supervisor: disable an account and end all its sessions at once (the lost-phone case)."""
    target = _staff_target(request, user_id)
    ended = disable_account(target, by=request.user, reason=request.POST.get("reason", "")[:200])
    return render(request, "security/staff_disabled.html", {"target": target, "ended": ended})


@require_POST
@login_required
def staff_enable(request, user_id):
    """Supervisor: let a disabled account sign in again; it must enrol a new authenticator."""
    target = _staff_target(request, user_id)
    enabled = enable_account(target, by=request.user, reason=request.POST.get("reason", "")[:200])
    return render(request, "security/staff_enabled.html", {"target": target, "enabled": enabled})


class AuditFilterForm(forms.Form):
    person = forms.UUIDField(label=gettext_lazy("Person id"), required=False)
    staff = forms.CharField(label=gettext_lazy("Staff username"), required=False, max_length=150)
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", "—")] + list(AuditEvent.Action.choices),
    )


def _filtered(form):
    qs = AuditEvent.objects.all()
    if not form.is_valid():
        return qs.none()
    d = form.cleaned_data
    if d["person"]:
        qs = qs.filter(person_id=d["person"])
    if d["staff"]:
        qs = qs.filter(username__iexact=d["staff"].strip())
    tz = timezone.get_current_timezone()
    if d["start"]:
        qs = qs.filter(at__gte=datetime.combine(d["start"], time.min, tzinfo=tz))
    if d["end"]:
        qs = qs.filter(at__lt=datetime.combine(d["end"] + timedelta(days=1), time.min, tzinfo=tz))
    if d["action"]:
        qs = qs.filter(action=d["action"])
    return qs


def _supervisor(request):
    if not can_view_audit_log(request.user):
        raise PermissionDenied(_("The audit log is for supervisors."))


def _audit_read(request, form, person_ids: set, detail: str):
    """The log's own reads are logged: one event per person whose events were shown (or, if none
    were, one naming the person searched for)."""
    shown = sorted(person_ids - {None}, key=str)
    searched = form.cleaned_data.get("person") if form.is_valid() else None
    audit_log_persons(
        user=request.user,
        action=AuditEvent.Action.OTHER,
        request=request,
        detail=detail,
        persons=shown or ([searched] if searched else []),
    )


AUDIT_PAGE_SIZE = 200
AUDIT_EXPORT_HEADER = (
    "at",
    "username",
    "action",
    "object_type",
    "object_id",
    "person_id",
    "path",
    "detail",
)


@never_cache
@login_required
@require_GET
def audit_search(request):
    """Supervisors: search the audit log by person, staff member, period and action."""
    _supervisor(request)
    form = AuditFilterForm(request.GET or None)
    events = list(_filtered(form)[:AUDIT_PAGE_SIZE]) if request.GET else []
    if request.GET:
        _audit_read(request, form, {e.person_id for e in events}, "searched the audit log")
    return render(
        request,
        "security/audit_search.html",
        {
            "form": form,
            "events": events,
            "searched": bool(request.GET),
            "page_size": AUDIT_PAGE_SIZE,
            "export_query": request.GET.urlencode(),
        },
    )


@never_cache
@login_required
@require_GET
def audit_export(request):
    """The same filter as CSV; the export itself is written to the log."""
    _supervisor(request)
    form = AuditFilterForm(request.GET)
    qs = _filtered(form)
    _audit_read(
        request,
        form,
        set(qs.order_by().values_list("person_id", flat=True).distinct()),
        "exported the audit log: "
        + json.dumps(
            {k: str(v) for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
        ),
    )
    rows = (
        [
            e.at.isoformat(),
            e.username,
            e.action,
            e.object_type,
            e.object_id,
            e.person_id or "",
            e.path,
            e.detail,
        ]
        for e in qs.order_by("at", "id").iterator()
    )
    return csv_response("waypoint-audit.csv", AUDIT_EXPORT_HEADER, rows)


@require_GET
def openapi_json(request):
    """The OpenAPI 3.1 document for Waypoint's own JSON APIs (search, encounters, referrals)."""
    return JsonResponse(json.loads(OPENAPI_PATH.read_text()))
