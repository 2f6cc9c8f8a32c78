"""Open now / opens next / closes at, from parsed rules and closures. Pure: no database.

- Openings are half-open intervals [start, end); touching or overlapping openings merge, so
  ``closes_at`` is when the doors really close (Mon 19:00–07:00 + Tue 07:00–12:00 → 12:00).
- A closure (``starts_on``..``ends_on``, local dates, inclusive) removes every opening that
  *starts* on those dates. An overnight opening that began the evening before still runs to its
  end: people already inside are not put out at midnight.
- ``always_open`` (24/7): open now and the opening runs unbroken for at least
  ``ALWAYS_OPEN_HORIZON`` (14 days). A 24/7 service with a closure next week is instead "open,
  closes at <closure day> 00:00", which is what a responder needs to know.
- ``opens_at`` looks up to ``NEXT_OPENING_HORIZON`` (400 days) ahead, so a winter-only centre
  seen in summer says when it reopens; beyond that it is None ("not again").
- ``closed_reason`` is the closure's reason when a closure removed the opening that would cover
  ``at``, or ``at`` falls on a closure day; otherwise "".
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone as django_timezone
from django.utils.translation import gettext

from .rules import Rule, _as_date, usable_rules

ALWAYS_OPEN_HORIZON = timedelta(days=14)
# Most answers come from the short look-ahead; the long one only runs for services that are
# closed with nothing in the next fortnight (monthly and seasonal hours).
SHORT_HORIZON = timedelta(days=15)
NEXT_OPENING_HORIZON = timedelta(days=400)
# An opening lasts at most 25 hours (24 h + DST), and fixed-offset rules shift dates by a day.
LOOKBACK_DAYS = 2


@dataclass(frozen=True)
class OpeningStatus:
    known: bool = False  # the service has at least one usable schedule
    open: bool = False
    always_open: bool = False
    closes_at: datetime | None = None  # end of the current opening; None when closed or 24/7
    opens_at: datetime | None = None  # next opening; None when open, unknown, or not again
    closed_reason: str = ""


UNKNOWN = OpeningStatus()


@dataclass(frozen=True)
class Opening:
    starts: datetime
    ends: datetime

    @property
    def duration(self) -> timedelta:
        # Subtracting two datetimes in the same zone gives wall-clock time, which is wrong
        # across a DST change (19:00–07:00 is 11 or 13 hours on those nights).
        return _utc(self.ends) - _utc(self.starts)


@dataclass(frozen=True)
class ClosureSpan:
    starts_on: date
    ends_on: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def _zone(tz) -> ZoneInfo:
    if tz is None:
        return django_timezone.get_default_timezone()
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def as_aware(moment: datetime | None, tz) -> datetime:
    """``moment`` as an aware datetime; naive means local wall time in ``tz``; None means now."""
    if moment is None:
        return django_timezone.now()
    if django_timezone.is_naive(moment):
        return moment.replace(tzinfo=_zone(tz))
    return moment


def _closure_spans(closures: Iterable) -> list[ClosureSpan]:
    spans = []
    for closure in closures:
        if isinstance(closure, ClosureSpan):
            spans.append(closure)
            continue

        def get(name, closure=closure):
            return (
                closure.get(name) if isinstance(closure, Mapping) else getattr(closure, name, None)
            )

        starts_on, ends_on = _as_date(get("starts_on")), _as_date(get("ends_on"))
        if starts_on is None:
            continue
        spans.append(ClosureSpan(starts_on, ends_on or starts_on, get("reason") or ""))
    return spans


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _plan(
    rules: list[Rule], closures: list[ClosureSpan], start: datetime, end: datetime, tz: ZoneInfo
):
    """(merged openings, removed openings with their closure) for openings starting near [start, end)."""
    first = start.astimezone(tz).date() - timedelta(days=LOOKBACK_DAYS)
    last = end.astimezone(tz).date() + timedelta(days=1)
    kept, removed = [], []
    for rule in rules:
        for opens, closes in rule.openings(first, last, tz):
            day = opens.astimezone(tz).date()
            closure = next((c for c in closures if c.covers(day)), None)
            if closure is None:
                kept.append((opens, closes))
            else:
                removed.append((Opening(opens, closes), closure))
    merged: list[list[datetime]] = []
    for opens, closes in sorted(kept):
        if merged and opens <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    return [Opening(opens, closes) for opens, closes in merged], removed


def _closed_reason(at: datetime, removed, closures: list[ClosureSpan], tz: ZoneInfo) -> str:
    closure = next((c for o, c in removed if o.starts <= at < o.ends), None)
    if closure is None:
        closure = next((c for c in closures if c.covers(at.astimezone(tz).date())), None)
    if closure is None:
        return ""
    return closure.reason or gettext("Closed")


def status_from_rules(
    schedules: Iterable, closures: Iterable = (), at: datetime | None = None, tz=None
) -> OpeningStatus:
    """Opening status at ``at`` (default now) from schedule rows or ``Rule``s and closure rows.

    ``schedules``/``closures`` may be model instances, look-alike objects or HSDS dicts, so a
    search engine that caches them can call this without touching the database.
    """
    tz = _zone(tz)
    at = _utc(as_aware(at, tz))
    rules = usable_rules(schedules)
    if not rules:
        return UNKNOWN
    spans = _closure_spans(closures)
    merged, removed = _plan(rules, spans, at, at + SHORT_HORIZON, tz)
    current = next((o for o in merged if o.starts <= at < o.ends), None)
    if current is not None:
        always_open = current.ends >= at + ALWAYS_OPEN_HORIZON
        return OpeningStatus(
            known=True,
            open=True,
            always_open=always_open,
            closes_at=None if always_open else current.ends.astimezone(tz),
        )
    upcoming = next((o.starts for o in merged if o.starts > at), None)
    if upcoming is None:
        merged, removed = _plan(rules, spans, at, at + NEXT_OPENING_HORIZON, tz)
        upcoming = next((o.starts for o in merged if o.starts > at), None)
    return OpeningStatus(
        known=True,
        opens_at=upcoming.astimezone(tz) if upcoming else None,
        closed_reason=_closed_reason(at, removed, spans, tz),
    )


def openings_between(
    schedules: Iterable, closures: Iterable, start: datetime, end: datetime, tz=None
) -> list[Opening]:
    """Merged openings (local aware datetimes) that overlap [start, end): e.g. "hours this week"."""
    tz = _zone(tz)
    start, end = _utc(as_aware(start, tz)), _utc(as_aware(end, tz))
    if end <= start:
        return []
    merged, _removed = _plan(usable_rules(schedules), _closure_spans(closures), start, end, tz)
    return [
        Opening(o.starts.astimezone(tz), o.ends.astimezone(tz))
        for o in merged
        if o.starts < end and o.ends > start
    ]


def is_open_between_rules(
    schedules: Iterable, closures: Iterable, start: datetime, end: datetime, tz=None
) -> bool:
    """Open at any moment in [start, end)? False for unknown hours and for an empty window."""
    return bool(openings_between(schedules, closures, start, end, tz))
