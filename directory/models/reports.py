"""Problem reports from the public and from responders ("wrong phone", "full", …).

A plain model beside the pages: a report never changes a listing by itself; it lands in a queue
that moderators work through and that the provider sees for its own listings.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ProblemReport.Status.OPEN)

    def for_organization(self, organization):
        return self.filter(service__organization=organization)


class ProblemReport(models.Model):
    class Kind(models.TextChoices):
        WRONG_PHONE = "wrong_phone", _("Wrong phone number")
        WRONG_HOURS = "wrong_hours", _("Wrong hours")
        MOVED = "moved", _("Moved")
        CLOSED = "closed", _("Closed")
        FULL = "full", _("Full")

    class Source(models.TextChoices):
        PUBLIC = "public", _("Public")
        RESPONDER = "responder", _("Responder in the field")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    service = models.ForeignKey(
        "directory.ServicePage",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="problem_reports",
    )
    kinds = models.JSONField(
        _("problems"), default=list, blank=True, help_text=_("Codes of the boxes ticked.")
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PUBLIC
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["service", "status"], name="problem_report_service_status")]

    def __str__(self):
        return f"{self.service} – {', '.join(self.kind_labels()) or self.note[:40]}"

    def kind_labels(self):
        labels = dict(self.Kind.choices)
        return [str(labels.get(code, code)) for code in self.kinds]
