from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamRecordQuerySet(models.QuerySet):
    def for_team(self, team):
        if team is None:
            return self.none()
        return self.filter(team=team)


class TeamRecord(models.Model):
    """What screenings and assessments share: when, about whom, from which contact, by whom.
    The team is the scope, as for encounters (contracts §5)."""

    # Not linked from pages or snippets: keep Wagtail's reference index out of every write.
    wagtail_reference_index_ignore = True

    person = models.ForeignKey(
        "outreach.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    encounter = models.ForeignKey(
        "outreach.Encounter",
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    team = models.ForeignKey(
        "staff.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    objects = TeamRecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-occurred_at"]
