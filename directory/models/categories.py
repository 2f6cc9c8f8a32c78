"""Waypoint's categories for whatever taxonomy a directory arrives in.

A city imports its 211's feed: services tagged with the 211's own taxonomy (Open Eligibility,
AIRS/211 LA, a flat list of its own, or nothing). ``TermMapping`` says, for every taxonomy term,
which of Waypoint's categories and groups it means and how that was decided (Waypoint's own term,
the term's words, its parent's, or a moderator). ``ServiceClassification`` is the result per
service: its categories and the groups it serves, each with where it came from (a term, its own
name or description, its ages, its eligibility text). Search, the public category pages and the
phone's offline directory all read these rows; ``directory.categorisation`` writes them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import ServicePage
from .taxonomy import TaxonomyTerm


def codes_field(codes) -> str:
    codes = list(dict.fromkeys(c for c in codes if c))
    return f"|{'|'.join(codes)}|" if codes else ""


def field_codes(value: str) -> list[str]:
    return [c for c in (value or "").split("|") if c]


class TermMapping(models.Model):
    """One taxonomy term read as Waypoint's categories (the crosswalk a moderator can correct)."""

    class Method(models.TextChoices):
        OWN = "own", _("Waypoint's own term")
        WORDS = "words", _("From the term's words")
        PARENT = "parent", _("From its parent term")
        MODERATOR = "moderator", _("Set by a moderator")
        NONE = "none", _("No category found")

    term = models.OneToOneField(
        TaxonomyTerm, verbose_name=_("term"), on_delete=models.CASCADE, related_name="mapping"
    )
    categories = models.CharField(_("categories"), max_length=500, blank=True)
    populations = models.CharField(_("groups served"), max_length=300, blank=True)
    method = models.CharField(_("decided by"), max_length=20, choices=Method.choices)
    evidence = models.CharField(_("why"), max_length=500, blank=True)
    # Only a broad phrase named it ("Food", "Addiction & Recovery"): a service's own words may narrow it.
    broad = models.BooleanField(_("broad"), default=False)
    # The term's words the automatic mapping was read from: an edit to them maps the term again.
    read_from = models.TextField(_("read from"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by (person)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("category mapping")
        verbose_name_plural = _("category mappings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=["own", "words", "parent", "moderator", "none"]),
                name="term_mapping_method_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(method="moderator") | models.Q(decided_by__isnull=False),
                name="term_mapping_moderator_named",
            ),
        ]

    def __str__(self):
        return f"{self.term} → {', '.join(self.category_list) or '—'}"

    @property
    def category_list(self) -> list[str]:
        return field_codes(self.categories)

    @property
    def population_list(self) -> list[str]:
        return field_codes(self.populations)


class ServiceClassification(models.Model):
    """One category of a service, or one group it serves, and where that came from."""

    class Kind(models.TextChoices):
        CATEGORY = "category", _("category")
        POPULATION = "population", _("group served")

    class Source(models.TextChoices):
        TERM = "term", _("a taxonomy term")
        NAME = "name", _("its name")
        DESCRIPTION = "description", _("its description")
        AGES = "ages", _("its minimum and maximum age")
        ELIGIBILITY = "eligibility", _("its eligibility text")

    service = models.ForeignKey(
        ServicePage,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="classifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=100)
    source = models.CharField(_("from"), max_length=20, choices=Source.choices)
    evidence = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service classification")
        verbose_name_plural = _("service classifications")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "code"], name="service_classification_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "code"], name="service_class_kind_code_idx")]

    def __str__(self):
        return f"{self.service_id} {self.kind}:{self.code} ({self.source})"
