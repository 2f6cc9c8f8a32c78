import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .records import hsds_extra_field


class Unit(models.Model):
    """What capacity is counted in: beds, slots, … (HSDS 3.1 ``unit``)."""

    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4)
    hsds_extra = hsds_extra_field()
    name = models.CharField(_("name"), max_length=100)
    scheme = models.CharField(_("scheme"), max_length=100, blank=True)
    identifier = models.CharField(_("identifier"), max_length=100, blank=True)
    uri = models.URLField(_("URI"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class ServiceCapacity(models.Model):
    """Beds or slots free now (HSDS 3.1 ``service_capacity``).

    A plain model beside the service page: counts change hourly and go live at once, outside
    moderation. Every change is also kept in ``CapacityChange``. ``available`` may be above
    ``maximum``: a provider over capacity (cots out) reports it so; providers' own form still
    keeps a count within their total (``directory.services``).
    """

    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4)
    hsds_extra = hsds_extra_field()
    service = models.ForeignKey(
        "directory.ServicePage",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="capacities",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="capacities"
    )
    available = models.PositiveIntegerField(_("available now"))
    maximum = models.PositiveIntegerField(_("total"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    updated = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available__gte=0), name="capacity_available_not_negative"
            ),
            models.UniqueConstraint(
                fields=["service", "unit"], name="unique_capacity_per_service_unit"
            ),
        ]

    def __str__(self):
        return f"{self.available}/{self.maximum or '?'} {self.unit}"

    def is_stale(self, now=None):
        now = now or timezone.now()
        return now - self.updated > timedelta(hours=settings.CAPACITY_STALE_HOURS)


class CapacityChange(models.Model):
    """One change of a bed count: who, when, from what to what. Append-only."""

    capacity = models.ForeignKey(ServiceCapacity, on_delete=models.CASCADE, related_name="changes")
    available = models.PositiveIntegerField(_("available"))
    maximum = models.PositiveIntegerField(_("total"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("capacity change")
        verbose_name_plural = _("capacity changes")
        ordering = ["-changed_at"]
