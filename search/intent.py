"""Query understanding for responder search: free text → :class:`SearchIntent`.

``parse_query("detox bed tonight, Spanish, near Park St", lat=…, lng=…, at=…)`` reads the
phrases in ``directory/vocabulary/phrases.json`` (categories, populations, languages, times, bed need, "near
me"), reads days, clock times and parts of the day into one time window ("saturday after 5",
"at 2am", "sunday breakfast"; the table's ``times`` section), finds a place (``near X`` / a ZIP / a neighbourhood, landmark, "X St" or "X and Y" named
outright) and geocodes it (``search.geocode``), and keeps everything it did not understand as
``text`` for free-text relevance. The rules are data: add a phrase to the JSON, not an ``if``.

Matching: the query is split into words, each lower-cased and stripped of accents; at each word
the longest phrase that starts there wins; single words of five or more letters also match a
phrase word one edit away ("withdrawl", "suboxne", "shleter"). ``parse_query`` never raises.

A few phrases are narrower than their category ("wound care", "needle exchange", "methadone"):
their table ``hint`` words stay in ``text`` as relevance (``intent.hints`` lists them). A few are
broader ("food", "addiction", "homeless"): their categories count only when nothing more specific
was asked. "19 year old" / "age 70" become populations, and a bed with no kind of service named
means a shelter bed. Every one of these is a line in the JSON table.

Each understood phrase becomes a removable :class:`Chip` whose ``remove_query`` is the query
without that phrase (``remove_params`` names URL parameters to drop as well, e.g. ``near`` or
``lat``/``lng``).

``categories`` are alternatives (a service in any of them fits); ``populations`` and
``languages`` are requirements the engine may relax when nothing fits.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.categorisation import GROUP_CATEGORIES
from directory.vocabulary import (
    TABLE_PATH,
    WORD_RE,
    Rule,
    match_rule,
    match_words,
    norm_word,
    phrase_words,
    table,
    tokenize,
)
from search import geocode as geo
from search.geocode import Place

MAX_QUERY_CHARS = 500
MAX_SPAN_WORDS = 7
MAX_PREFIXED_PLACES = 3  # "near X" lookups per query (a query is not a list of places)
MAX_BARE_PLACES = 3
_CONNECTORS = frozenset(
    {
        "for",
        "a",
        "an",
        "with",
        "in",
        "at",
        "on",
        "near",
        "the",
        "and",
        "who",
        "that",
        "is",
        "speaks",
        "speaking",
        "para",
        "con",
        "en",
        "y",
        "de",
    }
)
# The last three are read from days, clock times and parts of the day (see ``_time_of``).
AGE_GROUPS = frozenset({"youth", "young-adults", "adults", "seniors"})
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
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PART_NAMES = {
    "morning": gettext_lazy("morning"),
    "afternoon": gettext_lazy("afternoon"),
    "evening": gettext_lazy("evening"),
    "night": gettext_lazy("night"),
    "breakfast": gettext_lazy("breakfast"),
    "lunch": gettext_lazy("lunch"),
    "dinner": gettext_lazy("dinner"),
}
PART_TODAY = {
    "morning": gettext_lazy("This morning"),
    "afternoon": gettext_lazy("This afternoon"),
    "evening": gettext_lazy("This evening"),
    "night": gettext_lazy("Tonight"),
    "breakfast": gettext_lazy("Breakfast today"),
    "lunch": gettext_lazy("Lunch today"),
    "dinner": gettext_lazy("Dinner today"),
}

__all__ = ["Chip", "Place", "SearchIntent", "parse_query", "query_without"]


@dataclass(frozen=True)
class Chip:
    kind: str  # category | population | language | open | bed | near
    value: str
    label: str
    remove_query: str = ""  # q without the phrase(s) this chip came from
    remove_params: tuple = ()  # URL parameters to drop too (near / lat, lng)
    phrase: str = ""  # what the responder typed

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
            "phrase": self.phrase,
            "remove_query": self.remove_query,
            "remove_params": list(self.remove_params),
        }


@dataclass
class SearchIntent:
    raw: str = ""
    text: str = ""
    categories: list = field(default_factory=list)
    populations: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    open: str | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    at: datetime | None = None
    needs_bed: bool = False
    near: Place | None = None
    chips: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # Extras: what else was read, for callers that want it.
    device: Place | None = None  # the phone's position when valid (even if a named place won)
    wants_device: bool = False  # "near me"
    requires_always_open: bool = False  # "24/7"
    hints: list = field(default_factory=list)  # relevance words kept in `text` from narrow phrases
    # The words that named a category or a group ("shower", "men's"): on a directory whose services
    # carry no category, or when a query names a service, these words are searched as text too.
    category_words: str = ""
    population_words: str = ""
    group_categories: list = field(default_factory=list)  # asked because a group was named

    def to_json(self) -> dict:
        """The ``query`` object of contracts §4.2, plus populations, chips and warnings."""
        return {
            "text": self.text,
            "categories": list(self.categories),
            "languages": list(self.languages),
            "open": self.open,
            "needs_bed": bool(self.needs_bed),
            "near": self.near.to_json() if self.near else None,
            "populations": list(self.populations),
            "window": (
                {"start": self.window_start.isoformat(), "end": self.window_end.isoformat()}
                if self.window_start and self.window_end
                else None
            ),
            "at": self.at.isoformat() if self.at else None,
            "chips": [c.to_json() for c in self.chips],
            "warnings": list(self.warnings),
            "hints": list(self.hints),
        }

    @property
    def is_empty(self) -> bool:
        return not (
            self.text
            or self.categories
            or self.populations
            or self.languages
            or self.open
            or self.needs_bed
            or self.near
        )


# --------------------------------------------------------------------------------------------
# Ages


def _match_age(tokens, i: int):
    """ "19 year old", "19yo", "age 70" at tokens[i]: (length, age) or (0, None)."""
    t = table()
    word = tokens[i].word
    m = re.fullmatch(r"(\d{1,3})(yo|yrs?|y)?", word)
    if m and int(m.group(1)) <= 110:
        if m.group(2) == "yo":
            return 1, int(m.group(1))
        n = match_words(tokens, i + 1, t.ages_after)
        if n and not m.group(2):
            return 1 + n, int(m.group(1))
        if n and m.group(2) in ("yr", "yrs", "y"):
            return 1 + n, int(m.group(1))
        return 0, None
    n = match_words(tokens, i, t.ages_before)
    if (
        n
        and i + n < len(tokens)
        and re.fullmatch(r"\d{1,3}", tokens[i + n].word)
        and int(tokens[i + n].word) <= 110
    ):
        return n + 1, int(tokens[i + n].word)
    return 0, None


def _age_band(age: int):
    for band in table().age_bands:
        if band.get("min", 0) <= age <= band.get("max", 200):
            return band
    return None


# Helpers for the output


def query_without(raw: str, spans) -> str:
    """``raw`` with the given (start, end) spans removed and the punctuation left tidy."""
    out = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        out.append(raw[pos:start])
        pos = max(pos, end)
    out.append(raw[pos:])
    text = "".join(out)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r"([,;])(\s*[,;])+", r"\1", text)
    return text.strip(" ,;.&-")


def _tz():
    try:
        return ZoneInfo(settings.TIME_ZONE)
    except Exception:
        return ZoneInfo("America/New_York")


def _parse_at(at, warnings: list) -> datetime:
    tz = _tz()
    now = timezone.now().astimezone(tz)
    if at is None or at == "":
        return now
    value = at
    if isinstance(value, str):
        text = value.strip()
        try:
            if re.search(
                r"T\d\d:\d\d(:\d\d)? \d", text
            ):  # a "+05:00" whose "+" became a space in a URL
                text = text.replace(" ", "+", 1)
            value = datetime.fromisoformat(text)
        except ValueError:
            warnings.append(
                f"'at' must be an ISO 8601 time like 2026-11-23T21:00-05:00; '{text[:40]}' ignored, using now."
            )
            return now
    if not isinstance(value, datetime):
        warnings.append("'at' must be an ISO 8601 time; using now.")
        return now
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _local(day, hh, mm, tz) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=tz)


def time_window(open_value: str | None, at: datetime):
    """(window_start, window_end) for an ``open`` value, in the configured time zone."""
    if not open_value:
        return None, None
    tz = _tz()
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


# --------------------------------------------------------------------------------------------
# Days, clock times and parts of the day: rules that set "day" / "part", and phrases.json "times"


@dataclass(frozen=True)
class _TimeWords:
    at: list  # word tuples, longest first
    after: list
    named: list  # (word tuple, time), longest first
    meridiem: list  # (word tuple, "am" | "pm"), longest first
    parts: dict  # name -> (start, end); an end before the start is on the next day
    meals: dict  # word -> part name
    daytime: tuple  # (start, end): how an hour without a.m./p.m. is read on another day
    after_hours: int


def _longest(pairs) -> list:
    return sorted(pairs, key=lambda pair: -len(pair[0]))


@lru_cache(maxsize=1)
def time_words() -> _TimeWords:
    data = json.loads(TABLE_PATH.read_text(encoding="utf-8"))["times"]
    return _TimeWords(
        at=sorted({phrase_words(p) for p in data["at_words"]}, key=len, reverse=True),
        after=sorted({phrase_words(p) for p in data["after_words"]}, key=len, reverse=True),
        named=_longest((phrase_words(p), time.fromisoformat(t)) for p, t in data["named"].items()),
        meridiem=_longest(
            (phrase_words(p), m) for m, phrases in data["meridiem"].items() for p in phrases
        ),
        parts={
            name: (time.fromisoformat(a), time.fromisoformat(b))
            for name, (a, b) in data["parts"].items()
        },
        meals={norm_word(w): name for name, words in data["meals"].items() for w in words},
        daytime=tuple(time.fromisoformat(t) for t in data["daytime"]),
        after_hours=int(data["after_hours"]),
    )


@dataclass(frozen=True)
class _Clock:
    kind: str  # at | after
    hour: int
    minute: int
    explicit: bool  # a.m./p.m., a 24-hour time or a named time: nothing to guess


_HOUR_RE = re.compile(r"(\d{1,2})(am|pm|a|p|h)?")
_MINUTE_RE = re.compile(r"(\d{2})(am|pm|a|p)?")


def _match_clock(tokens, i: int):
    """ "at 2am", "after 5", "after 17:00", "10:30 p.m.", "after school" at tokens[i]: (length, _Clock)
    or (0, None). A number needs an at/after word before it, or a.m./p.m. or minutes after it."""
    words = time_words()
    n_prefix = match_words(tokens, i, words.after)
    kind = "after" if n_prefix else "at"
    n_prefix = n_prefix or match_words(tokens, i, words.at)
    j = i + n_prefix
    if j >= len(tokens) or (n_prefix and tokens.hard_break_before(j)):
        return 0, None
    if n_prefix:
        for named, at in words.named:
            if match_words(tokens, j, [named]):
                return n_prefix + len(named), _Clock(kind, at.hour, at.minute, True)
    m = _HOUR_RE.fullmatch(tokens[j].word)
    if not m:
        return 0, None
    hour, suffix, minute, end = int(m.group(1)), m.group(2), None, j + 1
    if not suffix and end < len(tokens) and tokens.gaps[end].strip() in (":", "."):
        mm = _MINUTE_RE.fullmatch(tokens[end].word)
        if mm:
            minute, suffix, end = int(mm.group(1)), mm.group(2), end + 1
    if not suffix and end < len(tokens) and tokens.gaps[end].strip() in ("", "."):
        for mer_words, meridiem in words.meridiem:
            if match_words(tokens, end, [mer_words]):
                suffix, end = meridiem, end + len(mer_words)
                break
    if (
        minute is not None
        and minute > 59
        or hour > 23
        or match_words(tokens, end, table().ages_after)
    ):
        return 0, None  # not a time of day ("at 15 years old")
    if suffix in ("am", "a", "pm", "p"):
        if not 1 <= hour <= 12:
            return 0, None
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
        explicit = True
    else:
        if not n_prefix and minute is None:
            return 0, None  # a bare number is a count ("my 3 kids"), not a time
        # "17:00", "0:30", "09:00", "17h" say which half of the day; "5", "9:30" do not.
        explicit = (
            suffix == "h"
            or hour == 0
            or hour > 12
            or (minute is not None and tokens[j].word[0] == "0")
        )
    return end - i, _Clock(kind, hour, minute or 0, explicit)


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


def _day_label(day: str | None) -> str:
    if day in DAY_CODES:
        return str(WEEKDAYS[DAY_CODES.index(day)])
    return {"today": _("Today"), "tonight": _("Tonight"), "tomorrow": _("Tomorrow")}.get(day, "")


def combined_window(at: datetime, *, day=None, part=None, clock: _Clock | None = None):
    """(open, start, end, label) for a day, a part of the day and/or a clock time, in the configured zone.

    ``day`` is MO…SU (the next such day, today included), today, tonight or tomorrow. A clock time is
    that instant ("at", one minute) or ``after_hours`` from it ("after"); a part is its window; a day
    alone is the whole day. A time already over moves to the next such day unless today or tonight
    was said; a window already begun starts at ``at``.
    """
    tz = _tz()
    at = at.astimezone(tz)
    words = time_words()
    today = at.date()
    if part == "night" and clock is None and day in (None, "today", "tonight"):
        start, end = time_window("tonight", at)  # "night" alone is tonight, after midnight too
        return "tonight", start, end, _label_for("open", "tonight", None)
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
    label = _time_label(day, part, clock, start, at)
    if ahead and start.timestamp() < at.timestamp():
        start = at
    return value, start, end, label


def _time_label(day, part, clock, start: datetime, at: datetime) -> str:
    """A chip label a person reads: "Saturday", "After 5 p.m.", "Sunday breakfast", "Tonight at 2 a.m."."""
    day_label = _day_label(day)
    if clock is not None:
        said = time_format(time(start.hour, start.minute), "P")
        if day_label:
            text = _("%(day)s at %(time)s") if clock.kind == "at" else _("%(day)s after %(time)s")
            return text % {"day": day_label, "time": said}
        return (_("At %(time)s") if clock.kind == "at" else _("After %(time)s")) % {"time": said}
    if part is not None:
        if day in (None, "today") and start.date() == at.date():
            return str(PART_TODAY.get(part, part))
        if day is None:
            day_label = _("Tomorrow")
        return _("%(day)s %(part)s") % {"day": day_label, "part": PART_NAMES.get(part, part)}
    return day_label


@dataclass
class _Time:
    open: str
    start: datetime | None
    end: datetime | None
    label: str
    hits: list  # the phrases that said it (and times not used, which go with its chip)


_DAY_OPENS = (
    "today",
    "tonight",
)  # open values that are also the day of a clock time or part of the day


def _time_pieces(hit) -> dict:
    if hit.kind == "clock":
        return {"clock": hit.clock}
    effects = hit.rule.set
    pieces = {key: effects[key] for key in ("day", "part") if key in effects}
    if effects.get("open") in _DAY_OPENS:
        pieces["day"] = effects["open"]
    return pieces


def _time_of(hits: list, meal: str | None, at: datetime, warnings: list) -> _Time | None:
    """The one time a query asks about.

    Days, parts of the day and clock times make one time together ("saturday after 5", "tonight at
    2am", "sunday breakfast", today and tonight counting as days); a meal word names its part of the
    day only next to a day or a clock time. Any other open value (now, late, 24/7, weekend, tomorrow
    morning) stands alone. The first time named wins; the others are said in a warning.
    """
    if not hits:
        return None
    pieced = [h for h in hits if _time_pieces(h)]
    standalone = [h for h in hits if not _time_pieces(h)]
    named_day = any(_time_pieces(h).get("day") not in (None, "tonight") for h in pieced)
    combines = any(
        set(_time_pieces(h)) - {"day"} or _time_pieces(h)["day"] not in _DAY_OPENS for h in pieced
    ) or (meal is not None and named_day)
    if combines and not (standalone and standalone[0].start < pieced[0].start):
        slots: dict = {}
        for hit in hits:
            pieces = _time_pieces(hit)
            if pieces and all(slots.get(k, v) == v for k, v in pieces.items()):
                slots.update(pieces)
            else:
                warnings.append(
                    _("Using '%(used)s' for the time; '%(other)s' was not used.")
                    % {"used": pieced[0].phrase, "other": hit.phrase}
                )
        if meal is not None and "part" not in slots and (named_day or "clock" in slots):
            slots["part"] = meal
        value, start, end, label = combined_window(at, **slots)
        return _Time(value, start, end, label, hits)
    # One plain open value ("tonight", "now"): the first wins.
    opens = [h for h in hits if h.kind == "rule" and h.rule.set.get("open")]
    if not opens:
        return None
    winner = opens[0].rule.set["open"]
    for hit in hits:
        if hit.kind != "rule" or hit.rule.set.get("open") != winner:
            warnings.append(
                _("Using '%(used)s' for the time; '%(other)s' was not used.")
                % {"used": opens[0].phrase, "other": hit.phrase}
            )
    start, end = time_window(winner, at)
    return _Time(winner, start, end, _label_for("open", winner, None), hits)


def _coordinate(value, name: str, limit: float, warnings: list):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        warnings.append(f"{name} '{str(value)[:40]}' is not a number; ignored.")
        return None
    if not math.isfinite(number):
        warnings.append(f"{name} {str(value)[:40]} is not a number; ignored.")
        return None
    if abs(number) > limit:
        shown = f"{number:g}"
        warnings.append(f"{name} {shown} is outside the globe; ignored.")
        return None
    return number


def _not_found(phrase: str, near: Place | None, where: geo.Area) -> str:
    """The warning for a place we could not find, saying what the results are sorted by instead."""
    if near is not None and near.source == "device":
        return _("We could not find '%(place)s'; showing results near you.") % {"place": phrase}
    if near is not None:
        return _("We could not find '%(place)s'; showing results near %(near)s.") % {
            "place": phrase,
            "near": near.label,
        }
    return _all_of(
        _("We could not find '%(place)s'; showing results from all of %(area)s."),
        _("We could not find '%(place)s'; showing results from the whole area."),
        where,
        place=phrase,
    )


def _all_of(named: str, unnamed: str, where: geo.Area, **values) -> str:
    """``named`` with the area's name, or ``unnamed`` when the deployment has none."""
    return named % {**values, "area": where.name} if where.name else unnamed % values


# --------------------------------------------------------------------------------------------
# Parsing


@dataclass
class _Hit:
    kind: str  # rule | place | place-miss | age | clock
    start: int  # token index
    end: int  # token index (exclusive)
    rule: Rule | None = None
    place: Place | None = None
    phrase: str = ""
    age: int | None = None
    clock: _Clock | None = None


class _Tokens(list):
    """Tokens plus the punctuation gap before each one."""

    def __init__(self, raw: str):
        super().__init__(tokenize(raw))
        self.gaps = []
        prev = 0
        for tok in self:
            self.gaps.append(raw[prev : tok.start])
            prev = tok.end

    def hard_break_before(self, i: int) -> bool:
        return 0 < i < len(self) and bool(re.search(r"[,;.!?()\[\]{}|\n]", self.gaps[i]))


def _place_span_end(tokens: _Tokens, start: int, *, stop_at_phrases: bool = True) -> int:
    """Where a place named after "near" ends: a comma, a stop word, (a table phrase), or 7 words."""
    t = table()
    i = start
    while i < len(tokens) and i - start < MAX_SPAN_WORDS:
        if i > start and tokens.hard_break_before(i):
            break
        if match_words(tokens, i, sorted(t.place_stop, key=len, reverse=True)):
            break
        if i > start and _match_clock(tokens, i)[0]:
            break  # "near Park St at 5pm"
        if stop_at_phrases:
            n, rule = match_rule(tokens, i)
            if rule is not None and i > start:
                break
            if rule is not None and i == start:
                return start  # "near shelter": no place here
        i += 1
    return i


def _text_of(raw: str, tokens: list, i: int, j: int) -> str:
    return raw[tokens[i].start : tokens[j - 1].end] if j > i else ""


def _starts_prefix(tokens, i: int) -> bool:
    t = table()
    return bool(
        match_words(tokens, i, t.strong_prefixes) or match_words(tokens, i, t.weak_prefixes)
    )


def _find_prefixed_place(raw: str, tokens: _Tokens, i: int, warnings: list, *, use_remote: bool):
    """At tokens[i], a place prefix followed by a place? Returns a _Hit or None."""
    t = table()
    strong = match_words(tokens, i, t.strong_prefixes)
    weak = 0 if strong else match_words(tokens, i, t.weak_prefixes)
    n_prefix = strong or weak
    if not n_prefix:
        return None
    start = i + n_prefix
    # Skip a leading article: "near the library".
    while (
        start < len(tokens)
        and tokens[start].word in {"the", "a"}
        and not tokens.hard_break_before(start)
    ):
        start += 1
    if start >= len(tokens) or tokens.hard_break_before(start):
        return None
    end = _place_span_end(tokens, start)
    if end <= start:
        return None
    # A place name may hold a table word ("Hartford Hospital", "Shelter Rock Rd"): try the longer
    # span first, then the one cut at the first phrase.
    full_end = _place_span_end(tokens, start, stop_at_phrases=False)
    for k in range(full_end, end, -1):
        candidate = _text_of(raw, tokens, start, k)
        place = geo.geocode_offline(candidate, fuzzy=False)
        if place is not None:
            return _Hit("place", i, k, place=place, phrase=_text_of(raw, tokens, i, k))
    for k in range(end, start, -1):
        candidate = _text_of(raw, tokens, start, k)
        place = geo.geocode_offline(candidate, fuzzy=True)
        if place is not None:
            return _Hit("place", i, k, place=place, phrase=_text_of(raw, tokens, i, k))
    span_text = _text_of(raw, tokens, start, end)
    if not strong:
        return None  # "in", "at", "on" + something we do not know: just words
    if use_remote:
        place = geo.geocode_remote(span_text)
        if place is not None:
            return _Hit("place", i, end, place=place, phrase=_text_of(raw, tokens, i, end))
    return _Hit("place-miss", i, end, phrase=span_text)


def _find_bare_place(raw: str, tokens: _Tokens, i: int):
    """A ZIP, or a neighbourhood / landmark / "X St" / "X and Y" named without "near"."""
    tok = tokens[i]
    if re.fullmatch(r"\d{5}", tok.word):
        place = geo.geocode_zip(tok.word)
        if place is not None:
            return _Hit("place", i, i + 1, place=place, phrase=_text_of(raw, tokens, i, i + 1))
        return _Hit("place-miss", i, i + 1, phrase=tok.word)
    limit = min(len(tokens), i + 6)
    for k in range(limit, i, -1):
        if any(tokens.hard_break_before(m) for m in range(i + 1, k)):
            continue
        candidate = _text_of(raw, tokens, i, k)
        words = [tokens[m].word for m in range(i, k)]
        place = geo.named_place(candidate)
        if k - i == 1:
            if (
                place is not None
                and place.kind in ("neighbourhood", "city")
                and tokens[i].word not in table().stopwords
            ):
                return _Hit("place", i, k, place=place, phrase=candidate)
            continue
        if place is not None:
            return _Hit("place", i, k, place=place, phrase=candidate)
        if (
            k - i >= 3
            and any(w in {"and", "y"} for w in words[1:-1])
            or (k - i >= 2 and re.search(r"[&@/+]", candidate))
        ):
            place = geo.intersection(candidate)
            if place is not None:
                return _Hit("place", i, k, place=place, phrase=candidate)
    return None


def _label_for(kind: str, value: str, rule: Rule) -> str:
    labels = table().labels
    if kind == "category":
        return rule.label
    if kind == "population":
        return labels["population"].get(value, value)
    if kind == "language":
        return labels["language"].get(value, value)
    if kind == "open":
        return labels["open"].get(value, value)
    if kind == "bed":
        return labels["bed"]
    return rule.label


def parse_query(text=None, *, near=None, lat=None, lng=None, at=None) -> SearchIntent:
    """Read a responder's query. Never raises: odd input becomes warnings."""
    try:
        with geo.one_look():
            return _parse(text, near=near, lat=lat, lng=lng, at=at)
    except Exception as exc:
        import logging

        logging.getLogger(__name__).exception("parse_query failed")
        intent = SearchIntent(
            raw=str(text or "")[:MAX_QUERY_CHARS], text=_clean_text(str(text or ""))
        )
        intent.at = timezone.now().astimezone(_tz())
        intent.warnings.append(
            f"We could not fully read this search ({type(exc).__name__}); searching the words."
        )
        return intent


def _clean_text(text: str) -> str:
    return " ".join(m.group(0) for m in WORD_RE.finditer(text[:MAX_QUERY_CHARS]))[:MAX_QUERY_CHARS]


def _parse(text, *, near, lat, lng, at) -> SearchIntent:
    warnings: list = []
    raw = "" if text is None else str(text)
    raw = raw.replace("\x00", " ")
    if len(raw) > MAX_QUERY_CHARS:
        warnings.append(
            f"The search was {len(raw):,} characters long; only the first {MAX_QUERY_CHARS} were read."
        )
        raw = raw[:MAX_QUERY_CHARS]
    intent = SearchIntent(raw=raw)
    intent.at = _parse_at(at, warnings)

    # The phone's position.
    lat_v = _coordinate(lat, "lat", 90, warnings)
    lng_v = _coordinate(lng, "lng", 180, warnings)
    if (lat_v is None) != (lng_v is None):
        if (lat is None or lat == "") != (lng is None or lng == ""):
            warnings.append("Both lat and lng are needed for your position; ignored.")
        lat_v = lng_v = None
    if lat_v is not None:
        intent.device = Place("Your location", lat_v, lng_v, "device", "device")

    # The explicit near= parameter.
    near_text = "" if near is None else str(near).replace("\x00", " ").strip()[: geo.MAX_TEXT]
    param_place = None
    where = geo.area()
    if near_text:
        param_place = geo.geocode(near_text)
        if param_place is None:
            warnings.append(_not_found(near_text, intent.device, where))

    tokens = _Tokens(raw)
    t = table()
    hits: list = []
    i = 0
    remote_used = False
    prefixed_tries = bare_tries = 0
    while i < len(tokens):
        n_age, age = _match_age(tokens, i)
        if n_age:
            hits.append(
                _Hit("age", i, i + n_age, phrase=_text_of(raw, tokens, i, i + n_age), age=age)
            )
            i += n_age
            continue
        n_rule, rule = match_rule(tokens, i)
        place_hit = None
        if prefixed_tries < MAX_PREFIXED_PLACES and _starts_prefix(tokens, i):
            prefixed_tries += 1
            place_hit = _find_prefixed_place(raw, tokens, i, warnings, use_remote=not remote_used)
            if place_hit is not None:
                remote_used = True  # at most one call to the real geocoder per search
        if place_hit is None and bare_tries < MAX_BARE_PLACES:
            place_hit = _find_bare_place(raw, tokens, i)
            if place_hit is not None:
                bare_tries += 1
        n_clock, clock = _match_clock(tokens, i)
        if place_hit is not None and (place_hit.end - place_hit.start) > max(n_rule, n_clock):
            hits.append(place_hit)
            i = place_hit.end
            continue
        if n_clock > n_rule:  # a table phrase ("after 9" = late) beats the general pattern
            hits.append(
                _Hit(
                    "clock",
                    i,
                    i + n_clock,
                    phrase=_text_of(raw, tokens, i, i + n_clock),
                    clock=clock,
                )
            )
            i += n_clock
            continue
        if rule is not None:
            hits.append(
                _Hit("rule", i, i + n_rule, rule=rule, phrase=_text_of(raw, tokens, i, i + n_rule))
            )
            i += n_rule
            continue
        i += 1

    consumed = set()
    for hit in hits:
        consumed.update(range(hit.start, hit.end))

    def spans_for(hit_list):
        # Removing a phrase takes the little words that lead into it along ("for a woman" → "").
        spans = []
        for h in hit_list:
            first = h.start
            while (
                first > 0
                and tokens[first - 1].word in _CONNECTORS
                and not tokens.hard_break_before(first)
                and (first - 1) not in consumed
            ):
                first -= 1
            spans.append((tokens[first].start, tokens[h.end - 1].end))
        return spans

    chips_by_key: dict = {}
    chip_hits: dict = {}
    chip_meta: dict = {}

    def add_chip(kind, value, label, hit, params=()):
        key = (kind, value)
        if key not in chips_by_key:
            chips_by_key[key] = label
            chip_hits[key] = []
            chip_meta[key] = params
        if hit is not None:
            chip_hits[key].append(hit)

    time_hits: list = []
    meal = None
    hints: list = []
    category_words: list = []
    population_words: list = []
    specific_asked = any(
        h.kind == "rule" and not h.rule.broad and h.rule.set.get("categories") for h in hits
    )
    for hit in hits:
        if hit.kind == "age":
            band = _age_band(hit.age)
            if band:
                for code in band["populations"]:
                    if code not in intent.populations:
                        intent.populations.append(code)
                add_chip(
                    "population",
                    ",".join(band["populations"]),
                    band["label"].format(age=hit.age),
                    hit,
                )
            continue
        if hit.kind == "clock":
            time_hits.append(hit)
        if hit.kind != "rule":
            continue
        hints.extend(w for w in hit.rule.hint.split() if w not in hints)
        effects = hit.rule.set
        if effects.get("categories") and hit.rule.broad and specific_asked:
            pass  # "heroin … detox": detox, not every kind of treatment
        elif effects.get("categories"):
            meal = meal or next(
                (
                    time_words().meals[tokens[k].word]
                    for k in range(hit.start, hit.end)
                    if tokens[k].word in time_words().meals
                ),
                None,
            )
            for code in effects["categories"]:
                if code not in intent.categories:
                    intent.categories.append(code)
            add_chip("category", ",".join(effects["categories"]), hit.rule.label, hit)
            category_words.append(hit.phrase)
        if effects.get("populations"):
            population_words.append(hit.phrase)
        for code in effects.get("populations", []):
            if code not in intent.populations:
                intent.populations.append(code)
            add_chip("population", code, _label_for("population", code, hit.rule), hit)
        for code in effects.get("languages", []):
            if code not in intent.languages:
                intent.languages.append(code)
            add_chip("language", code, _label_for("language", code, hit.rule), hit)
        if effects.get("open") or effects.get("day") or effects.get("part"):
            time_hits.append(hit)
        if effects.get("needs_bed"):
            intent.needs_bed = True
            add_chip("bed", "true", _label_for("bed", "true", hit.rule), hit)
        if effects.get("bed_implied"):  # "shelter": a bed, though nobody said the word
            intent.needs_bed = True
        if effects.get("near") == "device":
            intent.wants_device = True
    when = _time_of(time_hits, meal, intent.at, warnings)
    if when is not None:
        intent.open, intent.window_start, intent.window_end = when.open, when.start, when.end
        intent.requires_always_open = when.open == "24/7"
        for hit in when.hits:
            add_chip("open", when.open, when.label, hit)

    # Where: near= beats the place in q, which beats the phone's position.
    place_hits = [h for h in hits if h.kind == "place"]
    miss_hits = [h for h in hits if h.kind == "place-miss"]
    q_place = place_hits[0].place if place_hits else None
    if param_place is not None:
        intent.near = param_place
        add_chip("near", param_place.source, param_place.label, None, ("near",))
        if q_place is not None:
            warnings.append(
                f"Using '{near_text}' (the near field) rather than '{place_hits[0].phrase}'."
            )
    elif q_place is not None:
        intent.near = q_place
        add_chip("near", q_place.source, q_place.label, place_hits[0])
    elif intent.device is not None:
        intent.near = intent.device
        add_chip("near", "device", "Near you", None, ("lat", "lng"))
    for hit in place_hits[1:]:
        warnings.append(f"Only one place is used; '{hit.phrase}' was not.")
        add_chip(
            "near",
            intent.near.source if intent.near else "",
            intent.near.label if intent.near else "",
            hit,
        )
    for hit in miss_hits:
        warnings.append(_not_found(hit.phrase, intent.near, where))
    if intent.wants_device and intent.near is None:
        warnings.append(
            _all_of(
                _(
                    "'Near me' needs your location (allow location on this page); showing results from all of %(area)s."
                ),
                _(
                    "'Near me' needs your location (allow location on this page); showing results from the whole area."
                ),
                where,
            )
        )
    if (
        intent.near is not None
        and intent.near.source in ("zip", "geocoder")
        and where.is_far(intent.near.lat, intent.near.lng)
    ):
        warnings.append(
            _all_of(
                _("%(place)s is far from %(area)s; results are sorted by distance from it."),
                _("%(place)s is far from this area; results are sorted by distance from it."),
                where,
                place=intent.near.label,
            )
        )

    # Every chip's removal: q without every phrase that produced it.
    chips = []
    for key, label in chips_by_key.items():
        key_hits = chip_hits[key]
        # A "near me" phrase goes with the device chip.
        if key == ("near", "device"):
            key_hits = key_hits + [
                h for h in hits if h.kind == "rule" and h.rule.set.get("near") == "device"
            ]
        phrase = ", ".join(dict.fromkeys(h.phrase for h in key_hits))
        if key[0] == "near" and not key_hits and chip_meta[key] == ("near",):
            phrase = near_text
        chips.append(
            Chip(
                key[0],
                key[1],
                label,
                query_without(raw, spans_for(key_hits)),
                tuple(chip_meta[key]),
                phrase,
            )
        )
    intent.chips = chips

    # An age said outright decides the age groups: "19 yo kicked out" is a young adult, though
    # "kicked out" alone would be a teenager.
    ages = [h for h in hits if h.kind == "age" and _age_band(h.age)]
    if ages:
        said = {code for h in ages for code in _age_band(h.age)["populations"]}
        intent.populations = [p for p in intent.populations if p not in AGE_GROUPS or p in said]

    # A group named in words with a kind of service steers to the group's own services too:
    # "veteran housing" is also the veterans' services, whatever kind they are listed as.
    if intent.categories:
        named = {
            code for h in hits if h.kind == "rule" for code in h.rule.set.get("populations", ())
        }
        intent.group_categories = [
            c
            for p in intent.populations
            if p in named and p not in AGE_GROUPS
            for c in GROUP_CATEGORIES.get(p, ())
        ]
        intent.categories += [c for c in intent.group_categories if c not in intent.categories]

    # A bed with no kind of service named is a shelter bed (data: defaults.bed_without_category).
    if intent.needs_bed and not intent.categories:
        intent.categories = list(t.bed_default)

    # What was not understood stays as free text: words only, no query syntax, no filler.
    leftover = []
    for idx, tok in enumerate(tokens):
        if idx in consumed or tok.word in t.stopwords or re.fullmatch(r"\d{1,2}", tok.word):
            continue  # (a bare 1–2 digit number is a count: "my 3 kids")
        leftover.append(raw[tok.start : tok.end].strip("'’"))
    lowered = {norm_word(w) for w in leftover}
    leftover.extend(h for h in hints if h not in lowered)
    intent.text = " ".join(w for w in leftover if w)[:MAX_QUERY_CHARS]
    intent.hints = hints
    intent.category_words = " ".join(category_words)
    intent.population_words = " ".join(population_words)
    intent.warnings = list(dict.fromkeys(warnings))
    return intent
