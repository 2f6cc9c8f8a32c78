"""Time windows: what "tonight", "the weekend", "saturday after 5" or "sunday breakfast" mean as a
(start, end) in the configured time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from .clock import DAY_CODES, Clock, time_words
from .labels import label_for, time_label

# The last three are read from days, clock times and parts of the day (see ``times.time_of``).
OPEN_VALUES = (
    "now",
    "tonight",
    "late",
    "24/7",
    "weekend",
    "tomorrow_morning",
    "today",
    "day",
    "window",
    "at",
)


def local_zone():
    try:
        return ZoneInfo(settings.TIME_ZONE)
    except Exception:
        return ZoneInfo("America/New_York")


def _local(day, hh, mm, tz) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=tz)


def time_window(open_value: str | None, at: datetime):
    """(window_start, window_end) for an ``open`` value, in the configured time zone."""
    if not open_value:
        return None, None
    tz = local_zone()
    at = at.astimezone(tz)
    today = at.date()
    if open_value in ("now", "24/7"):
        return at, at + timedelta(minutes=1)
    if open_value == "today":
        return at, _local(today + timedelta(days=1), 0, 0, tz)
    if open_value == "tonight":
        # What is left of the night: from the evening (17:00) or now if later, until 07:00; after
        # midnight, the night we are in. A supper that ends at 18:30 is still "tonight" at 18:00.
        if at.hour < 7:
            return at, _local(today, 7, 0, tz)
        return max(at, _local(today, 17, 0, tz)), _local(today + timedelta(days=1), 7, 0, tz)
    if open_value == "late":
        return _local(today, 21, 0, tz), _local(today, 23, 59, tz)
    if open_value == "tomorrow_morning":
        day = today + timedelta(days=1)
        return _local(day, 8, 0, tz), _local(day, 12, 0, tz)
    if open_value == "weekend":
        weekday = at.weekday()  # Mon=0 … Sat=5, Sun=6
        if weekday >= 5:  # already the weekend: the rest of it
            saturday = today - timedelta(days=weekday - 5)
            start = max(at, _local(saturday, 0, 0, tz))
        else:
            saturday = today + timedelta(days=5 - weekday)
            start = _local(saturday, 0, 0, tz)
        return start, _local(saturday + timedelta(days=2), 0, 0, tz)
    return None, None


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _off_window(t: time, window: tuple) -> int:
    """How many minutes ``t`` lies outside a (start, end) window of the day (0 inside; wraps midnight)."""
    start, end, m = _minutes(window[0]), _minutes(window[1]), _minutes(t)
    if (start <= m < end) if start < end else (m >= start or m < end):
        return 0
    return min((start - m) % 1440, (m - end) % 1440 + 1)  # the end itself is already outside


def _reading(hour: int, minute: int, window: tuple) -> int:
    """An hour said without a.m./p.m. ("after 5"), read as the half of the day nearest the window."""
    return min((hour % 12, hour % 12 + 12), key=lambda h: _off_window(time(h, minute), window))


def _settle(value: datetime, tz) -> datetime:
    """A local wall-clock time as the instant it names (02:30 on the spring-forward night is 03:30)."""
    return value.astimezone(UTC).astimezone(tz)


def combined_window(at: datetime, *, day=None, part=None, clock: Clock | None = None):
    """(open, start, end, label) for a day, a part of the day and/or a clock time, in the configured zone.

    ``day`` is MO…SU (the next such day, today included), today, tonight or tomorrow. A clock time is
    that instant ("at", one minute) or ``after_hours`` from it ("after"); a part is its window; a day
    alone is the whole day. A time already over moves to the next such day unless today or tonight
    was said; a window already begun starts at ``at``.
    """
    tz = local_zone()
    at = at.astimezone(tz)
    words = time_words()
    today = at.date()
    if part == "night" and clock is None and day in (None, "today", "tonight"):
        start, end = time_window("tonight", at)  # "night" alone is tonight, after midnight too
        return "tonight", start, end, label_for("open", "tonight", None)
    if day in DAY_CODES:
        first, dates = today + timedelta(days=(DAY_CODES.index(day) - at.weekday()) % 7), (0, 7)
    elif day == "tomorrow":
        first, dates = today + timedelta(days=1), (0,)
    elif day == "tonight":
        first, dates = time_window("tonight", at)[0].date(), (0,)
    else:
        first, dates = today, ((0,) if day == "today" else (0, 1))
    days = [first + timedelta(days=n) for n in dates]
    context = words.parts.get(part) or (words.parts["night"] if day == "tonight" else None)
    if clock is not None:
        if clock.explicit:
            hours = [clock.hour]
        elif context or day in DAY_CODES or day == "tomorrow":
            hours = [_reading(clock.hour, clock.minute, context or words.daytime)]
        else:  # whichever comes next; "after 5" is never 5 a.m. unless a.m. or the night is said
            hours = [
                h for h in (clock.hour % 12, clock.hour % 12 + 12) if h >= words.daytime[0].hour
            ]
        length = timedelta(minutes=1) if clock.kind == "at" else timedelta(hours=words.after_hours)
        windows = []
        for d in days:
            for h in hours:
                said = time(h, clock.minute)
                # Inside a window that crosses midnight, small hours belong to the next date.
                late = context is not None and context[1] < context[0] and said < context[1]
                begin = datetime.combine(d + timedelta(days=int(late)), said, tzinfo=tz)
                windows.append((begin, begin + length))
        value = "at" if clock.kind == "at" else "window"
    elif part is not None:
        a, b = words.parts[part]
        windows = [
            (
                datetime.combine(d, a, tzinfo=tz),
                datetime.combine(d + timedelta(days=int(b <= a)), b, tzinfo=tz),
            )
            for d in days
        ]
        value = "window"
    else:
        windows = [
            (
                datetime.combine(d, time(0), tzinfo=tz),
                datetime.combine(d + timedelta(days=1), time(0), tzinfo=tz),
            )
            for d in days
        ]
        value = "day"
    windows = [(_settle(s, tz), _settle(e, tz)) for s, e in windows]
    # Timestamps compare instants; datetimes in one zone compare wall clocks (an hour repeats in autumn).
    ahead = [w for w in windows if w[1].timestamp() > at.timestamp()]
    start, end = min(ahead, key=lambda w: w[0].timestamp()) if ahead else windows[0]
    label = time_label(day, part, clock, start, at)
    if ahead and start.timestamp() < at.timestamp():
        start = at
    return value, start, end, label
