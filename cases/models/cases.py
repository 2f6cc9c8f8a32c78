"""A case: one person's episode of care with the team, from the contact that opened it to its
closure. The lifecycle rules live in ``Case.TRANSITIONS`` so services, pages and the API ask the
same table (as referrals do)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    TRANSFERRED = "transferred", _("Transferred to another provider")
    DECLINED = "declined", _("Person declined further help")
    LOST_TO_CONTACT = "lost_to_contact", _("Lost to contact")
    MOVED_AWAY = "moved_away", _("Moved away")
    OTHER = "other", _("Other")


class CaseOutcome(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    STABLE = "stable", _("Stable")
    WORSE = "worse", _("Worse")
    UNKNOWN = "unknown", _("Unknown")


class CaseQuerySet(models.QuerySet):
    def not_closed(self):
        return self.exclude(status=CaseStatus.CLOSED)

    def for_team(self, team):
        if team is None:
            return self.none()
        return self.filter(team=team)


class Case(models.Model):
    wagtail_reference_index_ignore = True

    TRANSITIONS = {
        CaseStatus.OPEN: {CaseStatus.ACTIVE, CaseStatus.INACTIVE, CaseStatus.CLOSED},
        CaseStatus.ACTIVE: {CaseStatus.INACTIVE, CaseStatus.CLOSED},
        CaseStatus.INACTIVE: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
        # A closed case stays closed: a new episode is a new case.
        CaseStatus.CLOSED: set(),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "outreach.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    encounter = models.ForeignKey(
        "outreach.Encounter",
        verbose_name=_("opened from contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        "staff.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=CaseOutcome.choices, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["team", "status"], name="case_team_status_idx"),
            models.Index(fields=["assigned_to", "status"], name="case_worker_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CaseStatus]), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (~Q(closure_reason="") & ~Q(outcome="") & Q(closed_at__isnull=False)),
                name="case_closed_has_reason_and_outcome",
            ),
            # One episode at a time: a person has at most one case that is not closed.
            models.UniqueConstraint(
                fields=["person"], condition=~Q(status="closed"), name="case_one_open_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person_id} · {self.get_status_display()} · {self.opened_at:%Y-%m-%d}"

    @property
    def is_closed(self):
        return self.status == CaseStatus.CLOSED

    def allowed_next(self) -> set[str]:
        return {str(s) for s in self.TRANSITIONS.get(CaseStatus(self.status), set())}

    def can_move_to(self, status: str) -> bool:
        return status in self.allowed_next()


class CaseNote(models.Model):
    """A worker's note on the case: staff only, never shown to a provider."""

    wagtail_reference_index_ignore = True

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-written_at", "-id"]

    def __str__(self):
        return f"{self.case_id} · {self.written_at:%Y-%m-%d %H:%M}"
