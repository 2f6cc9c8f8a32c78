from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InstrumentQuerySet(models.QuerySet):
    def current(self, code: str):
        """The version of ``code`` that the screen asks (the most recently loaded new version)."""
        return self.filter(code=code, is_current=True).first()


class Instrument(models.Model):
    """One version of a screening instrument, loaded from its data file (instruments/README.md)."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    definition = models.JSONField(_("definition"), help_text=_("The instrument's data file."))
    is_current = models.BooleanField(_("asked now"), default=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now, editable=False)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening instrument")
        verbose_name_plural = _("screening instruments")
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(is_current=True),
                name="instrument_one_current",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.version})"
