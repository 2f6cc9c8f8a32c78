"""The one wording of opening hours, for the public pages and for search alike.

A search card's line comes from ``status_line`` too (``search.views``), so a card and its service
page say the same thing for the same service; both say a time with ``moment``.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# "24 hours" could be read as today only; "24/7" says every day, every hour.
ALWAYS_OPEN = _("Open 24/7")
# Says what to do about it, which "unknown" does not.
NOT_LISTED = _("Hours not listed: call first")


def moment(value, *, now) -> str:
    """A time as the hours say it, in local time: "5:00 p.m." on the day of ``now``, "tomorrow
    9:00 a.m." on the next, "Tue 9:00 a.m." on another day."""
    local = timezone.localtime(value)
    today = timezone.localtime(now).date()
    clock = time_format(local, "TIME_FORMAT")
    if local.date() == today:
        return clock
    if local.date() == today + timedelta(days=1):
        return gettext("tomorrow %(time)s") % {"time": clock}
    return f"{date_format(local, 'D')} {clock}"


def status_line(status, *, closed_today, now) -> tuple[str, str]:
    """(css class, text) for "open now / closes at / opens next" at a glance, from an
    ``OpeningStatus`` (None when unknown) and today's closure (None when there is none)."""
    if closed_today is not None:
        reason = closed_today.reason
        if reason and reason != "Closed today":
            return "closed", gettext("Closed today: %(reason)s") % {"reason": reason}
        return "closed", gettext("Closed today")
    if status is None or not getattr(status, "known", False):
        return "unknown", str(NOT_LISTED)
    if status.always_open:
        return "open", str(ALWAYS_OPEN)
    if status.open:
        if status.closes_at:
            return "open", gettext("Open now · closes %(when)s") % {
                "when": moment(status.closes_at, now=now)
            }
        return "open", gettext("Open now")
    if status.opens_at:
        return "closed", gettext("Closed now · opens %(when)s") % {
            "when": moment(status.opens_at, now=now)
        }
    if status.closed_reason:
        return "closed", gettext("Closed: %(reason)s") % {"reason": status.closed_reason}
    return "closed", gettext("Closed now")
