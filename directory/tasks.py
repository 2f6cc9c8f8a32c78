"""Background work for the directory, run through django-tasks (the backend is settings.TASKS).

``send_verification_reminders`` is enqueued by ``manage.py send_verification_reminders`` (run it
daily from cron or a systemd timer); with the immediate backend it runs in place.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from directory.selectors import stale_listing_list


def _provider_emails(organization):
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True, staff_profile__role="provider", staff_profile__organization=organization
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


@task()
def send_verification_reminders() -> int:
    """Email each provider the listings it has not confirmed within LISTING_VERIFY_DAYS.

    Returns the number of emails sent. One email per organization (to all its provider accounts).
    """
    by_org = {}
    for service in stale_listing_list():
        if service.organization_id:
            by_org.setdefault(service.organization, []).append(service)
    sent = 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    link = base + reverse("directory:provider")
    for organization, services in by_org.items():
        recipients = _provider_emails(organization)
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            lines = [
                _("These Waypoint listings of %(org)s have not been confirmed in %(days)d days:")
                % {"org": organization.title, "days": settings.LISTING_VERIFY_DAYS},
                "",
            ]
            lines += [f"- {s.title}" for s in services]
            lines += [
                "",
                _("If they are still accurate, press “Still accurate” for each one here:"),
                link,
            ]
            lines += ["", _("If something changed, edit the listing; a moderator will check it.")]
            subject = _("Please confirm your Waypoint listings")
        send_mail(subject, "\n".join(lines), None, recipients)
        sent += 1
    return sent


@task()
def hsds_import_reindex(service_page_ids: list[int]) -> int:
    """After an import commits, once for all it wrote: Wagtail's search index (the admin's) for
    the services and their organizations, and the responder search rows of each service.

    The import writes pages in bulk, without a search task per page. Returns the services indexed.
    """
    from wagtail.search.backends import get_search_backend

    from directory.models import OrganizationPage, ServicePage
    from directory.signals import services_imported

    backend = get_search_backend()
    services = list(ServicePage.objects.filter(pk__in=service_page_ids))
    backend.add_bulk(ServicePage, services)
    backend.add_bulk(
        OrganizationPage,
        list(OrganizationPage.objects.filter(pk__in={s.organization_id for s in services})),
    )
    services_imported.send(sender=ServicePage, service_page_ids=[s.pk for s in services])
    return len(services)
