"""Clock times in a query ("at 2am", "after 5", "after 17:00", "10:30 p.m.", "after school"), and
the time words they are read with (phrases.json ``times``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import time
from functools import lru_cache

from directory.vocabulary import TABLE_PATH, match_words, norm_word, phrase_words, table

# The days of the week as the phrase table names them ("day": "SA").
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class TimeWords:
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
def time_words() -> TimeWords:
    data = json.loads(TABLE_PATH.read_text(encoding="utf-8"))["times"]
    return TimeWords(
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
class Clock:
    kind: str  # at | after
    hour: int
    minute: int
    explicit: bool  # a.m./p.m., a 24-hour time or a named time: nothing to guess


_HOUR_RE = re.compile(r"(\d{1,2})(am|pm|a|p|h)?")
_MINUTE_RE = re.compile(r"(\d{2})(am|pm|a|p)?")


def match_clock(tokens, i: int):
    """ "at 2am", "after 5", "after 17:00", "10:30 p.m.", "after school" at tokens[i]: (length, Clock)
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
                return n_prefix + len(named), Clock(kind, at.hour, at.minute, True)
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
    return end - i, Clock(kind, hour, minute or 0, explicit)
