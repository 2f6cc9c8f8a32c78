"""The one wording of opening hours, for the public pages and for search alike.

A search card's line comes from ``status_line`` too (``search.views``), so a card and its service
page say the same thing for the same service; both say a time with ``moment``.
"""

from datetime import timedelta

from dateutil import rrule
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format, time_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .rules import MIDNIGHT, rule_from_schedule

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


def _days(weekdays: list[int]) -> str:
    """Weekday numbers (0 = Monday) as "Mon–Fri" for a run of three or more, else "Sat, Sun"."""
    runs: list[list[int]] = []
    for day in sorted(set(weekdays)):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAYS_ABBR[run[0]]}–{WEEKDAYS_ABBR[run[-1]]}")
        else:
            parts.extend(str(WEEKDAYS_ABBR[day]) for day in run)
    return ", ".join(parts)


def schedule_sentence(row) -> str | None:
    """One schedule row said in the visitor's language ("Mon–Fri, 9 a.m. to 5 p.m."), or None
    when it is not a plain daily or weekly rule: then only the publisher's description says it."""
    rule = rule_from_schedule(row)
    if (
        rule is None
        or rule.freq not in (rrule.DAILY, rrule.WEEKLY)
        or rule.count
        or any(getattr(day, "n", None) for day in rule.byweekday or ())
        or rule.bymonthday
        or rule.bymonth
        or rule.byweekno
        or rule.byyearday
    ):
        return None
    weekdays = sorted({day.weekday for day in rule.byweekday or ()})
    every_day = not weekdays or len(weekdays) == 7
    if rule.freq == rrule.DAILY and rule.interval > 1:
        return None
    days = gettext("every day") if every_day else _days(weekdays)
    if rule.interval > 1:
        days = ngettext(
            "%(days)s, every %(count)s week", "%(days)s, every %(count)s weeks", rule.interval
        ) % {"days": days, "count": rule.interval}
    if rule.opens == rule.closes:
        if every_day and rule.interval == 1:
            return gettext("Open 24 hours, every day.")
        return gettext("Open 24 hours: %(days)s.") % {"days": days}
    times = {
        "days": days,
        "opens": time_format(rule.opens, "TIME_FORMAT"),
        "closes": time_format(rule.closes, "TIME_FORMAT"),
    }
    # Closing at midnight is the same night; any later closing is the next morning.
    next_day = rule.overnight and rule.closes != MIDNIGHT
    if every_day and rule.interval == 1:
        if next_day:
            return gettext("Every day, %(opens)s to %(closes)s the next day") % times
        return gettext("Every day, %(opens)s to %(closes)s") % times
    if next_day:
        text = gettext("%(days)s, %(opens)s to %(closes)s the next day") % times
    else:
        text = gettext("%(days)s, %(opens)s to %(closes)s") % times
    return capfirst(text)
