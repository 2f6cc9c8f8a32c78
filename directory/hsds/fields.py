"""How each HSDS field maps onto a model attribute, and how its value is written out.

One table per record type, read by both the serializer and the importer, so that what is
exported is exactly what can be imported again.
"""

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .checks import kind_of
from .schema import parse_date, parse_datetime, parse_time

NOT_WHOLE = gettext_noop("expected a whole number, got {value}")
NOT_NUMBER = gettext_noop("expected a number, got {kind}")
NOT_STRING = gettext_noop("expected a string, got {kind}")


@dataclass(frozen=True)
class F:
    key: str  # the HSDS property
    attr: str = ""  # the model attribute; defaults to ``key``
    kind: str = (
        "str"  # str, int, count (a number kept whole), float, decimal, date, time, datetime, uuid
    )
    required: bool = False  # always written (as "" when empty), because the schema requires it

    @property
    def name(self) -> str:
        return self.attr or self.key


ORGANIZATION = (
    F("name", "title", required=True),
    F("alternate_name"),
    F("description", required=True),
    F("email"),
    F("website"),
    F("tax_status"),
    F("tax_id"),
    F("year_incorporated", kind="int"),
    F("legal_status"),
    F("logo"),
    F("uri"),
    F("parent_organization_id", "parent_organization_hsds_id", kind="uuid"),
)
SERVICE = (
    F("name", "title", required=True),
    F("alternate_name"),
    F("description"),
    F("url"),
    F("email"),
    F("status", required=True),
    F("interpretation_services"),
    F("application_process"),
    F("fees_description"),
    F("wait_time"),
    F("accreditations"),
    F("eligibility_description"),
    F("minimum_age", kind="int"),
    F("maximum_age", kind="int"),
    F("assured_date", kind="date"),
    F("assurer_email"),
    F("licenses"),
    F("alert"),
    F("last_modified", kind="datetime"),
)
LOCATION = (
    F("location_type", required=True),
    F("url"),
    F("name"),
    F("alternate_name"),
    F("description"),
    F("transportation"),
    F("latitude", kind="float"),
    F("longitude", kind="float"),
    F("external_identifier"),
    F("external_identifier_type"),
)
ADDRESS = (
    F("attention"),
    F("address_1", required=True),
    F("address_2"),
    F("city", required=True),
    F("region"),
    F("state_province", required=True),
    F("postal_code", required=True),
    F("country", required=True),
    F("address_type", required=True),
)
ACCESSIBILITY = (F("description"), F("details"), F("url"))
SERVICE_AT_LOCATION = (F("description"),)
SCHEDULE = (
    F("valid_from", kind="date"),
    F("valid_to", kind="date"),
    F("dtstart", kind="date"),
    F("timezone", kind="float"),
    F("until", kind="date"),
    F("count", kind="int"),
    F("wkst"),
    F("freq"),
    F("interval", kind="int"),
    F("byday"),
    F("byweekno"),
    F("bymonthday"),
    F("byyearday"),
    F("description"),
    F("opens_at", kind="time"),
    F("closes_at", kind="time"),
    F("schedule_link"),
    F("attending_type"),
    F("notes"),
)
PHONE = (F("number", required=True), F("extension", kind="int"), F("type"), F("description"))
LANGUAGE = (F("name"), F("code"), F("note"))
CONTACT = (F("name"), F("title"), F("department"), F("email"))
COST_OPTION = (
    F("valid_from", kind="date"),
    F("valid_to", kind="date"),
    F("option"),
    F("currency"),
    F("amount", kind="decimal"),
    F("amount_description"),
)
REQUIRED_DOCUMENT = (F("document", required=True), F("uri"))
SERVICE_AREA = (F("name"), F("description"), F("extent"), F("extent_type"), F("uri"))
ATTRIBUTE = (F("link_type"), F("value"), F("label"))
TAXONOMY = (F("name", required=True), F("description", required=True), F("uri"), F("version"))
TAXONOMY_TERM = (
    F("code"),
    F("name", required=True),
    F("description", required=True),
    F("language"),
    F("term_uri"),
)
UNIT = (F("name", required=True), F("scheme"), F("identifier"), F("uri"))
CAPACITY = (
    F("available", kind="count", required=True),
    F("maximum", kind="count"),
    F("description"),
    F("updated", kind="datetime", required=True),
)
CLOSURE = (
    F("starts_on", kind="date", required=True),
    F("ends_on", kind="date", required=True),
    F("reason"),
)


def from_json(value, kind: str):
    """An HSDS value as the model stores it; ValueError (with a reason) when it cannot be.

    Dates and times that do not parse give None: ``checks.value_problems`` reports them.
    A time gives (time, UTC offset or None); a count gives its whole part.
    """
    try:
        if kind == "str":
            if not isinstance(value, str):
                raise ValueError(_(NOT_STRING).format(kind=kind_of(value)))
            return value
        if kind in ("int", "count", "float", "decimal"):
            if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
                raise ValueError(_(NOT_NUMBER).format(kind=kind_of(value)))
            if kind == "count":
                return math.floor(value)
            if kind == "int":
                if float(value) != int(value):
                    raise ValueError(_(NOT_WHOLE).format(value=value))
                return int(value)
            return float(value) if kind == "float" else Decimal(str(value))
        if kind == "date":
            return parse_date(value)
        if kind == "time":
            return parse_time(value)
        if kind == "datetime":
            return parse_datetime(value)
        if kind == "uuid":
            return uuid.UUID(str(value))
    except (TypeError, InvalidOperation, OverflowError) as exc:
        raise ValueError(str(exc)) from None
    return value


def as_uuid(value) -> uuid.UUID | None:
    """A UUID from an HSDS id, or None when it is not one."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def says(value, spec: F, current) -> bool:
    """Whether ``value`` as the record gave it still reads as the model's ``current`` value."""
    try:
        parsed = from_json(value, spec.kind)
    except ValueError:
        return False
    return (parsed[0] if spec.kind == "time" and parsed else parsed) == current


def to_json(value, kind: str):
    """A model value as HSDS writes it; None for "not given"."""
    if value is None or value == "":
        return None
    if kind == "uuid":
        return str(value)
    if kind in ("decimal", "count"):
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if kind == "float":
        return float(value)
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind == "time" and isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if kind == "datetime" and isinstance(value, datetime):
        # Milliseconds stay milliseconds (…45.123Z, as feeds write them), not …45.123000Z.
        spec = (
            "microseconds"
            if value.microsecond % 1000
            else "milliseconds"
            if value.microsecond
            else "seconds"
        )
        return value.astimezone(UTC).isoformat(timespec=spec).replace("+00:00", "Z")
    return value


def with_extra(out: dict, obj, spec: tuple[F, ...]) -> dict:
    """``out`` with what the record gave beyond Waypoint's model, as it came: unmodelled keys
    after the modelled ones, and a value's own spelling while it still says what the model holds
    (``08:00-05:00``, ``10:00:00``, a bed count of ``2.5``)."""
    by_key = {field.key: field for field in spec}
    for key, value in obj.hsds_extra.items():
        field = by_key.get(key)
        if field is None:
            out.setdefault(key, value)
        elif key in out and says(value, field, getattr(obj, field.name)):
            out[key] = value
    return out


def dump_fields(obj, spec: tuple[F, ...]) -> dict:
    """The scalar fields of ``obj`` per ``spec``, leaving out empty optional ones."""
    out = {}
    for field in spec:
        value = to_json(getattr(obj, field.name), field.kind)
        if value is None:
            if not field.required:
                continue
            value = ""
        out[field.key] = value
    return out
