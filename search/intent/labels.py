"""The words a chip shows: table labels for what was understood, and time labels a person reads
("Saturday", "After 5 p.m.", "Sunday breakfast")."""

from __future__ import annotations

from datetime import datetime, time

from django.utils.dateformat import time_format
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.vocabulary import Rule, table

from .clock import DAY_CODES

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


def _day_label(day: str | None) -> str:
    if day in DAY_CODES:
        return str(WEEKDAYS[DAY_CODES.index(day)])
    return {"today": _("Today"), "tonight": _("Tonight"), "tomorrow": _("Tomorrow")}.get(day, "")


def time_label(day, part, clock, start: datetime, at: datetime) -> str:
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


def label_for(kind: str, value: str, rule: Rule | None) -> str:
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
