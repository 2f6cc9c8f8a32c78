"""Wagtail admin reports for moderators (and the problem-report queue providers also see)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from core.spreadsheets import FormulaSafeExportMixin
from directory import selectors
from directory.models import ProblemReport, ServiceCapacity, ServicePage
from directory.permissions import is_moderator, provider_organization


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class NameColumn(Column):
    """A person's username: a name, not words to translate."""

    cell_template_name = "directory/admin/name_cell.html"


class DirectoryReportView(FormulaSafeExportMixin, ReportView):
    """Our reports; their CSV and XLSX downloads hold text typed by providers and the public."""

    results_template_name = "wagtailadmin/reports/base_report_results.html"


class ModeratorReportMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaleListingsReportView(ModeratorReportMixin, DirectoryReportView):
    page_title = _("Listings to verify")
    header_icon = "time"
    index_url_name = "directory_reports:stale"
    index_results_url_name = "directory_reports:stale_results"
    model = ServicePage
    list_export = ["title", "organization.title", "assured_date", "assurer_email"]
    columns = [
        TitleColumn("title", label=_("Service"), get_url=_edit_url),
        Column("organization", label=_("Organization")),
        DateColumn("assured_date", label=_("Last verified on")),
        NameColumn("assurer_email", label=_("Verified by")),
    ]

    def get_queryset(self):
        return selectors.stale_listing_list()


class PendingChangesReportView(ModeratorReportMixin, DirectoryReportView):
    page_title = _("Changes waiting for a moderator")
    header_icon = "tasks"
    index_url_name = "directory_reports:pending"
    index_results_url_name = "directory_reports:pending_results"
    list_export = ["title", "submitted_by", "submitted_at"]
    columns = [
        TitleColumn(
            "title",
            label=_("Page"),
            get_url=lambda page: reverse("directory_reports:review", args=[page.pk]),
        ),
        NameColumn("submitted_by", label=_("Submitted by")),
        DateColumn("submitted_at", label=_("Submitted")),
    ]

    def get_queryset(self):
        return selectors.pending_change_list()


class BedsNotUpdatedReportView(ModeratorReportMixin, DirectoryReportView):
    page_title = _("Bed counts not updated today")
    header_icon = "warning"
    index_url_name = "directory_reports:beds"
    index_results_url_name = "directory_reports:beds_results"
    model = ServiceCapacity
    list_export = ["service.title", "service.organization.title", "available", "maximum", "updated"]
    columns = [
        TitleColumn("service", label=_("Service"), get_url=lambda c: _edit_url(c.service)),
        Column("service.organization", label=_("Organization")),
        Column("available", label=_("Available")),
        Column("maximum", label=_("Total")),
        DateColumn("updated", label=_("Updated")),
        NameColumn(
            "updated_by",
            label=_("By"),
            accessor=lambda c: c.updated_by.get_username() if c.updated_by else "",
        ),
    ]

    def get_queryset(self):
        return selectors.beds_not_updated_today_list()


class ProblemReportsView(DirectoryReportView):
    """The problem-report queue: every report for moderators, its own listings' for a provider."""

    page_title = _("Problem reports")
    header_icon = "warning"
    index_url_name = "directory_reports:problems"
    index_results_url_name = "directory_reports:problems_results"
    model = ProblemReport
    list_export = ["service.title", "kinds", "note", "source", "created_at"]
    columns = [
        TitleColumn(
            "service",
            label=_("Service"),
            get_url=lambda r: reverse("directory:provider_service", args=[r.service_id]),
        ),
        Column("kinds", label=_("Problems"), accessor=lambda r: ", ".join(r.kind_labels())),
        Column("note", label=_("Note")),
        Column("source", label=_("From"), accessor=lambda r: r.get_source_display()),
        DateColumn("created_at", label=_("Reported")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not (is_moderator(request.user) or provider_organization(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.problem_report_list(user=self.request.user)
