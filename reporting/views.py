"""The supervisor dashboard and its CSV downloads (issue 8). Supervisors and superusers only."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.spreadsheets import csv_response
from outreach.decorators import page_for
from outreach.permissions import is_supervisor
from staff.audit import audit_log_persons

from . import charts, exports
from .figures import FIGURE_HELP, dashboard_figures
from .periods import Period

NOT_ALLOWED = "The programme dashboard is for supervisors."


def can_view_dashboard(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or is_supervisor(user))
    )


supervisor_only = page_for(can_view_dashboard, NOT_ALLOWED)


def _period(request) -> tuple[Period, list[str]]:
    return Period.parse(request.GET.get("start"), request.GET.get("end"))


@require_GET
@supervisor_only
def dashboard(request):
    period, errors = _period(request)
    figures = dashboard_figures(period)
    enc = figures["encounters"]
    map_counts, elsewhere = charts.neighbourhood_counts(figures["neighbourhoods"])
    context = {
        "period": period,
        "errors": errors,
        "f": figures,
        "e": enc,
        "r": figures["referrals"],
        "help": FIGURE_HELP,
        "query": f"start={period.start.isoformat()}&end={period.end.isoformat()}",
        "weekly_chart": charts.line_chart(
            [(w["week"].strftime("%b %-d"), w["contacts"]) for w in figures["weekly"]],
            label=_("Contacts per week"),
        ),
        "source_chart": charts.bar_chart(
            [(i["label"], i["count"]) for i in enc["by_source"]], label=_("Contacts by source")
        ),
        "disposition_chart": charts.bar_chart(
            [(i["label"], i["count"]) for i in enc["by_disposition"]],
            label=_("Contacts by disposition"),
        ),
        "needs_chart": charts.bar_chart(
            [(i["label"], i["count"]) for i in enc["needs"]], label=_("Needs")
        ),
        "map_chart": charts.choropleth(map_counts, label=_("Contacts by neighbourhood")),
        "map_rows": sorted(map_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        "map_elsewhere": elsewhere,
    }
    return render(request, "reporting/dashboard.html", context)


def _download(request, *, kind: str, filename: str, header, rows, period: Period, persons=()):
    """The CSV, audited first: one event per person it has rows for, or one for the download."""
    audit_log_persons(
        user=request.user,
        action=f"export.{kind}",
        persons=persons,
        detail=f"{filename} ({period.start.isoformat()} to {period.end.isoformat()})",
        request=request,
    )
    return csv_response(filename, header, rows)


@require_GET
@supervisor_only
def figures_csv(request):
    period, _errors = _period(request)
    rows = exports.figure_rows(dashboard_figures(period))
    return _download(
        request,
        kind="figures_csv",
        filename=f"waypoint-figures-{period.slug()}.csv",
        header=exports.FIGURE_HEADER,
        rows=rows,
        period=period,
    )


@require_GET
@supervisor_only
def hmis_csv(request):
    period, _errors = _period(request)
    return _download(
        request,
        kind="hmis_csv",
        filename=f"waypoint-hmis-cls-{period.slug()}.csv",
        header=exports.HMIS_HEADER,
        rows=exports.hmis_rows(period),
        period=period,
        persons=exports.hmis_person_ids(period),
    )


@require_GET
@supervisor_only
def deidentified_csv(request):
    period, _errors = _period(request)
    return _download(
        request,
        kind="deidentified_csv",
        filename=f"waypoint-encounters-deid-{period.slug()}.csv",
        header=exports.DEID_HEADER,
        rows=exports.deidentified_rows(period),
        period=period,
    )
