import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .records import hsds_extra_field


class Location(Orderable, ClusterableModel):
    """Where services are delivered: a building, a van stop, or a virtual place (HSDS location)."""

    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4, editable=False)
    hsds_extra = hsds_extra_field()
    organization = ParentalKey(
        "directory.OrganizationPage",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="locations",
        null=True,
        blank=True,
    )
    location_type = models.CharField(
        _("location type"),
        max_length=10,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    url = models.URLField(_("URL"), blank=True, max_length=500)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    external_identifier = models.CharField(_("external identifier"), max_length=255, blank=True)
    external_identifier_type = models.CharField(
        _("external identifier type"), max_length=255, blank=True
    )
    # Derived from the coordinates (Hartford's official neighbourhoods); not part of HSDS.
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True, db_index=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("location_type"),
        FieldPanel("description"),
        FieldPanel("transportation"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_lat_lng_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="location_both_coordinates_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return self.name or str(self.hsds_id)


class Address(models.Model):
    class AddressType(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4, editable=False)
    hsds_extra = hsds_extra_field()
    location = ParentalKey(
        Location, verbose_name=_("location"), on_delete=models.CASCADE, related_name="addresses"
    )
    attention = models.CharField(_("attention"), max_length=255, blank=True)
    address_1 = models.CharField(_("street address"), max_length=255)
    address_2 = models.CharField(_("address line 2"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    state_province = models.CharField(_("state"), max_length=100)
    postal_code = models.CharField(_("ZIP code"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="US")
    address_type = models.CharField(
        _("address type"), max_length=10, choices=AddressType.choices, default=AddressType.PHYSICAL
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return ", ".join(
            p for p in [self.address_1, self.city, self.state_province, self.postal_code] if p
        )


class Accessibility(models.Model):
    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4, editable=False)
    hsds_extra = hsds_extra_field()
    location = ParentalKey(
        Location, verbose_name=_("location"), on_delete=models.CASCADE, related_name="accessibility"
    )
    description = models.TextField(_("description"), blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(_("URL"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")
