"""How each HSDS field maps onto a model attribute, and how its value is written out.

One table per record type, read by both the serializer and the importer, so that what is
exported is exactly what can be imported again.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from datetime import timezone as dt_timezone
from decimal import Decimal


@dataclass(frozen=True)
class F:
    key: str  # the HSDS property
    attr: str = ""  # the model attribute; defaults to ``key``
    kind: str = "str"  # str, int, float, decimal, date, time, datetime, uuid
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
    F("available", kind="int", required=True),
    F("maximum", kind="int"),
    F("description"),
    F("updated", kind="datetime", required=True),
)
CLOSURE = (F("starts_on", kind="date", required=True), F("ends_on", kind="date", required=True), F("reason"))


def to_json(value, kind: str):
    """A model value as HSDS writes it; None for "not given"."""
    if value is None or value == "":
        return None
    if kind == "uuid":
        return str(value)
    if kind == "decimal":
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
        spec = "microseconds" if value.microsecond % 1000 else "milliseconds" if value.microsecond else "seconds"
        return value.astimezone(dt_timezone.utc).isoformat(timespec=spec).replace("+00:00", "Z")
    return value


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
