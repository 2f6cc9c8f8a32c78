import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .records import hsds_extra_field

# Waypoint's own vocabularies, published as HSDS taxonomies so a 211 can read them.
CATEGORY_TAXONOMY = "waypoint-category"
POPULATION_TAXONOMY = "waypoint-population"


class Taxonomy(models.Model):
    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4)
    hsds_extra = hsds_extra_field()
    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), blank=True, max_length=500)
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    hsds_id = models.UUIDField(_("HSDS id"), unique=True, default=uuid.uuid4)
    hsds_extra = hsds_extra_field()
    taxonomy = models.ForeignKey(
        Taxonomy,
        verbose_name=_("taxonomy"),
        on_delete=models.PROTECT,
        related_name="terms",
        null=True,
        blank=True,
    )
    # Free-text taxonomy name, as HSDS allows when the taxonomy is not a record of its own.
    taxonomy_name = models.CharField(_("taxonomy name"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    # HSDS parent_id as given: kept when the parent is not (yet) known, linked once it arrives.
    parent_hsds_id = models.UUIDField(
        _("parent HSDS id"), null=True, blank=True, db_index=True, editable=False
    )
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    term_uri = models.URLField(_("term URI"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["name"]
        indexes = [models.Index(fields=["taxonomy", "code"], name="term_taxonomy_code_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id:
            self.parent_hsds_id = self.parent.hsds_id
        super().save(*args, **kwargs)

    @classmethod
    def categories(cls):
        return cls.objects.filter(taxonomy__name=CATEGORY_TAXONOMY)

    @classmethod
    def populations(cls):
        return cls.objects.filter(taxonomy__name=POPULATION_TAXONOMY)
