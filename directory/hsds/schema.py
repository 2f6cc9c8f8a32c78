"""Offline validators for the official HSDS JSON schemas.

The schema files refer to each other by relative name and, in ``openapi.json``, by absolute
GitHub URL. Both resolve to the copies under ``settings.HSDS_SCHEMA_DIR`` through a
``referencing.Registry``, so validation never touches the network.
"""

import json
import re
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from jsonschema import FormatChecker
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

# Where upstream publishes the schemas; ``$ref`` URLs under these prefixes map to local files.
BASE_URL_30 = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
BASE_URL_31 = "https://raw.githubusercontent.com/openreferral/specification/3.1-dev/schema/"

UNKNOWN_SCHEMA = "No HSDS schema named {name!r} (looked in {dirs})."

_TIME_RE = re.compile(
    r"^(?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)


def schema_dirs() -> list[tuple[str, Path]]:
    """(base URL, folder) for HSDS 3.0 and, for the 3.1 ``service_capacity`` extension, 3.1-dev."""
    base = Path(settings.HSDS_SCHEMA_DIR)
    dev = Path(getattr(settings, "HSDS_SCHEMA_31_DIR", base.parent / "schema-3.1-dev"))
    return [(BASE_URL_30, base), (BASE_URL_31, dev)]


def parse_time(value: str) -> tuple[time, float | None] | None:
    """``HH:MM[:SS][Z|±HH:MM]`` → (time, UTC offset in hours or None); None when not a time."""
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    tz = match["tz"]
    offset = None
    if tz == "Z":
        offset = 0.0
    elif tz:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 14 or minutes > 59:
            return None
        offset = sign * (hours + minutes / 60)
    return time(hour, minute, second), offset


def parse_date(value: str) -> date | None:
    """Only the ``YYYY-MM-DD`` form; Python's fromisoformat would also take ``20240101``."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: str) -> datetime | None:
    """RFC 3339 date-time with an offset (``Z`` or ``±HH:MM``); naive times are refused."""
    if not isinstance(value, str) or not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?.*", value
    ):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return (
        bool(parts.scheme)
        and bool(parts.netloc or parts.path)
        and not any(c.isspace() for c in value)
    )


def format_checker() -> FormatChecker:
    """jsonschema's checkers plus the ones it leaves to optional packages (date-time, uri, time)."""
    checker = FormatChecker()
    checker.checks("date-time")(lambda v: not isinstance(v, str) or parse_datetime(v) is not None)
    checker.checks("date")(lambda v: not isinstance(v, str) or parse_date(v) is not None)
    checker.checks("time")(lambda v: not isinstance(v, str) or parse_time(v) is not None)
    checker.checks("uri")(_is_uri)
    return checker


@cache
def registry() -> Registry:
    """Every schema file, keyed by its upstream URL (both 3.0 and 3.1-dev)."""
    resources = []
    for base_url, folder in schema_dirs():
        for path in sorted(folder.rglob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            url = base_url + path.relative_to(folder).as_posix()
            resources.append(
                (url, Resource.from_contents(contents, default_specification=DRAFT202012))
            )
    return Registry().with_resources(resources)


def schema_url(name: str) -> str:
    """The URL of the schema called ``name``: compiled 3.0 first, then plain 3.0, then 3.1-dev."""
    candidates = []
    for base_url, folder in schema_dirs():
        candidates += [(base_url + f"compiled/{name}.json", folder / "compiled" / f"{name}.json")]
        candidates += [(base_url + f"{name}.json", folder / f"{name}.json")]
    for url, path in candidates:
        if path.exists():
            return url
    raise LookupError(UNKNOWN_SCHEMA.format(name=name, dirs=[str(f) for _, f in schema_dirs()]))


@cache
def validator(name: str):
    """A jsonschema validator for the HSDS schema ``name`` (``service``, ``organization``, …).

    Formats (uuid, email, uri, date-time) are asserted, and ``$ref``s resolve offline.
    """
    url = schema_url(name)
    schema = dict(registry().contents(url))
    schema.setdefault("$id", url)  # so relative $refs ("phone.json") resolve next to the file
    cls = validator_for(
        schema, default=validator_for({"$schema": "https://json-schema.org/draft/2020-12/schema"})
    )
    return cls(schema, registry=registry(), format_checker=format_checker())
