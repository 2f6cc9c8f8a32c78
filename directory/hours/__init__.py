"""Opening hours a responder can trust: "open now", "open at T", "opens next at", "closes at".

Public names (other parts code against these; see /work/notes/INTERFACES.md):

    opening_status(service, at=None) -> OpeningStatus
    is_open_between(service, start, end) -> bool
    status_from_rules(schedules, closures, at, tz) -> OpeningStatus   # no database
    is_open_between_rules(schedules, closures, start, end, tz) -> bool
    openings_between(schedules, closures, start, end, tz) -> list[Opening]
    rules_for(service) -> list[Rule]; HOURS_PREFETCH for prefetch_related()

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

__all__ = [
    "ALWAYS_OPEN_HORIZON",
    "HOURS_PREFETCH",
    "UNKNOWN",
    "Opening",
    "OpeningStatus",
    "Rule",
    "UnusableSchedule",
    "is_open_between",
    "is_open_between_rules",
    "opening_status",
    "openings_between",
    "parse_rule",
    "rule_from_schedule",
    "rules_for",
    "status_from_rules",
]
