"""The safety plan in its six usual sections (Stanley–Brown), written with the person.

It goes to the person by text message only once they have agreed to it: the agreement, the
number and who heard it are kept with the plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case

# The sections in the order they are worked through and printed.
SECTIONS = (
    "warning_signs",
    "coping",
    "distractions",
    "helpers",
    "professionals",
    "safer_surroundings",
)


class SafetyPlan(models.Model):
    wagtail_reference_index_ignore = True

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = models.TextField(_("Warning signs that a crisis may be coming"), blank=True)
    coping = models.TextField(_("Things I can do on my own to take my mind off it"), blank=True)
    distractions = models.TextField(_("People and places that help distract me"), blank=True)
    helpers = models.TextField(_("People I can ask for help"), blank=True)
    professionals = models.TextField(_("Professionals and crisis lines I can call"), blank=True)
    safer_surroundings = models.TextField(_("Making my surroundings safer"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sms_consent_at = models.DateTimeField(_("agreed to a text on"), null=True, blank=True)
    sms_phone = models.CharField(_("phone for the text"), max_length=30, blank=True)
    sms_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreement heard by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self):
        return f"{self.case_id} · {self.updated_at:%Y-%m-%d}"

    @property
    def may_text(self):
        return self.sms_consent_at is not None and bool(self.sms_phone)

    def sections(self):
        """(label, text) per section, in order: what the page, the print and the text show."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in SECTIONS]
