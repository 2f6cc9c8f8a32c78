"""One contact between the team and a person (or an anonymous one): contracts §4.3."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    CoResponse,
    Disposition,
    Interpreter,
    LivingSituation,
    Source,
    TransportDestination,
    YesNoUnknown,
)


class EncounterQuerySet(models.QuerySet):
    def for_team(self, team):
        if team is None:
            return self.none()
        return self.filter(team=team)

    def with_related(self):
        return self.select_related("person", "team", "responder").prefetch_related("team_members")


class Encounter(models.Model):
    # Not linked from pages or snippets: keep Wagtail's reference index out of every write.
    wagtail_reference_index_ignore = True

    # The id is made by the client (offline phone) so that a retry is recognised (contracts §4.3).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    cad_incident = models.CharField(
        _("CAD incident number"),
        max_length=50,
        blank=True,
        db_index=True,
        help_text=_("The 911 CAD incident number."),
    )
    # Dispatch timestamps (what CAHOOTS / STAR / ACS evaluators count: response and time on scene).
    call_received_at = models.DateTimeField(_("call received at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    on_scene_at = models.DateTimeField(_("on scene at"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    co_response = models.CharField(
        _("co-response"),
        max_length=12,
        choices=CoResponse.choices,
        default=CoResponse.ALONE,
        help_text=_("Who was dispatched with the team."),
    )
    # Police called in later: kept apart from co-dispatch.
    police_backup_requested = models.BooleanField(
        _("police backup requested on scene"), default=False
    )
    police_backup_reason = models.TextField(_("reason for police backup"), blank=True)
    arrest_or_citation = models.BooleanField(_("arrest or citation"), default=False)
    transport_destination = models.CharField(
        _("transported to"),
        max_length=16,
        choices=TransportDestination.choices,
        default=TransportDestination.NONE,
    )
    transport_destination_text = models.CharField(
        _("transport destination (name)"), max_length=200, blank=True
    )

    team = models.ForeignKey(
        "staff.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="encounters",
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members on scene"),
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "outreach.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="encounters",
        help_text=_("Empty for an anonymous contact."),
    )

    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_text = models.CharField(
        _("where"),
        max_length=255,
        blank=True,
        help_text=_("As a responder would say it, e.g. 'behind the library'."),
    )
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True, db_index=True)

    needs = models.JSONField(_("needs"), default=list, blank=True)
    danger_to_self = models.CharField(
        _("danger to self"),
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    danger_to_others = models.CharField(
        _("danger to others"),
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    medical_emergency = models.CharField(
        _("medical emergency"),
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    intoxication = models.CharField(
        _("intoxication"), max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    services_given = models.JSONField(_("services given on scene"), default=list, blank=True)
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices)
    living_situation = models.CharField(
        _("current living situation (HMIS 4.12)"),
        max_length=3,
        choices=LivingSituation.choices,
        default=LivingSituation.NOT_COLLECTED,
    )
    language = models.CharField(
        _("language used"), max_length=10, blank=True, help_text=_("ISO 639 code.")
    )
    interpreter = models.CharField(
        _("interpreter"), max_length=20, choices=Interpreter.choices, default=Interpreter.NONE
    )
    notes = models.TextField(_("notes"), blank=True)

    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        editable=False,
        help_text=_(
            "Hash of the submitted content: tells a retry (same) from a conflict (different)."
        ),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = EncounterQuerySet.as_manager()

    class Meta:
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["team", "-occurred_at"], name="encounter_team_time_idx"),
            models.Index(fields=["person", "-occurred_at"], name="encounter_person_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source="dispatch") | ~models.Q(cad_incident=""),
                name="encounter_dispatch_has_cad",
                violation_error_message=_("A dispatch encounter needs the CAD incident number."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="encounter_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="encounter_longitude_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.occurred_at:%Y-%m-%d %H:%M} ({self.get_disposition_display()})"

    def clean(self):
        super().clean()
        errors = {}
        if self.source == Source.DISPATCH and not self.cad_incident:
            errors["cad_incident"] = _("A dispatch encounter needs the CAD incident number.")
        order = [
            ("call_received_at", self.call_received_at),
            ("dispatched_at", self.dispatched_at),
            ("on_scene_at", self.on_scene_at),
            ("cleared_at", self.cleared_at),
        ]
        known = [(name, value) for name, value in order if value is not None]
        for (_a, earlier), (name, later) in zip(known, known[1:]):
            if later < earlier:
                errors[name] = _("Must not be earlier than the previous dispatch time.")
        if self.police_backup_reason and not self.police_backup_requested:
            errors["police_backup_reason"] = _(
                "Give a reason only when police backup was requested."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def minutes_on_scene(self):
        if self.on_scene_at and self.cleared_at:
            return round((self.cleared_at - self.on_scene_at).total_seconds() / 60)
        return None

    @property
    def response_minutes(self):
        if self.call_received_at and self.on_scene_at:
            return round((self.on_scene_at - self.call_received_at).total_seconds() / 60)
        return None
