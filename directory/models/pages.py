import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from directory.panels import OwnOrganizationInlinePanel

from .records import hsds_extra_field


class HomePage(Page):
    """The public site's front page: a search box and the category tiles."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["directory.OrganizationPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class OrganizationPage(Page):
    """An HSDS organization: the provider that runs one or more services."""

    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4, editable=False)
    hsds_extra = hsds_extra_field()
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    tax_status = models.CharField(_("tax status"), max_length=100, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1600), MaxValueValidator(2100)],
    )
    legal_status = models.CharField(_("legal status"), max_length=255, blank=True)
    logo = models.URLField(_("logo URL"), blank=True, max_length=500)
    uri = models.URLField(_("URI"), blank=True, max_length=500)
    parent_organization_hsds_id = models.UUIDField(
        _("parent organization HSDS id"), null=True, blank=True
    )
    is_demo = models.BooleanField(
        _("demo listing"),
        default=False,
        help_text=_("Fictional organization shipped with the demo data."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("alternate_name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("website"), InlinePanel("phones", label=_("Phones"))],
            heading=_("Contact"),
        ),
        InlinePanel("locations", label=_("Locations")),
        MultiFieldPanel(
            [
                FieldPanel("tax_status"),
                FieldPanel("tax_id"),
                FieldPanel("year_incorporated"),
                FieldPanel("legal_status"),
            ],
            heading=_("Legal"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("alternate_name"),
    ]
    parent_page_types = ["directory.HomePage"]
    subpage_types = ["directory.ServicePage"]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    @property
    def name(self):
        return self.title


class ServicePage(Page):
    """An HSDS service: what a person can get, from one organization, at one or more locations."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4, editable=False)
    hsds_extra = hsds_extra_field()
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True, max_length=500)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    wait_time = models.CharField(_("wait time"), max_length=255, blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    licenses = models.TextField(_("licenses"), blank=True)
    alert = models.TextField(
        _("alert"),
        blank=True,
        help_text=_("A short notice shown on top, e.g. 'closed for repairs'."),
    )
    eligibility_description = models.TextField(_("who is eligible"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    # HSDS "assured_date": when someone last confirmed the listing is accurate.
    assured_date = models.DateField(_("last verified on"), null=True, blank=True)
    assurer_email = models.EmailField(_("verified by (email)"), blank=True)
    # HSDS last_modified, the one date incremental sync reads: as the feed gave it on import, and
    # moved to now by every published change of the service or anything in it, and by bed counts.
    last_modified = models.DateTimeField(_("last modified"), null=True, blank=True, db_index=True)
    # Digest of the HSDS record last imported as it stands, so an unchanged record is skipped;
    # cleared by any change made here, so the next import writes the record again.
    hsds_hash = models.CharField(_("HSDS record digest"), max_length=64, blank=True, editable=False)
    # The organization page above this one, kept as a key so listings join instead of walking the tree.
    organization = models.ForeignKey(
        OrganizationPage,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="services",
        null=True,
        editable=False,
    )

    content_panels = Page.content_panels + [
        FieldPanel("alternate_name"),
        FieldPanel("status"),
        FieldPanel("alert"),
        FieldPanel("description"),
        InlinePanel("attributes", label=_("Categories and populations")),
        OwnOrganizationInlinePanel("service_at_locations", label=_("Where")),
        InlinePanel("schedules", label=_("Opening hours")),
        InlinePanel("closures", label=_("Closed on")),
        InlinePanel("phones", label=_("Phones")),
        InlinePanel("languages", label=_("Languages")),
        MultiFieldPanel(
            [
                FieldPanel("eligibility_description"),
                FieldPanel("minimum_age"),
                FieldPanel("maximum_age"),
                InlinePanel("required_documents", label=_("What to bring")),
            ],
            heading=_("Eligibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("fees_description"), InlinePanel("cost_options", label=_("Costs"))],
            heading=_("Cost"),
        ),
        FieldPanel("application_process"),
        FieldPanel("wait_time"),
        FieldPanel("interpretation_services"),
        FieldPanel("url"),
        FieldPanel("email"),
        InlinePanel("service_areas", label=_("Service areas")),
        OwnOrganizationInlinePanel("contacts", label=_("Contacts")),
        MultiFieldPanel(
            [
                FieldPanel("accreditations"),
                FieldPanel("licenses"),
                FieldPanel("assured_date"),
                FieldPanel("assurer_email"),
            ],
            heading=_("Verification"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("alternate_name"),
        index.SearchField("eligibility_description"),
        index.FilterField("status"),
    ]
    parent_page_types = ["directory.OrganizationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
                violation_error_message=_("The minimum age must not be above the maximum age."),
            )
        ]

    @property
    def name(self):
        return self.title

    @classmethod
    def touch(cls, services, *, at=None):
        """A change made here: move ``last_modified`` of ``services`` (a queryset, or one page) to
        ``at`` (default now)."""
        at = at or timezone.now()
        pks = [services.pk] if isinstance(services, cls) else services.values("pk")
        cls.objects.filter(pk__in=pks).update(last_modified=at, hsds_hash="")
        if isinstance(services, cls):
            services.last_modified, services.hsds_hash = at, ""
        return at

    def save(self, *args, **kwargs):
        if self.last_modified is None:
            self.last_modified = timezone.now()
        if self.path and self.depth and self.depth > 1:
            parent_path = self.path[: -self.steplen]
            self.organization_id = (
                OrganizationPage.objects.filter(path=parent_path)
                .values_list("pk", flat=True)
                .first()
            )
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError(
                {"maximum_age": _("The maximum age must not be below the minimum age.")}
            )
