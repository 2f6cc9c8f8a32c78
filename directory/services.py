"""Writes to the directory that do not wait for moderation: bed counts, "closed today",
"still accurate", problem reports, and moderators' corrections of the category crosswalk.

Page content (names, hours, phones, …) changes only through Wagtail revisions and the
"Moderator approval" workflow; the operations here are the deliberate exceptions (contracts §5:
providers change availability instantly). Each one keeps a record of who did it and when.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.categorisation import correct_mapping
from directory.models import (
    CapacityChange,
    Closure,
    ProblemReport,
    ServiceCapacity,
    ServicePage,
    TaxonomyTerm,
    TermMapping,
    Unit,
)
from directory.permissions import can_update_service, is_moderator, provider_organization
from directory.signals import services_reclassified

CAPACITY_NEGATIVE = _("The count cannot go below 0.")
CAPACITY_OVER_TOTAL = _("The count cannot be more than the total (%(maximum)s).")
NOT_ALLOWED = _("You may not change this listing.")
REPORT_EMPTY = _("Tick at least one box or write a note.")
SEND_BACK_NEEDS_NOTE = _("Say what the provider should fix before sending it back.")
CHANGE_ALREADY_DECIDED = _("This change is no longer waiting: someone has already decided it.")
CLOSED_TODAY_REASON = "Closed today"
BED_UNIT = "bed"


@transaction.atomic
def capacity_update(
    *, capacity: ServiceCapacity, available: int, user, maximum: int | None = None
) -> ServiceCapacity:
    """Set the count available now (and optionally the total), live at once, logged.

    Saved with ``save()`` so that ``post_save`` receivers (the search index sync) fire.
    """
    if not can_update_service(user, capacity.service):
        raise PermissionDenied(NOT_ALLOWED)
    locked = ServiceCapacity.objects.select_for_update().get(pk=capacity.pk)
    if maximum is not None:
        locked.maximum = maximum
    if available is None or available < 0:
        raise ValidationError({"available": CAPACITY_NEGATIVE})
    if locked.maximum is not None and available > locked.maximum:
        raise ValidationError({"available": CAPACITY_OVER_TOTAL % {"maximum": locked.maximum}})
    locked.available = available
    locked.updated = timezone.now()
    locked.updated_by = user
    locked.full_clean()
    locked.save()
    CapacityChange.objects.create(
        capacity=locked,
        available=locked.available,
        maximum=locked.maximum,
        changed_at=locked.updated,
        changed_by=user,
    )
    ServicePage.touch(ServicePage.objects.filter(pk=locked.service_id), at=locked.updated)
    capacity.refresh_from_db()
    return locked


def capacity_adjust(*, capacity: ServiceCapacity, delta: int, user) -> ServiceCapacity:
    """The + / − buttons: one more or one fewer, clamped errors as for :func:`capacity_update`."""
    current = ServiceCapacity.objects.values_list("available", flat=True).get(pk=capacity.pk)
    return capacity_update(capacity=capacity, available=current + delta, user=user)


@transaction.atomic
def capacity_create(*, service: ServicePage, maximum: int, available: int, user) -> ServiceCapacity:
    """Start counting beds for a service that has none yet."""
    if not can_update_service(user, service):
        raise PermissionDenied(NOT_ALLOWED)
    unit, _created = Unit.objects.get_or_create(name=BED_UNIT)
    capacity = ServiceCapacity(
        service=service, unit=unit, available=available, maximum=maximum, updated_by=user
    )
    if available < 0:
        raise ValidationError({"available": CAPACITY_NEGATIVE})
    capacity.full_clean()
    capacity.save()
    CapacityChange.objects.create(
        capacity=capacity,
        available=available,
        maximum=maximum,
        changed_at=capacity.updated,
        changed_by=user,
    )
    ServicePage.touch(service, at=capacity.updated)
    return capacity


@transaction.atomic
def service_closed_today_set(
    *, service: ServicePage, closed: bool, user, reason: str = ""
) -> Closure | None:
    """ "Closed today" outside moderation: a one-day ``Closure`` row written straight to the live page.

    The row is not a revision; if a moderator later publishes an older draft of the same page, the
    draft's closures replace the live ones (Wagtail publishes the whole page cluster), so a quick
    "closed today" set before that publish has to be set again. It only ever covers today.
    """
    if not can_update_service(user, service):
        raise PermissionDenied(NOT_ALLOWED)
    today = timezone.localdate()
    quick = Closure.objects.filter(service=service, starts_on=today, ends_on=today)
    ServicePage.touch(service)  # closures are part of the served record
    if not closed:
        quick.delete()
        _touch_search(service)
        return None
    closure = quick.first()
    if closure is None:
        closure = Closure(service=service, starts_on=today, ends_on=today)
    closure.reason = (reason or CLOSED_TODAY_REASON)[:255]
    closure.full_clean()
    closure.save()
    _touch_search(service)
    return closure


def _touch_search(service):
    """Re-save the bed count (if any) so the search index sync sees the change of "open today"."""
    for capacity in ServiceCapacity.objects.filter(service=service):
        capacity.save()


@transaction.atomic
def listing_confirm(*, service: ServicePage, user) -> ServicePage:
    """ "Still accurate": sets "last verified on" to today on the live page, in one click.

    Written to the live row (not a new revision): confirming changes no content, so it does not
    need a moderator. Logged in the page history as ``directory.listing_confirm``.
    """
    if not can_update_service(user, service):
        raise PermissionDenied(NOT_ALLOWED)
    today = timezone.localdate()
    ServicePage.objects.filter(pk=service.pk).update(
        assured_date=today, assurer_email=user.email or ""
    )
    ServicePage.touch(service)  # assured_date is served
    service.assured_date = today
    service.assurer_email = user.email or ""
    from wagtail.log_actions import log

    log(instance=service, action="directory.listing_confirm", user=user)
    return service


def problem_report_create(
    *,
    service: ServicePage,
    kinds: list[str],
    note: str = "",
    user=None,
    source: str = ProblemReport.Source.PUBLIC,
) -> ProblemReport:
    valid = {code for code, _label in ProblemReport.Kind.choices}
    kinds = [k for k in dict.fromkeys(kinds) if k in valid]
    note = (note or "").strip()
    if not kinds and not note:
        raise ValidationError({"kinds": REPORT_EMPTY})
    report = ProblemReport(
        service=service,
        kinds=kinds,
        note=note[:1000],
        source=source,
        reported_by=user if user is not None and user.is_authenticated else None,
    )
    report.full_clean()
    report.save()
    return report


def problem_report_resolve(
    *, report: ProblemReport, user, status: str = ProblemReport.Status.RESOLVED
) -> ProblemReport:
    """Moderators close any report; a provider closes reports on its own listings."""
    organization = provider_organization(user)
    if not (
        is_moderator(user) or (organization and report.service.organization_id == organization.pk)
    ):
        raise PermissionDenied(NOT_ALLOWED)
    if status not in (
        ProblemReport.Status.RESOLVED,
        ProblemReport.Status.DISMISSED,
        ProblemReport.Status.OPEN,
    ):
        raise ValidationError({"status": _("Unknown status.")})
    report.status = status
    report.handled_by = user
    report.handled_at = timezone.now() if status != ProblemReport.Status.OPEN else None
    report.save(update_fields=["status", "handled_by", "handled_at"])
    return report


def stale_cutoff(now=None):
    from django.conf import settings

    return (now or timezone.now()) - timedelta(hours=settings.CAPACITY_STALE_HOURS)


def term_mapping_correct(
    *, term: TaxonomyTerm, categories: list[str], populations: list[str], user
) -> list[int]:
    """A moderator says which Waypoint categories and groups a taxonomy term means.

    The services tagged with the term are reclassified at once and re-indexed after the commit
    (``services_reclassified``); returns their page ids.
    """
    if not is_moderator(user):
        raise PermissionDenied(NOT_ALLOWED)
    with transaction.atomic():
        service_ids = correct_mapping(
            term=term, categories=categories, populations=populations, user=user
        )
        services_reclassified.send(sender=TermMapping, service_page_ids=service_ids)
    return service_ids


def change_decide(*, page, user, approve: bool, comment: str = "") -> None:
    """A moderator approves a change waiting for review (the last task's approval publishes it)
    or sends it back to the provider with a note saying what to fix.

    Wagtail's own task does the work, so its history, notifications and rules are kept.
    """
    if not is_moderator(user):
        raise PermissionDenied(NOT_ALLOWED)
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(SEND_BACK_NEEDS_NOTE)
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise ValidationError(CHANGE_ALREADY_DECIDED)
    task = task_state.task.specific
    action = "approve" if approve else "reject"
    if action not in {name for name, _label, _modal in task.get_actions(page, user)}:
        raise PermissionDenied(NOT_ALLOWED)
    task.on_action(task_state, user, action, comment=comment)
