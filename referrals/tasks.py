"""Background work for referrals, run through django-tasks (the backend is settings.TASKS).

* ``send_referral_link(referral_id)`` — emails the provider a fresh signed link (no login).
* ``send_follow_up_reminders()`` — emails whoever works each due follow-up now (the owner, or
  the person on duty when the owner is off shift). Run it every 15 minutes or so from cron:
  ``manage.py send_follow_up_reminders``. Emails carry no personal data, only counts and a link.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .links import referral_link_token
from .models import Referral, ReferralMode, ReferralStatus
from .selectors import provider_emails


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


@task()
def send_referral_link(referral_id: str) -> int:
    """Email a fresh single-use link to the provider of one live, open referral. Returns emails sent."""
    referral = (
        Referral.objects.select_related("service", "organization")
        .filter(
            pk=referral_id,
            mode=ReferralMode.LIVE,
            status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
        )
        .first()
    )
    if referral is None:
        return 0
    recipients = provider_emails(referral)
    if not recipients:
        return 0
    token = referral_link_token(referral=referral)
    link = _base_url() + reverse("referrals:link", args=[token])
    hours = int(getattr(settings, "REFERRAL_LINK_MAX_AGE", 72 * 3600)) // 3600
    with translation.override(settings.LANGUAGE_CODE):
        if referral.status == ReferralStatus.SENT:
            ask = _("Please accept or decline it")
        else:
            ask = _("Please tell us when the person arrives")
        subject = _("Waypoint referral to %(service)s (%(urgency)s)") % {
            "service": referral.service.title,
            "urgency": referral.get_urgency_display(),
        }
        body = "\n".join(
            [
                _("The Community Response Team referred someone to %(service)s.")
                % {"service": referral.service.title},
                ask + ":",
                link,
                "",
                _("The link works once and expires in %(hours)d hours. It needs no login.")
                % {"hours": hours},
            ]
        )
    send_mail(subject, body, None, recipients)
    return len(recipients)


@task()
def send_follow_up_reminders() -> int:
    """One email per assignee listing how many follow-ups are due; each follow-up is reminded once
    per due time (``reminded_at``). Returns the number of emails sent."""
    from .models import FollowUp
    from .selectors import followup_assignee

    now = timezone.now()
    due = (
        FollowUp.objects.open()
        .filter(due_at__lte=now)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("due_at")))
        .select_related("owner", "team")
    )
    by_user = defaultdict(list)
    for follow_up in due:
        assignee = followup_assignee(follow_up=follow_up, at=now)
        by_user[assignee].append(follow_up)
    sent = 0
    link = _base_url() + reverse("referrals:today")
    for user, items in by_user.items():
        if user.email:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Waypoint: %(n)d follow-up(s) due") % {"n": len(items)}
                body = "\n".join(
                    [
                        _("You have %(n)d referral follow-up(s) due or overdue.")
                        % {"n": len(items)},
                        _("Open your list:"),
                        link,
                    ]
                )
            send_mail(subject, body, None, [user.email])
            sent += 1
        FollowUp.objects.filter(pk__in=[f.pk for f in items]).update(reminded_at=now)
    return sent
