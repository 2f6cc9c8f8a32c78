"""What a new safety plan starts with: 988 and the directory's local crisis lines (any hour)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from directory.phones import phone_text
from directory.selectors import category_get, category_services

LIFELINE = "988"
LOCAL_LINES_CATEGORY = "crisis-line"


def crisis_lines() -> list[str]:
    """One line per number: the national 988 Lifeline first, then each local crisis line."""
    lines = [_("988 Suicide & Crisis Lifeline: call or text %(number)s") % {"number": LIFELINE}]
    category = category_get(LOCAL_LINES_CATEGORY)
    if category is None:
        return lines
    for service in category_services(category):
        phones = list(service.phones.all())
        if phones:
            lines.append(f"{service.title}: {phone_text(phones[0])}")
    return lines
