"""What a record must satisfy beyond the model mapping: the HSDS schema, and what it leaves out.

The official schema asserts types, required fields, enums and (with our format checker) ids,
emails, URIs and date-times. It does not assert ranges or the shape of dates and times held as
plain strings, so those are checked here. Every problem is (JSON path, reason).
"""

from collections.abc import Iterator
from functools import cache

from django.utils.translation import gettext as _

from .schema import parse_date, parse_datetime, parse_time, registry, schema_url, validator

NOT_AN_OBJECT = "expected a JSON object (one full HSDS service), got {kind}"
AN_ORGANIZATION = (
    "this is an organization with no services, not a service: Waypoint imports services, each with its "
    "organization (give the organization's services list, or service records)"
)
BAD_TYPE = "expected {expected}, got {kind}"
MISSING = "required field is missing"
BAD_FORMAT = "{value} is not a valid {format}"
BAD_ENUM = "{value} is not one of {allowed}"
BAD_LATITUDE = "latitude must be between -90 and 90, got {value}"
BAD_LONGITUDE = "longitude must be between -180 and 180, got {value}"
BAD_TIME = (
    "{value} is not a valid time of day (HH:MM or HH:MM:SS, 00:00 to 23:59, optional Z or ±HH:MM)"
)
BAD_DATE = "{value} is not a valid date (YYYY-MM-DD)"
BAD_DATETIME = "{value} is not a valid date-time with an offset (e.g. 2026-11-23T18:05:00-05:00)"
NOT_A_LIST = "expected a list, got {kind}"

# Properties holding dates or times as plain strings, wherever they appear in a record.
DATE_KEYS = {
    "valid_from",
    "valid_to",
    "dtstart",
    "until",
    "assured_date",
    "last_action_date",
    "starts_on",
    "ends_on",
}
TIME_KEYS = {"opens_at", "closes_at"}
DATETIME_KEYS = {"last_modified", "updated"}

_KIND_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "true/false",
    type(None): "null",
}


def kind_of(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return _KIND_NAMES.get(type(value), type(value).__name__)


def short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_path(parts) -> str:
    """['service_at_locations', 0, 'location', 'latitude'] → service_at_locations[0].location.latitude"""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_reason(error) -> tuple[list, str]:
    """A short, human reason for a jsonschema error (its own messages repeat whole objects)."""
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = [
            p
            for p in error.validator_value
            if isinstance(error.instance, dict) and p not in error.instance
        ]
        return path + missing[:1], _(MISSING)
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return path, _(BAD_TYPE).format(expected=expected, kind=kind_of(error.instance))
    if kind == "format":
        return path, _(BAD_FORMAT).format(value=short(error.instance), format=error.validator_value)
    if kind == "enum":
        return path, _(BAD_ENUM).format(
            value=short(error.instance), allowed=", ".join(map(str, error.validator_value))
        )
    return path, error.message[:300]


def schema_problems(
    record, *, name: str = "service", prefix: list | None = None
) -> Iterator[tuple[str, str]]:
    for error in sorted(
        validator(name).iter_errors(record), key=lambda e: list(map(str, e.absolute_path))
    ):
        path, reason = _schema_reason(error)
        yield json_path((prefix or []) + path), reason


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def value_problems(node, path: list) -> Iterator[tuple[str, str]]:
    """Ranges, dates and times anywhere in the record (what the schema does not assert)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from value_problems(item, path + [i])
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        here = path + [key]
        if isinstance(value, (dict, list)):
            yield from value_problems(value, here)
        elif key == "latitude" and is_number(value) and not -90 <= value <= 90:
            yield json_path(here), _(BAD_LATITUDE).format(value=value)
        elif key == "longitude" and is_number(value) and not -180 <= value <= 180:
            yield json_path(here), _(BAD_LONGITUDE).format(value=value)
        elif key in TIME_KEYS and isinstance(value, str) and parse_time(value) is None:
            yield json_path(here), _(BAD_TIME).format(value=short(value))
        elif key in DATE_KEYS and isinstance(value, str) and parse_date(value) is None:
            yield json_path(here), _(BAD_DATE).format(value=short(value))
        elif key in DATETIME_KEYS and isinstance(value, str) and parse_datetime(value) is None:
            yield json_path(here), _(BAD_DATETIME).format(value=short(value))


@cache
def organization_only_keys() -> frozenset:
    """Properties an organization has and a service has not (website, tax_id, locations, …)."""
    properties = {
        name: set(registry().contents(schema_url(name))["properties"])
        for name in ("organization", "service")
    }
    return frozenset(properties["organization"] - properties["service"])


def is_organization(record) -> bool:
    """An HSDS organization rather than a service: no status, and an organization's own keys."""
    return (
        isinstance(record, dict)
        and "status" not in record
        and ("services" in record or bool(organization_only_keys() & record.keys()))
    )


def record_problems(record) -> list[tuple[str, str]]:
    """Everything wrong with one service record that can be seen without the database."""
    if not isinstance(record, dict):
        return [("", _(NOT_AN_OBJECT).format(kind=kind_of(record)))]
    if is_organization(record):
        return [("", _(AN_ORGANIZATION))]
    problems = list(schema_problems(record))
    # Waypoint's extensions: capacities follow HSDS 3.1 service_capacity; closures are ours.
    capacities = record.get("capacities")
    if capacities is not None:
        if not isinstance(capacities, list):
            problems.append(("capacities", _(NOT_A_LIST).format(kind=kind_of(capacities))))
        else:
            for i, item in enumerate(capacities):
                problems += schema_problems(item, name="service_capacity", prefix=["capacities", i])
    closures = record.get("closures")
    if closures is not None and not isinstance(closures, list):
        problems.append(("closures", _(NOT_A_LIST).format(kind=kind_of(closures))))
    seen = {path for path, _reason in problems}
    problems += [(p, r) for p, r in value_problems(record, []) if p not in seen]
    return problems
