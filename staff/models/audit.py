"""The append-only audit log: who read or changed whose data, and when (contracts §5)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

APPEND_ONLY_MESSAGE = "The audit log is append-only: events cannot be changed or deleted."


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise PermissionDenied(APPEND_ONLY_MESSAGE)

    # bulk_update goes through update(); refuse it explicitly for a clearer trace.
    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionDenied(APPEND_ONLY_MESSAGE)

    def for_person(self, person_id):
        return self.filter(person_id=person_id)


class AuditEvent(models.Model):
    # Not linked from pages or snippets: keep Wagtail's reference index out of every write.
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        VIEW_PERSON = "view_person", _("Viewed a person")
        VIEW_TIMELINE = "view_timeline", _("Viewed a person's timeline")
        VIEW_ENCOUNTER = "view_encounter", _("Viewed an encounter")
        LIST_PERSONS = "list_persons", _("Listed people")
        SEARCH_PERSONS = "search_persons", _("Searched people")
        CREATE_ENCOUNTER = "create_encounter", _("Logged an encounter")
        CREATE_PERSON = "create_person", _("Created a person")
        UPDATE_PERSON = "update_person", _("Changed a person")
        MERGE_PERSONS = "merge_persons", _("Merged two people")
        UNDO_MERGE = "undo_merge", _("Undid a merge")
        VIEW_SCREENING = "view_screening", _("Viewed a risk screening")
        CREATE_SCREENING = "create_screening", _("Recorded a risk screening")
        UPDATE_SCREENING = "update_screening", _("Recorded what followed a screening")
        VIEW_ASSESSMENT = "view_assessment", _("Viewed a clinical assessment")
        CREATE_ASSESSMENT = "create_assessment", _("Recorded a clinical assessment")
        ADMIN_VIEW = "admin_view", _("Viewed in the admin")
        OTHER = "other", _("Other")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    # PROTECT: a staff account that appears in the log is deactivated, never deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    username = models.CharField(_("username"), max_length=150, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=32, db_index=True, editable=False)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, editable=False)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, editable=False)
    # Not a foreign key: the log outlives merges and must never block or follow a change to a person.
    person_id = models.UUIDField(
        _("person id"), null=True, blank=True, db_index=True, editable=False
    )
    detail = models.TextField(_("detail"), blank=True, editable=False)
    path = models.CharField(_("request path"), max_length=500, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        # The append-only trigger (waypoint.security migration 0001) is on this table.
        db_table = "outreach_auditevent"
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["user", "-at"], name="audit_user_time_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(APPEND_ONLY_MESSAGE)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(APPEND_ONLY_MESSAGE)
