import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import TeamRecord
from .choices import LastUse, Orientation, OverdoseRisk, SleptLast, ThoughtProcess


class ClinicalAssessment(TeamRecord):
    """A short clinical assessment on scene: every part optional, codes where a tap will do.

    The substance-use part (``substances``, ``last_use``, ``overdose_risk``, ``substance_notes``)
    falls under 42 CFR Part 2. No assessment is ever shared with a provider (docs/security.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    presenting_concerns = models.JSONField(_("presenting concern"), default=list, blank=True)
    presenting_notes = models.TextField(_("presenting concern, in words"), blank=True)
    orientation = models.CharField(
        _("oriented"), max_length=12, choices=Orientation.choices, blank=True
    )
    moods = models.JSONField(_("mood"), default=list, blank=True)
    thought_process = models.CharField(
        _("thought process"), max_length=12, choices=ThoughtProcess.choices, blank=True
    )
    hallucinations = models.CharField(
        _("hallucinations reported"),
        max_length=8,
        blank=True,
        choices=[("yes", _("Yes")), ("no", _("No")), ("refused", _("Refused to answer"))],
    )
    substances = models.JSONField(_("substances used"), default=list, blank=True)
    last_use = models.CharField(_("last use"), max_length=10, choices=LastUse.choices, blank=True)
    overdose_risk = models.CharField(
        _("overdose risk"), max_length=8, choices=OverdoseRisk.choices, blank=True
    )
    substance_notes = models.TextField(_("substance use, in words"), blank=True)
    medical_concerns = models.JSONField(_("medical concerns"), default=list, blank=True)
    medical_notes = models.TextField(_("medical concerns, in words"), blank=True)
    slept_last_night = models.CharField(
        _("where they slept last night"), max_length=16, choices=SleptLast.choices, blank=True
    )
    supports = models.JSONField(_("supports"), default=list, blank=True)
    strengths = models.TextField(_("strengths, in their words"), blank=True)
    # Of the content as sent: a retry of the same id is told from a different record.
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False, blank=True)

    # What the form records, part by part (the assessment's content).
    PARTS = (
        "presenting_concerns",
        "presenting_notes",
        "orientation",
        "moods",
        "thought_process",
        "hallucinations",
        "substances",
        "last_use",
        "overdose_risk",
        "substance_notes",
        "medical_concerns",
        "medical_notes",
        "slept_last_night",
        "supports",
        "strengths",
    )
    SUBSTANCE_FIELDS = ("substances", "last_use", "overdose_risk", "substance_notes")
    TEXT_FIELDS = ("presenting_notes", "substance_notes", "medical_notes", "strengths")

    class Meta(TeamRecord.Meta):
        verbose_name = _("clinical assessment")
        verbose_name_plural = _("clinical assessments")
        indexes = [models.Index(fields=["team", "-occurred_at"], name="assessment_team_time_idx")]

    def __str__(self):
        return f"{_('Clinical assessment')} {self.occurred_at:%Y-%m-%d}"
