"""The search table: one flat row per service-at-location, rebuilt from the directory.

Responder search must answer in milliseconds from a phone, so everything a query filters or
ranks on is copied here once (``search.services`` writes it; signals keep it fresh) instead of
being joined out of a dozen HSDS tables per request:

- codes (categories, populations, languages) as ``|code|code|`` strings, plus one
  ``SearchTag`` row per code with the coordinates and a copy of the few columns the tiers are
  computed from (hours, languages, beds), so "detox bed tonight near Park St" is one index range
  scan on ``(code, latitude)`` that never visits the wide document rows;
- coordinates as indexed floats (bounding-box prefilter);
- opening hours as minutes-of-week intervals (exact) and an hourly slot mask (two weeks long, so
  a window that crosses Sunday midnight is one substring) for a coarse "open tonight?" test in
  SQL: a slot is marked when the place is open at any moment of that hour (both laid out from
  the rules by ``directory.hours.weekly``);
- beds and when they were last counted.

A service that is delivered nowhere in particular (a phone line) gets one row with no location.
Full-text indexes live beside this table: an FTS5 table on SQLite and a generated ``tsvector``
plus trigram index on PostgreSQL (migration 0002).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The tag of a document with no category known: search finds those by their words in the box.
NO_CATEGORY_TAG = "c:-"


def codes_to_field(codes) -> str:
    codes = sorted({c for c in codes if c})
    return f"|{'|'.join(codes)}|" if codes else ""


def field_to_codes(value: str) -> list[str]:
    return [c for c in (value or "").split("|") if c]


class ServiceSearchDocument(models.Model):
    """What search reads: one row per published, active service at one location."""

    service_page_id = models.PositiveIntegerField(_("service page id"), db_index=True)
    service_hsds_id = models.CharField(_("service HSDS id"), max_length=36, db_index=True)
    service_at_location_hsds_id = models.CharField(
        _("service-at-location HSDS id"), max_length=36, blank=True
    )
    organization_page_id = models.PositiveIntegerField(
        _("organization page id"), null=True, blank=True, db_index=True
    )
    name = models.CharField(_("name"), max_length=255)
    organization = models.CharField(_("organization"), max_length=255, blank=True)
    text = models.TextField(
        _("searchable text"),
        blank=True,
        help_text=_("Description, eligibility, category names, address, …"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True)
    categories = models.CharField(_("category codes"), max_length=500, blank=True)
    populations = models.CharField(_("population codes"), max_length=300, blank=True)
    languages = models.CharField(
        _("language codes"),
        max_length=200,
        blank=True,
        help_text=_("Empty means unknown, not 'English only'."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    has_beds = models.BooleanField(_("counts beds"), default=False)
    beds_available = models.PositiveIntegerField(_("beds available"), null=True, blank=True)
    capacity_updated = models.DateTimeField(_("beds counted at"), null=True, blank=True)
    hours_known = models.BooleanField(_("hours known"), default=False)
    hours_exact = models.BooleanField(
        _("weekly hours are exact"),
        default=True,
        help_text=_(
            "False when closures, monthly rules or date ranges apply: the hours engine decides."
        ),
    )
    always_open = models.BooleanField(_("open 24/7"), default=False)
    week_intervals = models.JSONField(
        _("open intervals (minutes of week)"), default=list, blank=True
    )
    open_mask = models.TextField(_("open hourly slots, two weeks"), blank=True)
    hours_summary = models.CharField(_("hours"), max_length=255, blank=True)
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True)
    url = models.CharField(_("URL"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["latitude", "longitude"], name="search_doc_lat_lng_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["service_page_id", "service_at_location_hsds_id"],
                name="search_doc_unique_service_location",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def category_list(self):
        return field_to_codes(self.categories)

    @property
    def language_list(self):
        return field_to_codes(self.languages)


class SearchTag(models.Model):
    """One code of one document (``c:detox``, ``p:youth``, ``l:es``) with its coordinates.

    The index on ``(code, latitude, longitude)`` turns "this category near here" into one range scan.
    The tier columns are copies of the document's (``TIER_FIELDS``, written together by
    ``search.services``): at 50,000 services a box holds a thousand rows, and ordering them by
    tier without a join per row is what keeps the query inside its budget.
    """

    TIER_FIELDS = (
        "populations",
        "languages",
        "has_beds",
        "beds_available",
        "capacity_updated",
        "hours_known",
        "hours_exact",
        "always_open",
        "open_mask",
    )

    document = models.ForeignKey(
        ServiceSearchDocument, on_delete=models.CASCADE, related_name="tags"
    )
    code = models.CharField(_("code"), max_length=110)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    populations = models.CharField(_("population codes"), max_length=300, blank=True)
    languages = models.CharField(_("language codes"), max_length=200, blank=True)
    has_beds = models.BooleanField(_("counts beds"), default=False)
    beds_available = models.PositiveIntegerField(_("beds available"), null=True, blank=True)
    capacity_updated = models.DateTimeField(_("beds counted at"), null=True, blank=True)
    hours_known = models.BooleanField(_("hours known"), default=False)
    hours_exact = models.BooleanField(_("weekly hours are exact"), default=True)
    always_open = models.BooleanField(_("open 24/7"), default=False)
    open_mask = models.TextField(_("open hourly slots, two weeks"), blank=True)

    class Meta:
        verbose_name = _("search tag")
        verbose_name_plural = _("search tags")
        indexes = [
            models.Index(fields=["code", "latitude", "longitude"], name="search_tag_code_geo_idx")
        ]

    def __str__(self):
        return self.code


class UnmetSearch(models.Model):
    """A search that found nothing open or no free bed: the city's "unmet need" signal.

    Holds no free text and no exact place (a query can name a person or a home address): only
    the understood needs, the time asked about, and the neighbourhood searched near.
    """

    searched_at = models.DateTimeField(_("searched at"), db_index=True)
    asked_for = models.DateTimeField(_("time asked about"))
    categories = models.CharField(_("categories"), max_length=255, blank=True)
    open = models.CharField(_("time asked"), max_length=20, blank=True)
    needs_bed = models.BooleanField(_("needed a bed"), default=False)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("unmet search")
        verbose_name_plural = _("unmet searches")
        ordering = ["-searched_at"]
