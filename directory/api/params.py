"""Query-string parsing for the HSDS API: typed values, or one 400 naming every bad parameter.

Each reader returns the parsed value (or the default) and records a message per bad parameter;
``QueryParams.check()`` then raises a single ``ApiError`` with all of them in ``fields``. An empty
value (``?full=``) counts as not given. Parameters the endpoint does not know are ignored, as
HTTP APIs usually do.
"""

import re
import uuid
from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .errors import INVALID_PARAMETER, MESSAGE_INVALID, ApiError

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}
MAX_TEXT_LENGTH = 200

MESSAGE_BOOLEAN = "Must be true or false."
MESSAGE_WHOLE_NUMBER = "Must be a whole number from {low} to {high}."
MESSAGE_UUID = "Must be a UUID (HSDS ids are UUIDs)."
MESSAGE_DATETIME = (
    "Must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T08:00:00-05:00."
)
MESSAGE_CHOICE = "Must be one of: {choices}."
MESSAGE_TOO_LONG = "Must be at most {limit} characters."
MESSAGE_CONTROL = "Must not contain control characters."

# "+05:00" arrives as " 05:00" when a client forgets to percent-encode the "+".
_UNENCODED_PLUS_OFFSET = re.compile(r"^(.*T[\d:.]+) (\d{2}:?\d{2})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryParams:
    def __init__(self, query):
        self.query = query
        self.errors = {}

    def _raw(self, name):
        value = self.query.get(name)
        if value is None:
            return None
        value = value.strip()
        if not value:
            return None
        if _CONTROL.search(value):
            # NUL in particular: PostgreSQL refuses it in a query, which would be a 500.
            self.errors[name] = [MESSAGE_CONTROL]
            return None
        return value

    def error(self, name, message):
        self.errors.setdefault(name, []).append(message)

    def check(self):
        if self.errors:
            raise ApiError(400, INVALID_PARAMETER, MESSAGE_INVALID, fields=self.errors)

    def text(self, name, *, max_length=MAX_TEXT_LENGTH):
        value = self._raw(name)
        if value is not None and len(value) > max_length:
            self.error(name, MESSAGE_TOO_LONG.format(limit=max_length))
            return None
        return value

    def boolean(self, name, *, default=False):
        value = self._raw(name)
        if value is None:
            return default
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.error(name, MESSAGE_BOOLEAN)
        return default

    def integer(self, name, *, default, low, high, cap=False):
        """A whole number from ``low`` to ``high``; with ``cap``, a larger one counts as ``high``."""
        value = self._raw(name)
        if value is None:
            return default
        if re.fullmatch(r"[+-]?\d{1,18}", value) and cap and int(value) > high:
            return high
        if not re.fullmatch(r"[+-]?\d{1,18}", value) or not low <= int(value) <= high:
            self.error(name, MESSAGE_WHOLE_NUMBER.format(low=low, high=high))
            return default
        return int(value)

    def uuid(self, name):
        value = self._raw(name)
        if value is None:
            return None
        parsed = parse_uuid(value)
        if parsed is None:
            self.error(name, MESSAGE_UUID)
        return parsed

    def choice(self, name, choices, *, default):
        value = self._raw(name)
        if value is None:
            return default
        if value.lower() not in choices:
            self.error(name, MESSAGE_CHOICE.format(choices=", ".join(choices)))
            return default
        return value.lower()

    def datetime(self, name):
        """An aware datetime; a bare date means its start, in the site's time zone (TIME_ZONE)."""
        value = self._raw(name)
        if value is None:
            return None
        value = _UNENCODED_PLUS_OFFSET.sub(r"\1+\2", value)
        try:
            parsed = parse_datetime(value)
            if parsed is None:
                day = parse_date(value)
                parsed = datetime.combine(day, time.min) if day else None
        except (ValueError, OverflowError):
            parsed = None
        # Far-off years overflow when shifted to UTC for the database; nothing here is that old.
        if parsed is None or not 1900 <= parsed.year <= 9000:
            self.error(name, MESSAGE_DATETIME)
            return None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed


def parse_uuid(value):
    """A UUID from its canonical text (hyphens optional, any case), or None."""
    if not isinstance(value, str) or not re.fullmatch(
        r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}", value
    ):
        return None
    return uuid.UUID(value)
