"""The search's other parameters: ``at`` (the time "open" is judged at) and the phone's
``lat``/``lng``. Bad values become warnings and are ignored, never an error."""

from __future__ import annotations

import math
import re
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from search.geocode import Place

from .windows import local_zone


def read_at(at, warnings: list) -> datetime:
    tz = local_zone()
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
                _(
                    "'at' must be an ISO 8601 time like 2026-11-23T21:00-05:00; '%(value)s' ignored,"
                    " using now."
                )
                % {"value": text[:40]}
            )
            return now
    if not isinstance(value, datetime):
        warnings.append(_("'at' must be an ISO 8601 time; using now."))
        return now
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz)


def read_coordinate(value, name: str, limit: float, warnings: list):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        warnings.append(
            _("%(name)s '%(value)s' is not a number; ignored.")
            % {"name": name, "value": str(value)[:40]}
        )
        return None
    if not math.isfinite(number):
        warnings.append(
            _("%(name)s %(value)s is not a number; ignored.")
            % {"name": name, "value": str(value)[:40]}
        )
        return None
    if abs(number) > limit:
        warnings.append(
            _("%(name)s %(value)s is outside the globe; ignored.")
            % {"name": name, "value": f"{number:g}"}
        )
        return None
    return number


def read_device(lat, lng, warnings: list) -> Place | None:
    """The phone's position, when both coordinates are given and valid."""
    lat_v = read_coordinate(lat, "lat", 90, warnings)
    lng_v = read_coordinate(lng, "lng", 180, warnings)
    if (lat_v is None) != (lng_v is None):
        if (lat is None or lat == "") != (lng is None or lng == ""):
            warnings.append(_("Both lat and lng are needed for your position; ignored."))
        lat_v = lng_v = None
    if lat_v is None:
        return None
    return Place(_("Your location"), lat_v, lng_v, "device", "device")
