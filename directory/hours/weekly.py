"""The week as minutes: weekly rules laid out once, when a service is indexed, and asked at query time.

Search cannot run rrule for every candidate of every query, so ``weekly_hours`` lays a service's
plain weekly rules out as minutes-of-week intervals (local time, Monday 00:00 = 0) and
``mask_from_intervals`` turns them into an hourly mask that SQL can test with a substring.
Hours that are not a plain weekly pattern (monthly rules, dated schedules, a closure still to
come) are marked not ``exact``: ``hours_at`` then answers from the rules themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil import rrule
from django.utils import timezone

from .lookup import is_open_between, opening_status, rules_for
from .status import openings_between

# Minutes in a week and the size of one slot of the mask.
WEEK_MINUTES = 7 * 24 * 60
SLOT_MINUTES = 60
WEEK_SLOTS = WEEK_MINUTES // SLOT_MINUTES
# A Monday in a week without a DST change: weekly rules are laid out on it.
REFERENCE_MONDAY = date(2025, 1, 6)
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
# The one wording of round-the-clock hours (also in ``directory.hours.wording``), kept untranslated
# in the index.
ALWAYS_OPEN_SUMMARY = "Open 24/7"


# --- index time: rules -> intervals --------------------------------------------------------------


def _weekly(rule) -> bool:
    return (
        rule.freq in (rrule.WEEKLY, rrule.DAILY)
        and rule.interval == 1
        and rule.count is None
        and not (rule.bymonthday or rule.bymonth or rule.byweekno or rule.byyearday)
        and rule.first_day is None
        and rule.last_day is None
        and rule.utc_offset is None
        and not any(getattr(d, "n", None) for d in rule.byweekday or ())
    )


def weekly_hours(page, sal, *, today: date | None = None):
    """(known, exact, intervals in minutes of week, always_open, summary) for one service at one place.

    ``exact`` is False when the hours are not a plain weekly pattern (monthly rules, dated
    schedules, a closure still to come): ``hours_at`` then asks the rules instead of trusting
    the intervals.
    """
    today = today or timezone.localdate()
    rules = rules_for(page, service_at_location=sal)
    if not rules:
        return False, True, [], False, ""
    weekly_rules = [r for r in rules if _weekly(r)]
    intervals = weekly_intervals(weekly_rules, timezone.get_default_timezone())
    always_open = bool(intervals) and covers_week(intervals)
    upcoming_closure = any(c.ends_on >= today for c in page.closures.all())
    exact = len(weekly_rules) == len(rules) and not upcoming_closure
    return True, exact, intervals, always_open, hours_summary(intervals, always_open, exact)


def weekly_intervals(weekly_rules, tz) -> list[list[int]]:
    """Plain weekly rules as merged minutes-of-week intervals, laid out on a week without a DST change."""
    if not weekly_rules:
        return []
    start = datetime.combine(REFERENCE_MONDAY, time(0), tzinfo=tz)
    naive_start = start.replace(tzinfo=None)
    intervals = []
    for o in openings_between(weekly_rules, [], start, start + timedelta(days=7), tz):
        s = int((o.starts.replace(tzinfo=None) - naive_start).total_seconds() // 60)
        e = int((o.ends.replace(tzinfo=None) - naive_start).total_seconds() // 60)
        # Fold onto one week (an opening that began the Sunday before starts below zero).
        while s < 0:
            s, e = s + WEEK_MINUTES, e + WEEK_MINUTES
        intervals.append([s, e])
    return merge_intervals(intervals)


def _hm(minutes: int) -> str:
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hours_summary(intervals, always_open: bool, exact: bool) -> str:
    if always_open:
        return ALWAYS_OPEN_SUMMARY
    if not intervals:
        return "" if exact else "Varies: call"
    by_times: dict[tuple[int, int], list[int]] = {}
    for s, e in intervals:
        day = (s // 1440) % 7
        key = (s % 1440, (s % 1440) + (e - s))
        by_times.setdefault(key, []).append(day)
    parts = []
    for (s, e), days in sorted(by_times.items(), key=lambda kv: min(kv[1])):
        days = sorted(set(days))
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            label = f"{DAY_NAMES[days[0]]}–{DAY_NAMES[days[-1]]}"
        else:
            label = ", ".join(DAY_NAMES[d] for d in days)
        parts.append(f"{label} {_hm(s)}–{_hm(e)}")
    text = "; ".join(parts)
    return (text if exact else f"{text} (exceptions apply)")[:255]


# --- the minute-of-week line ------------------------------------------------------------------------


def _local(dt: datetime) -> datetime:
    return timezone.localtime(dt) if timezone.is_aware(dt) else dt


def minute_of_week(dt: datetime) -> int:
    dt = _local(dt)
    return dt.weekday() * 1440 + dt.hour * 60 + dt.minute


def _wall_clock(at: datetime, minute: int) -> datetime:
    """The aware datetime ``minute`` minutes after the Monday 00:00 of ``at``'s local week."""
    at_local = _local(at)
    monday = (at_local - timedelta(days=at_local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0, tzinfo=None
    )
    naive = monday + timedelta(minutes=minute)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def shifted(intervals):
    """Intervals on a three-week line (-1 week … +2 weeks), so wrapping needs no special case."""
    for start, end in intervals:
        for shift in (-WEEK_MINUTES, 0, WEEK_MINUTES):
            yield start + shift, end + shift


def merge_intervals(intervals):
    merged = []
    for start, end in sorted((int(s), int(e)) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def covers_week(intervals) -> bool:
    """Open every minute of the week (24/7)."""
    line = merge_intervals(list(shifted(merge_intervals(intervals))))
    return any(s <= 0 and e >= WEEK_MINUTES for s, e in line)


def mask_from_intervals(intervals) -> str:
    """'0'/'1' per slot (``SLOT_MINUTES``) over two weeks (so any window up to a week is one substring)."""
    slots = WEEK_SLOTS
    bits = bytearray(b"0" * (2 * slots))
    for s, e in shifted(merge_intervals(intervals)):
        first = max(0, s // SLOT_MINUTES)
        last = min(2 * slots, -(-e // SLOT_MINUTES))
        for i in range(first, last):
            bits[i] = ord("1")
    return bits.decode()


def window_slots(start: datetime, end: datetime) -> tuple[int, int]:
    """(first slot, number of slots) of the mask that a window touches."""
    a = minute_of_week(start)
    minutes = max(0, int((end - start).total_seconds() // 60))
    first = a // SLOT_MINUTES
    last = (a + minutes) // SLOT_MINUTES
    return first, min(WEEK_SLOTS, last - first + 1)


def open_between(intervals, start: datetime, end: datetime) -> bool:
    """True when any interval (minutes of week, local time) overlaps [start, end]."""
    a = minute_of_week(start)
    length = max(0, int((end - start).total_seconds() // 60))
    if length >= WEEK_MINUTES:
        return bool(intervals)
    b = a + length
    for s, e in shifted(intervals):
        if (length == 0 and s <= a < e) or (length > 0 and s < b and e > a):
            return True
    return False


def open_status_from_intervals(intervals, at: datetime):
    """(open_now, opens_at, closes_at) at ``at`` from weekly intervals."""
    merged = merge_intervals(intervals)
    if not merged:
        return False, None, None
    # Join an interval that runs to the end of the week with one starting Monday 00:00.
    line = merge_intervals(list(shifted(merged)))
    m = minute_of_week(at)
    for s, e in line:
        if s <= m < e:
            if e - s >= 3 * WEEK_MINUTES - 1:
                return True, None, None
            if e - m >= WEEK_MINUTES:
                return True, None, None
            return True, None, _wall_clock(at, e)
    upcoming = [s for s, e in line if s > m]
    return False, (_wall_clock(at, min(upcoming)) if upcoming else None), None


# --- query time ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursAnswer:
    """What search shows and ranks by; None where it was not asked or is not known."""

    open_now: bool | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    in_window: bool | None = None  # open at any moment of the asked window


NOT_KNOWN = HoursAnswer()


def hours_at(
    at: datetime, window=None, *, known=True, intervals=(), service=None, status=True
) -> HoursAnswer:
    """Open at ``at`` (when ``status``) and in ``window`` (start, end), for search.

    ``service`` (prefetched with ``HOURS_PREFETCH``) is asked through its rules; without it the
    precomputed weekly ``intervals`` answer. Unknown hours (``known`` False) answer nothing.
    """
    if not known:
        return NOT_KNOWN
    if service is not None:
        in_window = is_open_between(service, *window) if window else None
        if not status:
            return HoursAnswer(in_window=in_window)
        now = opening_status(service, at)
        return HoursAnswer(
            bool(now.open),
            None if now.open else now.opens_at,
            now.closes_at if now.open and not now.always_open else None,
            in_window,
        )
    in_window = open_between(intervals, *window) if window else None
    if not status:
        return HoursAnswer(in_window=in_window)
    return HoursAnswer(*open_status_from_intervals(intervals, at), in_window)
