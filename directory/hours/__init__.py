"""Opening hours a responder can trust: "open now", "open at T", "opens next at", "closes at".

Public names (other parts code against these; see /work/notes/INTERFACES.md):

    opening_status(service, at=None) -> OpeningStatus
    is_open_between(service, start, end) -> bool
    status_from_rules(schedules, closures, at, tz) -> OpeningStatus   # no database
    is_open_between_rules(schedules, closures, start, end, tz) -> bool
    openings_between(schedules, closures, start, end, tz) -> list[Opening]
    rules_for(service) -> list[Rule]; HOURS_PREFETCH for prefetch_related()
    weekly_hours(service, sal) -> (known, exact, intervals, always_open, summary)  # index time
    mask_from_intervals(intervals) -> str; window_slots(start, end); minute_of_week(dt)
    hours_at(at, window, known=, intervals=, service=, status=) -> HoursAnswer  # query time
    wording.ALWAYS_OPEN, wording.NOT_LISTED, wording.moment(value, now=),
    wording.status_line(status, closed_today=, now=): the words every page shows

Search precomputes weekly hours from the rules (``weekly``) and asks ``hours_at`` at query time,
so there is one engine: the rules, read here.

The rules decided (24/7, past midnight, DST, closures, offsets, which schedules count) are in
the docstrings of ``rules``, ``status`` and ``lookup``.
"""

from .lookup import HOURS_PREFETCH, is_open_between, opening_status, rules_for
from .rules import Rule, UnusableSchedule, parse_rule, rule_from_schedule
from .status import (
    ALWAYS_OPEN_HORIZON,
    UNKNOWN,
    Opening,
    OpeningStatus,
    is_open_between_rules,
    openings_between,
    status_from_rules,
)
from .weekly import (
    SLOT_MINUTES,
    WEEK_MINUTES,
    WEEK_SLOTS,
    HoursAnswer,
    hours_at,
    mask_from_intervals,
    minute_of_week,
    shifted,
    weekly_hours,
    window_slots,
)

__all__ = [
    "ALWAYS_OPEN_HORIZON",
    "HOURS_PREFETCH",
    "SLOT_MINUTES",
    "WEEK_MINUTES",
    "WEEK_SLOTS",
    "HoursAnswer",
    "UNKNOWN",
    "Opening",
    "OpeningStatus",
    "Rule",
    "UnusableSchedule",
    "hours_at",
    "is_open_between",
    "is_open_between_rules",
    "mask_from_intervals",
    "minute_of_week",
    "opening_status",
    "openings_between",
    "parse_rule",
    "rule_from_schedule",
    "rules_for",
    "shifted",
    "status_from_rules",
    "weekly_hours",
    "window_slots",
]
