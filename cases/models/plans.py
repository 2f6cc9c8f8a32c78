"""The plan for intervention: goals in the person's own words, and steps toward them, each with
an owner and a due time. A step may be a referral (``referrals.Referral.plan_step`` points here,
since referrals sit above cases) or a follow-up (``FollowUp.plan_step``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case


class Goal(models.Model):
    wagtail_reference_index_ignore = True

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("goal, in the person's words"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class StepKind(models.TextChoices):
    TASK = "task", _("Task")
    REFERRAL = "referral", _("Referral")
    FOLLOW_UP = "follow_up", _("Follow-up")


class PlanStepQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class PlanStep(models.Model):
    wagtail_reference_index_ignore = True

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="steps"
    )
    text = models.CharField(_("step"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=StepKind.choices, default=StepKind.TASK
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_at = models.DateTimeField(_("due"), db_index=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = PlanStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["due_at", "id"]

    def __str__(self):
        return f"{self.text} (due {self.due_at:%Y-%m-%d %H:%M})"

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def common_label(self):
        """A common step's text in the reader's language (None for a step typed by hand)."""
        from ..plans import common_step_worded  # plans reads StepKind from these models

        step = common_step_worded(self.text)
        return step.label if step else None
