"""Public directory views (besides the Wagtail pages) and the provider's quick-update screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import selectors, services
from directory.forms import CapacityForm, ProblemReportForm
from directory.models import ProblemReport, ServiceCapacity, ServicePage
from directory.permissions import (
    can_update_service,
    is_moderator,
    is_responder,
    provider_organization,
)

REPORT_LIMIT = 5  # problem reports per visitor address …
REPORT_WINDOW = 60 * 60  # … per hour


def category(request, code):
    category_ = selectors.category_get(code)
    if category_ is None:
        raise Http404
    services_ = list(selectors.category_services(category_))
    cards = [selectors.service_facts(s, request=request) for s in services_]
    return render(request, "directory/category.html", {"category": category_, "cards": cards})


def service_permalink(request, hsds_id):
    service = get_object_or_404(ServicePage.objects.live().public(), hsds_id=hsds_id)
    return redirect(service.get_url(request=request))


def language_switch(request, code):
    """A plain link that sets the language cookie (works without JavaScript) and goes back."""
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if check_for_language(code):
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax", path="/"
        )
    return response


def service_list(request):
    """A short list of chosen services to print on one page or send as one text message."""
    services_ = selectors.services_by_hsds_ids(request.GET.getlist("s"))
    cards = [selectors.service_facts(s, request=request) for s in services_]
    body = "\n".join(c.sms_body for c in cards)
    from urllib.parse import quote

    return render(
        request,
        "directory/service_list.html",
        {"cards": cards, "sms_uri": "sms:?&body=" + quote(body)},
    )


def _client_key(request):
    return "problem-report:" + (request.META.get("REMOTE_ADDR") or "unknown")


def problem_report(request, hsds_id):
    service = get_object_or_404(
        ServicePage.objects.live().public().select_related("organization"), hsds_id=hsds_id
    )
    field_staff = is_responder(request.user) or is_moderator(request.user)
    if request.method == "POST":
        form = ProblemReportForm(request.POST)
        key = _client_key(request)
        if not field_staff and cache.get(key, 0) >= REPORT_LIMIT:
            return render(
                request,
                "directory/problem_report.html",
                {"service": service, "form": form, "limited": True},
                status=429,
            )
        if form.is_valid():
            if form.cleaned_data.get("website"):
                return redirect(service.get_url(request=request))
            if not field_staff:
                cache.add(key, 0, REPORT_WINDOW)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, REPORT_WINDOW)
            services.problem_report_create(
                service=service,
                kinds=form.cleaned_data["kinds"],
                note=form.cleaned_data["note"],
                user=request.user,
                source=ProblemReport.Source.RESPONDER
                if field_staff
                else ProblemReport.Source.PUBLIC,
            )
            return render(
                request, "directory/problem_report.html", {"service": service, "done": True}
            )
        status = 400
    else:
        form = ProblemReportForm()
        status = 200
    return render(
        request, "directory/problem_report.html", {"service": service, "form": form}, status=status
    )


# --- provider quick updates (outside moderation) -----------------------------------------------


def _updatable_service(request, pk):
    service = get_object_or_404(ServicePage.objects.select_related("organization"), pk=pk)
    if not can_update_service(request.user, service):
        # As if it did not exist: a provider learns nothing about other organizations.
        raise Http404
    return service


@login_required
def provider_home(request):
    organization = provider_organization(request.user)
    if organization is None and not is_moderator(request.user):
        raise PermissionDenied
    if organization is not None:
        service_qs = ServicePage.objects.filter(organization=organization)
    else:
        service_qs = ServicePage.objects.all()
        q = request.GET.get("q", "").strip()
        service_qs = service_qs.filter(title__icontains=q) if q else service_qs.none()
    service_qs = (
        service_qs.select_related("organization")
        .prefetch_related("capacities__unit", "closures")
        .order_by("title")
    )
    rows = [selectors.service_facts(s, request=request) for s in service_qs[:50]]
    return render(
        request,
        "directory/provider/home.html",
        {
            "organization": organization,
            "rows": rows,
            "stale": selectors.stale_listing_list(organization=organization)
            if organization
            else [],
            "reports": selectors.problem_report_list(user=request.user)[:50],
            "moderator": is_moderator(request.user),
        },
    )


@login_required
def provider_service(request, pk):
    service = _updatable_service(request, pk)
    service = ServicePage.objects.prefetch_related("capacities__unit", "closures").get(
        pk=service.pk
    )
    facts = selectors.service_facts(service, request=request)
    form = CapacityForm(
        initial={
            "available": facts.capacity.available if facts.capacity else 0,
            "maximum": facts.capacity.maximum if facts.capacity else None,
        }
    )
    changes = selectors.capacity_change_list(capacity=facts.capacity) if facts.capacity else []
    return render(
        request,
        "directory/provider/service.html",
        {
            "service": service,
            "facts": facts,
            "form": form,
            "changes": changes,
            "reports": selectors.problem_report_list(user=request.user).filter(service=service),
        },
    )


@login_required
@require_POST
def provider_capacity(request, pk):
    service = _updatable_service(request, pk)
    form = CapacityForm(request.POST)
    capacity = (
        ServiceCapacity.objects.filter(service=service)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    back = reverse("directory:provider_service", args=[service.pk])
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    data = form.cleaned_data
    try:
        if capacity is None:
            total = data.get("maximum")
            if total is None:
                raise ValidationError({"maximum": _("Enter the total number of beds first.")})
            services.capacity_create(
                service=service,
                maximum=total,
                available=data.get("available") or 0,
                user=request.user,
            )
        elif data.get("action") == "inc":
            services.capacity_adjust(capacity=capacity, delta=1, user=request.user)
        elif data.get("action") == "dec":
            services.capacity_adjust(capacity=capacity, delta=-1, user=request.user)
        else:
            available = data.get("available")
            if available is None:
                available = capacity.available
            services.capacity_update(
                capacity=capacity,
                available=available,
                maximum=data.get("maximum"),
                user=request.user,
            )
        messages.success(request, _("Saved. The public page shows it now."))
    except ValidationError as error:
        messages.error(request, " ".join(str(m) for m in error.messages))
    return redirect(back)


@login_required
@require_POST
def provider_today(request, pk):
    service = _updatable_service(request, pk)
    closed = request.POST.get("closed") == "1"
    services.service_closed_today_set(
        service=service, closed=closed, user=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(
        request, _("Marked closed today.") if closed else _("Marked open today as usual.")
    )
    return redirect(
        request.POST.get("back") == "home"
        and reverse("directory:provider")
        or reverse("directory:provider_service", args=[service.pk])
    )


@login_required
@require_POST
def provider_confirm(request, pk):
    service = _updatable_service(request, pk)
    services.listing_confirm(service=service, user=request.user)
    messages.success(
        request, _("Thank you: “%(name)s” is marked as verified today.") % {"name": service.title}
    )
    return redirect(reverse("directory:provider"))


@login_required
@require_POST
def provider_report(request, pk):
    report = get_object_or_404(ProblemReport.objects.select_related("service"), pk=pk)
    if (
        not selectors.problem_report_list(user=request.user, status=None)
        .filter(pk=report.pk)
        .exists()
    ):
        raise Http404
    status = request.POST.get("status", ProblemReport.Status.RESOLVED)
    try:
        services.problem_report_resolve(report=report, user=request.user, status=status)
    except ValidationError:
        raise Http404 from None
    return redirect(reverse("directory:provider"))
