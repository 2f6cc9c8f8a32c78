"""Follow-ups: every one belongs to a case. A referral makes its own (and settles them as it
moves); a plan step of kind follow-up makes one too. The table keeps the ``outreach_followup``
name it had in ``outreach`` and then ``referrals``: moving the model here moved no rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .cases import Case
from .plans import PlanStep


class FollowUpKind(models.TextChoices):
    NOT_ARRIVED = "not_arrived", _("Not arrived yet: check in")
    CHECK_OUTCOME = "check_outcome", _("Check the outcome")
    OTHER = "other", _("Other")


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True, cancelled_at__isnull=True)


class FollowUp(models.Model):
    wagtail_reference_index_ignore = True

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    # By name, not import: cases sit below referrals (a follow-up of a plan step has none).
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    plan_step = models.ForeignKey(
        PlanStep,
        verbose_name=_("plan step"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FollowUpKind.choices)
    label = models.CharField(_("label"), max_length=200)
    due_at = models.DateTimeField(_("due at"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
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
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        db_table = "outreach_followup"
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_at"]
        indexes = [models.Index(fields=["team", "due_at"], name="followup_team_due_idx")]

    def __str__(self):
        return f"{self.label} (due {self.due_at:%Y-%m-%d %H:%M})"

    @property
    def shown_label(self):
        """The label in the reader's language: a referral rule's label is stored in English
        (a msgid, referrals/services/follow_ups.py), a plan step's as its step was written."""
        if self.plan_step_id is not None and self.plan_step.common_label:
            return self.plan_step.common_label
        return gettext(self.label)

    @property
    def is_open(self):
        return self.done_at is None and self.cancelled_at is None
