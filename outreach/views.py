"""Staff pages of the outreach log. Thin: validation in forms, writes in services, reads in selectors."""

from __future__ import annotations

import hashlib
import json
import uuid
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from staff.audit import audit_log, audit_log_persons
from staff.models import AuditEvent
from staff.roles import staff_role, staff_team

from . import person_panels
from .decorators import page_for
from .forms import PersonForm, PersonMergeForm, PersonSearchForm, QuickLogForm
from .models import PersonMerge, Source
from .permissions import can_undo_merge, can_use_outreach, is_supervisor
from .selectors import (
    directory_snapshot,
    encounter_get,
    person_card_get,
    person_get,
    person_recent_list,
    person_search,
    person_timeline_list,
    team_member_list,
)
from .services import (
    EncounterConflict,
    encounter_create,
    encounter_undo,
    person_merge,
    person_merge_undo,
    person_update,
)

SW_ASSETS = (
    "css/site.css",
    "outreach/outreach.css",
    "outreach/queue.js",
    "outreach/quicklog.js",
    "outreach/directory.js",
    "js/signed-out.js",
    "outreach/icons/icon-192.png",
    "outreach/icons/icon-512.png",
)


def _offline_assets() -> tuple[str, ...]:
    # Apps above outreach name their own offline files in settings (outreach cannot import them).
    return (*SW_ASSETS, *settings.OUTREACH_OFFLINE_ASSETS)


# Pages for responders and supervisors: the public goes to the login page, other staff get 403.
staff_page = page_for(
    can_use_outreach, gettext_lazy("The outreach log is for responders and supervisors.")
)


def _quick_log_initial(request):
    now = timezone.localtime()
    cad = request.GET.get("cad", "")[:50]
    initial = {
        "id": uuid.uuid4(),
        "occurred_at": now.replace(second=0, microsecond=0),
        "source": Source.DISPATCH if cad else request.GET.get("source", Source.OUTREACH),
        "cad_incident": cad,
        "person_id": request.GET.get("person", ""),
        "team_members": list(team_member_list(user=request.user).values_list("pk", flat=True)),
    }
    return initial


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def quick_log(request):
    """The quick log: a plain POST form that the offline client (quicklog.js) takes over."""
    members = team_member_list(user=request.user)
    if request.method == "POST":
        form = QuickLogForm(request.POST, team_member_queryset=members)
        if form.is_valid():
            try:
                encounter, created = encounter_create(
                    user=request.user, data=form.cleaned_data, request=request
                )
            except EncounterConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error("person_id" if field == "person" else None, errors)
            else:
                messages.success(request, _("Saved.") if created else _("Already saved."))
                if encounter.person_id:
                    return redirect("outreach:person_detail", encounter.person_id)
                return redirect("outreach:index")
    else:
        form = QuickLogForm(initial=_quick_log_initial(request), team_member_queryset=members)
    recent = person_recent_list(user=request.user)
    selected = request.GET.get("person") or (
        request.POST.get("person_id") if request.method == "POST" else ""
    )
    preselected = person_get(user=request.user, person_id=selected) if selected else None
    if preselected and preselected not in recent:
        recent = [preselected, *recent]
    if recent:
        audit_log_persons(
            user=request.user,
            action=AuditEvent.Action.LIST_PERSONS,
            persons=recent,
            detail="quick log: recent",
            request=request,
        )
    return render(
        request,
        "outreach/quick_log.html",
        {
            "form": form,
            "recent_people": recent,
            "selected_person": str(preselected.pk) if preselected else "",
            "team": staff_team(request.user),
            "role": staff_role(request.user),
        },
    )


def _person_search_posted(request) -> tuple[PersonSearchForm, str, list]:
    """The person search, read from a POST only: a name must never be in a URL (a proxy's access
    log, the browser history, a Referer). A ``?q=`` in the address is ignored."""
    form = PersonSearchForm(
        request.POST if request.method == "POST" and "q" in request.POST else None
    )
    if not form.is_valid() or not form.cleaned_data["q"]:
        return form, "", []
    query = form.cleaned_data["q"]
    return form, query, person_search(user=request.user, query=query)


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def person_list(request):
    """Find a person. The form posts (with CSRF) and the results come back in that response."""
    form, query, results = _person_search_posted(request)
    if query:
        audit_log_persons(
            user=request.user,
            action=AuditEvent.Action.SEARCH_PERSONS,
            persons=results,
            detail=f"{len(results)} result(s)",
            request=request,
        )
    return render(
        request,
        "outreach/person_list.html",
        {"form": form, "results": results, "query": query},
    )


