"""HSDS schedule rows → concrete opening intervals. Pure: no database, no settings.

Rules decided here (the maths behind ``directory.hours``):

- A schedule row is read from a model instance, any object with the same attribute names, or an
  HSDS JSON dict (values may be ISO strings). A row that cannot be read unambiguously is
  *unusable* and ignored, so the service's hours become unknown rather than wrong.
- ``opens_at``/``closes_at`` are wall-clock times in the local zone (``settings.TIME_ZONE``).
  ``closes_at <= opens_at`` runs past midnight into the next day; equal times mean 24 hours.
  A closing time of 23:59 (or later) means midnight, so "00:00–23:59 every day" is 24/7.
- No times at all: open all day *only* when the row says every day (``freq`` DAILY, or
  ``byday`` with all seven days); a row with fewer days or only a description is unusable (we
  cannot guess the hours). Only one of the two times: unusable.
- Blank ``freq``: WEEKLY when ``byday`` is plain days, MONTHLY when ``byday`` has ordinals
  ("2MO") or ``bymonthday`` is set, YEARLY for ``byyearday``/``byweekno``, otherwise DAILY.
  WEEKLY with an ordinal day ("WEEKLY" + "2SA") is read as MONTHLY: rrule would silently drop
  the ordinal and open every Saturday, which cannot be what the publisher meant.
- ``interval > 1``, ``count``, and rules whose dates come from the start date (WEEKLY without
  ``byday``, MONTHLY without ``byday``/``bymonthday``) need ``dtstart``; ``valid_from`` stands
  in for it. Without either the row is unusable.
- ``valid_from``/``valid_to``/``until`` bound the *date an opening starts on* (inclusive), so a
  19:00–07:00 opening on the last valid day still runs to 07:00 the next morning.
- ``timezone`` (HSDS UTC offset in hours; failing that, an offset written on the time, as in
  "09:00-05:00"): when it is one of the offsets the local zone uses that year (−5 or −4 for
  New York) the publisher means local time, DST included, so it is read as local wall time;
  any other offset is a fixed offset with no DST.
- Wall times that do not exist (02:30 on the spring-forward night) or happen twice (01:30 on
  the fall-back night) take the first reading (``fold=0``), as ``zoneinfo`` does.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from dateutil import rrule

FREQS = {
    "DAILY": rrule.DAILY,
    "WEEKLY": rrule.WEEKLY,
    "MONTHLY": rrule.MONTHLY,
    "YEARLY": rrule.YEARLY,
}
WEEKDAYS = {
    "MO": (rrule.MO, "MONDAY"),
    "TU": (rrule.TU, "TUESDAY"),
    "WE": (rrule.WE, "WEDNESDAY"),
    "TH": (rrule.TH, "THURSDAY"),
    "FR": (rrule.FR, "FRIDAY"),
    "SA": (rrule.SA, "SATURDAY"),
    "SU": (rrule.SU, "SUNDAY"),
}
MIDNIGHT = time(0)
# "Closes 23:59" is how many publishers write "closes at midnight".
LAST_MINUTE = time(23, 59)
_BYDAY_TOKEN = re.compile(r"([+-]?\d{1,2})?([A-Z]{2,})")
_SEPARATORS = re.compile(r"[\s,;]+")


class UnusableSchedule(ValueError):
    """A schedule row we cannot turn into hours without guessing."""


@dataclass(frozen=True)
class Rule:
    """One schedule row, parsed and normalised. Safe to cache (no database objects inside)."""

    freq: int
    opens: time
    closes: time
    overnight: bool  # the opening ends on the day after it starts
    interval: int = 1
    byweekday: tuple | None = None
    bymonthday: tuple[int, ...] | None = None
    bymonth: tuple[int, ...] | None = None
    byweekno: tuple[int, ...] | None = None
    byyearday: tuple[int, ...] | None = None
    anchor: date | None = None  # dtstart: where interval and count are counted from
    count: int | None = None
    wkst: int = 0
    first_day: date | None = None  # latest of valid_from (and dtstart)
    last_day: date | None = None  # earliest of valid_to and until
    utc_offset: float | None = None

    def dates(self, first: date, last: date) -> list[date]:
        """Dates in [first, last] on which an opening starts (in the rule's own calendar)."""
        lo = max(d for d in (first, self.first_day) if d is not None)
        hi = min(d for d in (last, self.last_day) if d is not None)
        if lo > hi:
            return []
        start = self.anchor or lo
        if self.count is None and start < lo:
            start = self._skip_ahead(start, lo)
        rule = rrule.rrule(
            self.freq,
            dtstart=datetime.combine(start, MIDNIGHT),
            interval=self.interval,
            count=self.count,
            wkst=self.wkst,
            byweekday=self.byweekday,
            bymonthday=self.bymonthday,
            bymonth=self.bymonth,
            byweekno=self.byweekno,
            byyearday=self.byyearday,
        )
        lo_dt, hi_dt = datetime.combine(lo, MIDNIGHT), datetime.combine(hi, MIDNIGHT)
        return [occurrence.date() for occurrence in rule.between(lo_dt, hi_dt, inc=True)]

    def _skip_ahead(self, start: date, lo: date) -> date:
        # rrule walks from dtstart; jump whole periods (same phase) instead of walking from 2005.
        if self.freq == rrule.DAILY:
            step = self.interval
        elif self.freq == rrule.WEEKLY:
            step = 7 * self.interval
        elif self.interval == 1:
            return lo  # by-values are explicit, so any start gives the same dates
        else:
            return start
        return start + timedelta(days=(lo - start).days // step * step)

    def zone_for(self, day: date, local: ZoneInfo):
        if self.utc_offset is None:
            return local
        offset = timedelta(hours=self.utc_offset)
        year = day.year
        local_offsets = {datetime(year, month, 1, 12, tzinfo=local).utcoffset() for month in (1, 7)}
        return local if offset in local_offsets else dt_timezone(offset)

    def openings(self, first: date, last: date, local: ZoneInfo) -> list[tuple[datetime, datetime]]:
        """(start, end) in UTC for openings starting on dates in [first, last]."""
        result = []
        for day in self.dates(first, last):
            zone = self.zone_for(day, local)
            end_day = day + timedelta(days=1) if self.overnight else day
            # Each end is built from its own date, so 09:00 stays 09:00 across a DST change.
            start = datetime.combine(day, self.opens, zone).astimezone(UTC)
            end = datetime.combine(end_day, self.closes, zone).astimezone(UTC)
            if end > start:
                result.append((start, end))
        return result


def _value(row, name):
    value = row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)
    return None if value == "" else value


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def _as_time(value) -> tuple[time | None, float | None]:
    """(wall time, UTC offset in hours written after it, e.g. "09:00:00-05:00", or None)."""
    if value is None or isinstance(value, time):
        return value, None
    match = _TIME.fullmatch(str(value).strip())
    if not match:
        raise UnusableSchedule(f"not a time: {value!r}")
    hour, minute, second, offset = match.groups()
    try:
        wall = time(int(hour), int(minute), int(second or 0))
    except ValueError as error:
        raise UnusableSchedule(f"not a time: {value!r}") from error
    if offset is None:
        return wall, None
    if offset == "Z":
        return wall, 0.0
    digits = offset[1:].replace(":", "")
    return wall, (1 if offset[0] == "+" else -1) * (int(digits[:2]) + int(digits[2:]) / 60)


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        raise UnusableSchedule(f"not a date: {value!r}") from error


def _as_int(value) -> int | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise UnusableSchedule(f"not a number: {value!r}") from error
    if number != int(number):
        raise UnusableSchedule(f"not a whole number: {value!r}")
    return int(number)


def _tokens(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    return [token for token in _SEPARATORS.split(str(value).strip().upper()) if token]


def _weekday(token: str):
    match = _BYDAY_TOKEN.fullmatch(token)
    if not match:
        raise UnusableSchedule(f"not a day: {token!r}")
    ordinal, name = match.groups()
    for code, (weekday, full_name) in WEEKDAYS.items():
        # "TH", "THU", "THURS" and "THURSDAY" all mean Thursday; "T" means nothing.
        if name == code or (len(name) >= 3 and full_name.startswith(name)):
            if ordinal is None:
                return weekday
            if int(ordinal) == 0 or abs(int(ordinal)) > 53:
                raise UnusableSchedule(f"bad day ordinal: {token!r}")
            return weekday(int(ordinal))
    raise UnusableSchedule(f"not a day: {token!r}")


def _ints(value, limit: int) -> tuple[int, ...] | None:
    numbers = []
    for token in _tokens(value):
        try:
            number = int(token)
        except ValueError as error:
            raise UnusableSchedule(f"not a number: {token!r}") from error
        if number == 0 or abs(number) > limit:
            raise UnusableSchedule(f"out of range: {token!r}")
        numbers.append(number)
    return tuple(numbers) or None


def parse_rule(row) -> Rule:
    """Parse one schedule row; raises ``UnusableSchedule`` when it cannot be read unambiguously."""
    if isinstance(row, Rule):
        return row
    byweekday = tuple(_weekday(token) for token in _tokens(_value(row, "byday"))) or None
    bymonthday = _ints(_value(row, "bymonthday"), 31)
    byweekno = _ints(_value(row, "byweekno"), 53)
    byyearday = _ints(_value(row, "byyearday"), 366)
    has_ordinals = any(getattr(day, "n", None) for day in byweekday or ())

    freq_name = str(_value(row, "freq") or "").strip().upper()
    if not freq_name:
        if byyearday or byweekno:
            freq_name = "YEARLY"
        elif bymonthday or has_ordinals:
            freq_name = "MONTHLY"
        elif byweekday:
            freq_name = "WEEKLY"
        else:
            freq_name = "DAILY"
    if freq_name not in FREQS:
        raise UnusableSchedule(f"unknown freq: {freq_name!r}")
    freq = FREQS[freq_name]

    interval = _as_int(_value(row, "interval")) or 1
    count = _as_int(_value(row, "count")) or None
    if interval < 1:
        raise UnusableSchedule("interval must be positive")
    if has_ordinals and freq in (rrule.DAILY, rrule.WEEKLY):
        # "2SA" only means something within a month; rrule would drop the 2 and open every Saturday.
        if interval > 1:
            raise UnusableSchedule("ordinal days need MONTHLY or YEARLY")
        freq = rrule.MONTHLY
    dtstart, valid_from = _as_date(_value(row, "dtstart")), _as_date(_value(row, "valid_from"))
    valid_to, until = _as_date(_value(row, "valid_to")), _as_date(_value(row, "until"))
    anchor = dtstart or valid_from

    bymonth = None
    dates_from_anchor = (
        (freq == rrule.WEEKLY and not byweekday)
        or (freq == rrule.MONTHLY and not (byweekday or bymonthday))
        or (freq == rrule.YEARLY and not (byweekday or bymonthday or byweekno or byyearday))
    )
    if anchor is None and (interval > 1 or count or dates_from_anchor):
        raise UnusableSchedule("needs dtstart (or valid_from) to know which days")
    # Spell out what rrule would take from dtstart, so the rule can start anywhere.
    if dates_from_anchor:
        if freq == rrule.WEEKLY:
            byweekday = (WEEKDAYS[list(WEEKDAYS)[anchor.weekday()]][0],)
        else:
            bymonthday = (anchor.day,)
            bymonth = (anchor.month,) if freq == rrule.YEARLY else None

    wkst_name = str(_value(row, "wkst") or "MO").strip().upper()[:2]
    if wkst_name not in WEEKDAYS:
        raise UnusableSchedule(f"unknown wkst: {wkst_name!r}")

    opens, opens_offset = _as_time(_value(row, "opens_at"))
    closes, closes_offset = _as_time(_value(row, "closes_at"))
    if opens is None and closes is None:
        # Only an explicit "every day" means all day; a bare row (description only) means nothing.
        every_day = (
            interval == 1
            and not (bymonthday or byweekno or byyearday or bymonth)
            and (
                (freq_name == "DAILY" and _value(row, "freq") and not byweekday)
                or (
                    freq == rrule.WEEKLY
                    and not has_ordinals
                    and len({d.weekday for d in byweekday or ()}) == 7
                )
            )
        )
        if not every_day:
            raise UnusableSchedule("no opening times")
        opens = closes = MIDNIGHT
    elif opens is None or closes is None:
        raise UnusableSchedule("only one of opens_at/closes_at")
    if closes >= LAST_MINUTE:
        closes = MIDNIGHT

    offset = _value(row, "timezone")
    try:
        utc_offset = (
            float(offset)
            if offset is not None
            else next((o for o in (opens_offset, closes_offset) if o is not None), None)
        )
    except (TypeError, ValueError) as error:
        raise UnusableSchedule(f"bad timezone offset: {offset!r}") from error
    if utc_offset is not None and not -14 <= utc_offset <= 14:
        raise UnusableSchedule(f"bad timezone offset: {offset!r}")

    bounds_from = [d for d in (valid_from, dtstart) if d is not None]
    bounds_to = [d for d in (valid_to, until) if d is not None]
    return Rule(
        freq=freq,
        opens=opens,
        closes=closes,
        overnight=closes <= opens,
        interval=interval,
        byweekday=byweekday,
        bymonthday=bymonthday,
        bymonth=bymonth,
        byweekno=byweekno,
        byyearday=byyearday,
        anchor=anchor,
        count=count,
        wkst=WEEKDAYS[wkst_name][0].weekday,
        first_day=max(bounds_from) if bounds_from else None,
        last_day=min(bounds_to) if bounds_to else None,
        utc_offset=utc_offset,
    )


def rule_from_schedule(row) -> Rule | None:
    """The parsed rule, or None when the row is unusable."""
    try:
        return parse_rule(row)
    except UnusableSchedule:
        return None


def usable_rules(rows: Iterable) -> list[Rule]:
    return [rule for rule in map(rule_from_schedule, rows) if rule is not None]
