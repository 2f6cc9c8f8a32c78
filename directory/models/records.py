"""HSDS records that hang off a service page (and travel with its revisions)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


def hsds_id_field():
    return models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4, editable=False)


def hsds_extra_field():
    """What an imported HSDS record gave beyond Waypoint's model (programs, funding, metadata,
    extension ``x_…`` keys, a value's original spelling), kept as it came and exported back."""
    return models.JSONField(_("HSDS keys kept as given"), default=dict, blank=True, editable=False)


def service_key(related_name, null=False):
    return ParentalKey(
        "directory.ServicePage",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name=related_name,
        null=null,
        blank=null,
    )


class ServiceAtLocation(Orderable):
    """A service delivered at a location: what search results and referrals point at."""

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("service_at_locations")
    location = models.ForeignKey(
        "directory.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="service_at_locations",
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("location"), FieldPanel("description")]

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]

    def __str__(self):
        return f"{self.service} @ {self.location}"


class Schedule(Orderable):
    """Opening hours as an iCal-style rule (HSDS schedule); see ``directory.hours`` for the maths."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("Weekly")
        MONTHLY = "MONTHLY", _("Monthly")

    class Weekday(models.TextChoices):
        MO = "MO", _("Monday")
        TU = "TU", _("Tuesday")
        WE = "WE", _("Wednesday")
        TH = "TH", _("Thursday")
        FR = "FR", _("Friday")
        SA = "SA", _("Saturday")
        SU = "SU", _("Sunday")

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("schedules", null=True)
    location = models.ForeignKey(
        "directory.Location",
        on_delete=models.CASCADE,
        related_name="schedules",
        null=True,
        blank=True,
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("first date"), null=True, blank=True)
    timezone = models.FloatField(
        _("UTC offset"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-14), MaxValueValidator(14)],
    )
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    wkst = models.CharField(_("week starts"), max_length=2, choices=Weekday.choices, blank=True)
    freq = models.CharField(_("frequency"), max_length=7, choices=Freq.choices, blank=True)
    interval = models.PositiveIntegerField(_("interval"), null=True, blank=True)
    byday = models.CharField(
        _("days"), max_length=100, blank=True, help_text=_("e.g. MO,TU,WE or 2MO")
    )
    byweekno = models.CharField(_("weeks of year"), max_length=255, blank=True)
    bymonthday = models.CharField(_("days of month"), max_length=255, blank=True)
    byyearday = models.CharField(_("days of year"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Earlier than 'opens at' means it closes the next morning."),
    )
    schedule_link = models.URLField(_("schedule link"), blank=True, max_length=500)
    attending_type = models.CharField(_("attending type"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("freq"),
        FieldPanel("byday"),
        FieldPanel("opens_at"),
        FieldPanel("closes_at"),
        FieldPanel("valid_from"),
        FieldPanel("valid_to"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="schedule_valid_range_ordered",
                violation_error_message=_("'Valid from' must not be after 'valid to'."),
            ),
            models.CheckConstraint(
                condition=models.Q(service__isnull=False)
                | models.Q(location__isnull=False)
                | models.Q(service_at_location__isnull=False),
                name="schedule_has_owner",
            ),
        ]


class Closure(Orderable):
    """A date range on which a service is closed whatever its schedule says (holidays, repairs).

    Not in HSDS 3.0; exported as ``closures`` on the service, which HSDS validators accept.
    """

    service = service_key("closures")
    starts_on = models.DateField(_("first day closed"))
    ends_on = models.DateField(_("last day closed"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="closure_range_ordered",
                violation_error_message=_("The last day closed must not be before the first."),
            )
        ]


class Phone(Orderable):
    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("phones", null=True)
    organization = ParentalKey(
        "directory.OrganizationPage",
        on_delete=models.CASCADE,
        related_name="phones",
        null=True,
        blank=True,
    )
    location = models.ForeignKey(
        "directory.Location", on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    contact = models.ForeignKey(
        "directory.Contact", on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    # Kept as the provider wrote it (HSDS round-trips it untouched); ``e164`` is what tel: links use.
    number = models.CharField(_("number"), max_length=50)
    e164 = models.CharField(_("number (E.164)"), max_length=20, blank=True, editable=False)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(
        _("type"), max_length=20, blank=True, help_text=_("voice, text, fax, …")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("extension"),
        FieldPanel("type"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        from directory.phones import to_e164

        self.e164 = to_e164(self.number)
        super().save(*args, **kwargs)


class Language(Orderable):
    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("languages", null=True)
    location = models.ForeignKey(
        "directory.Location",
        on_delete=models.CASCADE,
        related_name="languages",
        null=True,
        blank=True,
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, related_name="languages", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    code = models.CharField(
        _("code"), max_length=10, blank=True, db_index=True, help_text=_("ISO 639, e.g. es")
    )
    note = models.TextField(_("note"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("note")]

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name or self.code


class Contact(Orderable):
    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("contacts", null=True)
    organization = models.ForeignKey(
        "directory.OrganizationPage",
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
    )
    location = models.ForeignKey(
        "directory.Location",
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    department = models.CharField(_("department"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class CostOption(Orderable):
    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("cost_options")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    option = models.CharField(_("option"), max_length=255, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_description = models.TextField(_("amount description"), blank=True)

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="cost_option_amount_not_negative",
            )
        ]


class RequiredDocument(Orderable):
    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("required_documents")
    # Free text in HSDS; official examples run past 255 characters.
    document = models.TextField(_("document"))
    uri = models.URLField(_("URI"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return self.document


class ServiceArea(Orderable):
    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("service_areas")
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("extent type"), max_length=50, blank=True)
    uri = models.URLField(_("URI"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


class Attribute(Orderable):
    """Links a taxonomy term (category, population, …) to an HSDS record, usually a service."""

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = service_key("attributes", null=True)
    taxonomy_term = models.ForeignKey(
        "directory.TaxonomyTerm",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="attributes",
    )
    link_entity = models.CharField(_("linked entity"), max_length=50, default="service")
    link_id = models.UUIDField(_("linked record id"), null=True, blank=True)
    link_type = models.CharField(_("link type"), max_length=50, blank=True)
    value = models.TextField(_("value"), blank=True)
    label = models.CharField(_("label"), max_length=255, blank=True)

    panels = [FieldPanel("taxonomy_term"), FieldPanel("value")]

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        indexes = [models.Index(fields=["link_entity", "link_id"], name="attribute_link_idx")]

    def save(self, *args, **kwargs):
        # A service's attribute always points back at that service, whatever the form sent.
        if self.service_id:
            self.link_entity = "service"
            self.link_id = self.service.hsds_id
        super().save(*args, **kwargs)
