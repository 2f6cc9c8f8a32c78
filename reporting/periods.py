"""Reporting periods: whole local days in settings.TIME_ZONE (America/New_York).

A period runs from local midnight of ``start`` to local midnight after ``end`` (both dates are
inclusive), so a contact at 23:30 on New Year's Eve belongs to the old year whatever UTC says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 3 * 366
BAD_DATE = _("Enter dates as YYYY-MM-DD.")
BAD_ORDER = _("The start date must not be after the end date.")
TOO_LONG = _("A period can be at most three years.")


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_midnight(day: dt.date) -> dt.datetime:
    """The aware datetime of local midnight at the start of ``day`` (DST-safe)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=local_tz())


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week containing ``day`` (what TruncWeek returns)."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def start_at(self) -> dt.datetime:
        return local_midnight(self.start)

    @property
    def end_at(self) -> dt.datetime:
        """Exclusive upper bound: local midnight after the last day."""
        return local_midnight(self.end + dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def weeks(self) -> list[dt.date]:
        """Monday of every week that overlaps the period, in order."""
        first, out = week_start(self.start), []
        while first <= self.end:
            out.append(first)
            first += dt.timedelta(days=7)
        return out

    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @classmethod
    def default(cls, today: dt.date | None = None) -> Period:
        """The last 12 full weeks up to today."""
        today = today or timezone.localdate()
        return cls(start=today - dt.timedelta(days=83), end=today)

    @classmethod
    def parse(
        cls, start: str | None, end: str | None, today: dt.date | None = None
    ) -> tuple[Period, list[str]]:
        """A period from GET parameters; falls back to the default with error messages."""
        default = cls.default(today)
        if not start and not end:
            return default, []
        try:
            s = dt.date.fromisoformat(start) if start else default.start
            e = dt.date.fromisoformat(end) if end else (today or timezone.localdate())
        except ValueError:
            return default, [str(BAD_DATE)]
        if s > e:
            return default, [str(BAD_ORDER)]
        if (e - s).days + 1 > MAX_DAYS:
            return default, [str(TOO_LONG)]
        return cls(start=s, end=e), []
