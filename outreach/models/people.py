"""People the team meets: often anonymous or known only by an alias and what they look like."""

import re
import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .choices import ConsentStatus


def normalize_text(value: str) -> str:
    """Lower-case, accents stripped, punctuation to spaces: what person search compares."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value).split())


class PersonQuerySet(models.QuerySet):
    def active(self):
        """People not merged into someone else."""
        return self.filter(merged_into__isnull=True)

    def for_team(self, team):
        """People in a team's scope: created by the team, or met by it at least once."""
        from .encounters import Encounter

        if team is None:
            return self.none()
        met = Encounter.objects.filter(person=OuterRef("pk"), team=team)
        return self.filter(Q(created_by_team=team) | Exists(met))


class Person(models.Model):
    # Not linked from pages or snippets: keep Wagtail's reference index out of every write.
    wagtail_reference_index_ignore = True
    # staff.audit logs a read of one of these rows as a read of that person.
    audit_person = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Only if the person chose to give it.")
    )
    alias = models.CharField(
        _("alias"),
        max_length=200,
        blank=True,
        help_text=_("What the person goes by, or what the team calls them."),
    )
    descriptors = models.TextField(
        _("descriptors"),
        blank=True,
        help_text=_(
            "A few words to recognise the person again, e.g. 'tall, red backpack, dog named Max'."
        ),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        blank=True,
        help_text=_("ISO 639 code, e.g. es; ase for ASL."),
    )
    consent_to_store = models.CharField(
        _("consent to store data"),
        max_length=12,
        choices=ConsentStatus.choices,
        default=ConsentStatus.NOT_ASKED,
    )
    consent_to_store_on = models.DateField(_("consent to store given on"), null=True, blank=True)
    consent_to_share = models.CharField(
        _("consent to share data"),
        max_length=12,
        choices=ConsentStatus.choices,
        default=ConsentStatus.NOT_ASKED,
    )
    consent_to_share_on = models.DateField(_("consent to share given on"), null=True, blank=True)
    consent_to_share_scope = models.TextField(
        _("consent to share: scope"),
        blank=True,
        help_text=_("With whom and what, e.g. 'shelter intake, housing case manager'."),
    )
    hazard_note = models.TextField(
        _("hazard note"),
        blank=True,
        help_text=_(
            "For responders' safety only (e.g. 'dog bites', 'startles when approached from behind')."
        ),
    )
    created_by_team = models.ForeignKey(
        "staff.Team",
        verbose_name=_("created by team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        help_text=_("Set when this record was found to be the same person as another one."),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["created_by_team"], name="person_team_idx"),
            models.Index(fields=["merged_into"], name="person_merged_idx"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_text = normalize_text(" ".join([self.name, self.alias, self.descriptors]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        if self.alias and self.name:
            return f"{self.alias} ({self.name})"
        return (
            self.alias or self.name or _("Unnamed person %(short)s") % {"short": str(self.id)[:8]}
        )


class PersonMerge(models.Model):
    """Two records found to be one person; everything needed to undo it."""

    # Not linked from pages or snippets: keep Wagtail's reference index out of every write.
    wagtail_reference_index_ignore = True

    source = models.ForeignKey(
        Person,
        verbose_name=_("merged record"),
        on_delete=models.PROTECT,
        related_name="merges_as_source",
    )
    target = models.ForeignKey(
        Person,
        verbose_name=_("kept record"),
        on_delete=models.PROTECT,
        related_name="merges_as_target",
    )
    moved = models.JSONField(
        _("moved rows"),
        default=dict,
        help_text=_("model label → list of primary keys moved to the kept record"),
    )
    target_before = models.JSONField(_("kept record before the merge"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person merge")
        verbose_name_plural = _("person merges")
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.source_id} → {self.target_id}"

    @property
    def is_undone(self):
        return self.undone_at is not None
