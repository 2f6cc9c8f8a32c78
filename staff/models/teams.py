from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The staff roles of contracts §5; each is also a Django group of the same name."""

    RESPONDER = "responder", _("Responder")
    SUPERVISOR = "supervisor", _("Supervisor")
    MODERATOR = "moderator", _("Moderator")
    PROVIDER = "provider", _("Provider")


class Team(models.Model):
    """A Community Response Team unit (a social worker and a peer responder, or a shift's crew)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        db_table = "outreach_team"
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    organization = models.ForeignKey(
        "directory.OrganizationPage",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("The one organization a provider account may edit."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        db_table = "outreach_staffprofile"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="provider") | models.Q(organization__isnull=False),
                name="provider_has_organization",
                violation_error_message=_("A provider account needs an organization."),
            ),
            models.CheckConstraint(
                condition=models.Q(role="provider") | models.Q(organization__isnull=True),
                name="only_providers_have_organization",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.role == Role.PROVIDER and not self.organization_id:
            raise ValidationError({"organization": _("A provider account needs an organization.")})
        if self.role != Role.PROVIDER and self.organization_id:
            raise ValidationError(
                {"organization": _("Only provider accounts belong to an organization.")}
            )


class ShiftAssignment(models.Model):
    """One staff member on duty for a team between two times (a simple shift calendar)."""

    team = models.ForeignKey(
        "staff.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="shifts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        db_table = "outreach_shiftassignment"
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["team", "starts_at", "ends_at"], name="shift_team_time_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"