@never_cache
@staff_page
def person_detail(request, person_id):
    person = person_get(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    if person.pk != person_id:
        return redirect("outreach:person_detail", person.pk)
    card = person_card_get(user=request.user, person=person)
    timeline = person_timeline_list(user=request.user, person=person)
    audit_log(user=request.user, action=AuditEvent.Action.VIEW_PERSON, obj=person, request=request)
    audit_log(
        user=request.user, action=AuditEvent.Action.VIEW_TIMELINE, obj=person, request=request
    )
    merges = list(
        PersonMerge.objects.filter(target=person).select_related("source", "merged_by", "undone_by")
    )
    if merges:  # the page names each record merged into this one
        audit_log_persons(
            user=request.user,
            action=AuditEvent.Action.VIEW_PERSON,
            persons=[m.source for m in merges],
            detail="merged record",
            request=request,
        )
    return render(
        request,
        "outreach/person_detail.html",
        {
            "person": person,
            "card": card,
            "timeline": timeline,
            "merges": merges,
            "can_undo_merge": can_undo_merge(request.user),
            "panels": person_panels.render_panels(request, person),
        },
    )


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id):
    person = person_get(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        person_update(user=request.user, person=person, data=form.cleaned_data, request=request)
        messages.success(request, _("Saved."))
        return redirect("outreach:person_detail", person.pk)
    if request.method == "GET":
        audit_log(
            user=request.user,
            action=AuditEvent.Action.VIEW_PERSON,
            obj=person,
            detail="edit form",
            request=request,
        )
    return render(request, "outreach/person_edit.html", {"person": person, "form": form})


@never_cache
@staff_page
@require_http_methods(["GET", "POST"])
def person_merge_view(request, person_id):
    """Merge another record into this one (the one kept). The search for the other record is a POST (``q``)."""
    person = person_get(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    if request.method == "POST" and "other" in request.POST:
        form = PersonMergeForm(request.POST)
        if form.is_valid():
            other = person_get(user=request.user, person_id=form.cleaned_data["other"])
            if other is None:
                raise Http404
            try:
                person_merge(user=request.user, source=other, target=person, request=request)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Merged. A supervisor can undo this."))
            return redirect("outreach:person_detail", person.pk)
    search, query, found = _person_search_posted(request)
    candidates = [p for p in found if p.pk != person.pk]
    if query:
        audit_log_persons(
            user=request.user,
            action=AuditEvent.Action.SEARCH_PERSONS,
            persons=candidates,
            detail="merge search",
            request=request,
        )
    audit_log(
        user=request.user,
        action=AuditEvent.Action.VIEW_PERSON,
        obj=person,
        detail="merge page",
        request=request,
    )
    return render(
        request,
        "outreach/person_merge.html",
        {"person": person, "search": search, "query": query, "candidates": candidates},
    )


@staff_page
@require_POST
def merge_undo(request, merge_id):
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only a supervisor can undo a merge."))
    merge = get_object_or_404(PersonMerge, pk=merge_id)
    try:
        person_merge_undo(user=request.user, merge=merge, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The merge was undone."))
    return redirect("outreach:person_detail", merge.target_id)


@never_cache
@staff_page
def encounter_detail(request, encounter_id):
    encounter = encounter_get(user=request.user, encounter_id=encounter_id)
    if encounter is None:
        raise Http404
    audit_log(
        user=request.user, action=AuditEvent.Action.VIEW_ENCOUNTER, obj=encounter, request=request
    )
    return render(request, "outreach/encounter_detail.html", {"encounter": encounter})


@staff_page
@require_POST
def encounter_undo_view(request, encounter_id):
    """Undo of a contact just sent: JSON for the quick log's script, a message without it."""
    try:
        undone = encounter_undo(user=request.user, encounter_id=encounter_id, request=request)
    except ValidationError as exc:
        message, status = " ".join(exc.messages), 409
    else:
        message = _("Undone: the contact was removed.") if undone else _("Nothing to undo.")
        status = 200 if undone else 404
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"undone": status == 200, "message": message}, status=status)
    (messages.success if status == 200 else messages.error)(request, message)
    return redirect("outreach:index")


@staff_page
def directory_page(request):
    services = directory_snapshot()
    return render(
        request,
        "outreach/directory.html",
        {"services": services, "snapshot_at": timezone.localtime()},
    )


# --- installable web app ----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _assets_version() -> str:
    digest = hashlib.sha256()
    for name in _offline_assets():
        path = finders.find(name)
        if path:
            with open(path, "rb") as fh:
                digest.update(fh.read())
    for name in ("outreach/sw.js", "outreach/quick_log.html", "outreach/base_outreach.html"):
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:12]


def service_worker(request):
    """The service worker, served from /outreach/sw.js so that its scope is /outreach/."""
    body = render_to_string(
        "outreach/sw.js",
        {
            "version": _assets_version(),
            "assets_json": json.dumps([static(name) for name in _offline_assets()]),
            "shell_json": json.dumps(
                [
                    reverse("outreach:index"),
                    reverse("outreach:directory"),
                    reverse("outreach:directory_json"),
                    reverse("outreach:manifest"),
                    *(reverse(name) for name in settings.OUTREACH_OFFLINE_PAGES),
                ]
            ),
            "queue_js": static("outreach/queue.js"),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("outreach:index")
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request):
    data = {
        "name": "Waypoint outreach",
        "short_name": "Waypoint",
        "description": _("Log contacts and find services, also with no network."),
        "start_url": reverse("outreach:index"),
        "scope": reverse("outreach:index"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d3b66",
        "icons": [
            {"src": static("outreach/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {
                "src": static("outreach/icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any maskable",
            },
        ],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")
