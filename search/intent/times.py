"""The one time a query asks about: days, parts of the day, clock times and the table's open
values ("now", "tonight", "24/7") read together into one ``open`` value and window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from .labels import label_for
from .types import Hit
from .windows import combined_window, time_window


def time_hits(hits: list[Hit]) -> list[Hit]:
    """The hits that say something about time, in query order."""
    return [
        h
        for h in hits
        if h.kind == "clock"
        or (
            h.kind == "rule"
            and (h.rule.set.get("open") or h.rule.set.get("day") or h.rule.set.get("part"))
        )
    ]


@dataclass
class AskedTime:
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


def time_of(hits: list, meal: str | None, at: datetime, warnings: list) -> AskedTime | None:
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
        return AskedTime(value, start, end, label, hits)
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
    return AskedTime(winner, start, end, label_for("open", winner, None), hits)
