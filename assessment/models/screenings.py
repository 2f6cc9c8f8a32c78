import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TeamRecord
from .choices import ScreeningResult


class Screening(TeamRecord):
    """A risk screening with an instrument (the ASQ built in), scored when stored."""

    # Made by the client (offline phone) so that a retry is recognised (contracts §4.5).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    # The code and version it was scored with: a later version never changes what this meant.
    instrument_code = models.SlugField(_("instrument"), max_length=40)
    instrument_version = models.CharField(_("instrument version"), max_length=40)
    answers = models.JSONField(_("answers"), default=dict)
    result = models.CharField(_("result"), max_length=20, choices=ScreeningResult.choices)
    actions = models.JSONField(
        _("what was done"), default=list, blank=True, help_text=_("ScreeningAction codes.")
    )
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)

    class Meta(TeamRecord.Meta):
        verbose_name = _("risk screening")
        verbose_name_plural = _("risk screenings")
        indexes = [models.Index(fields=["team", "-occurred_at"], name="screening_team_time_idx")]

    def __str__(self):
        return f"{self.instrument_code} {self.get_result_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_positive(self) -> bool:
        return self.result != ScreeningResult.NEGATIVE
