import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ScreeningResult


class ScreeningQuerySet(models.QuerySet):
    def for_team(self, team):
        if team is None:
            return self.none()
        return self.filter(team=team)


class Screening(models.Model):
    """A risk screening with an instrument (the ASQ built in), scored when stored."""

    # Not linked from pages or snippets: keep Wagtail's reference index out of every write.
    wagtail_reference_index_ignore = True

    # Made by the client (offline phone) so that a retry is recognised (contracts §4.5).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    person = models.ForeignKey(
        "outreach.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
    )
    encounter = models.ForeignKey(
        "outreach.Encounter",
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
    )
    team = models.ForeignKey(
        "staff.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("screened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The code and version it was scored with: a later version never changes what this meant.
    instrument_code = models.SlugField(_("instrument"), max_length=40)
    instrument_version = models.CharField(_("instrument version"), max_length=40)
    answers = models.JSONField(_("answers"), default=dict)
    result = models.CharField(_("result"), max_length=20, choices=ScreeningResult.choices)
    actions = models.JSONField(
        _("what was done"), default=list, blank=True, help_text=_("ScreeningAction codes.")
    )
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk screening")
        verbose_name_plural = _("risk screenings")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["team", "-occurred_at"], name="screening_team_time_idx")]

    def __str__(self):
        return f"{self.instrument_code} {self.get_result_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_positive(self) -> bool:
        return self.result != ScreeningResult.NEGATIVE
