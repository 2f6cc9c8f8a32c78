"""One service record → a plan of rows to write: typed values, links between rows, coverage.

HSDS nests the same row in several places (one phone under the service, its location and a
contact). Waypoint stores such a row once with several links, as HSDS's tabular form does, so
the plan merges every occurrence of an id into one ``Row``. Values are converted and checked
against the model fields here, before anything is written.
"""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from directory import models as d

from . import fields as f
from .checks import is_number, json_path, kind_of, short

CONFLICT = "id {id} appears twice with different {key!r}: {a} and {b}"
LINK_CONFLICT = "id {id} is placed under two different {parent}s; Waypoint keeps one"
NOT_STRING = f.NOT_STRING
NOT_WHOLE_COUNT = gettext_noop(
    "{value} is not a whole number: Waypoint counts {whole} and exports {value} as given"
)
OFFSET_CONFLICT = "{value} has UTC offset {offset:g} but timezone says {timezone:g}: hours are read with timezone; {value} is exported as given"
LINK_ENTITY = "link_entity {value!r}: the attribute belongs to the service it sits under, so it is exported as 'service'"
NO_ORGANIZATION = (
    "the service has no organization: embed one, or give organization_id of a known organization"
)
ORGANIZATION_MISMATCH = "organization_id {given} differs from organization.id {embedded}"
NO_LOCATION = (
    "a service_at_location needs a location (embedded, or location_id of a known location)"
)
NO_TERM = "an attribute needs a taxonomy_term (embedded, or taxonomy_term_id of a known term)"
NO_UNIT = "a capacity needs a unit"
AGE_ORDER = "minimum_age {low} is above maximum_age {high}"
RANGE_ORDER = "{start_key} {start} is after {end_key} {end}"
BOTH_COORDINATES = "give both latitude and longitude, or neither"
AVAILABLE_ABOVE_MAXIMUM = (
    "available {available} is more than maximum {maximum} (over capacity): stored as given"
)
NEGATIVE = "must not be negative, got {value}"
SAME_LOCATION_TWICE = "location {id} is listed twice for this service"
SAME_UNIT_TWICE = "unit {id} has two capacities for this service"

Key = tuple[type, uuid.UUID]

# What each record holds besides its fields in ``fields``: its id, links and nested records, which
# the traversal below reads. Any other key is kept as it came (``Row.hsds_extra``).
STRUCTURE = {
    d.ServicePage: {
        "id",
        "organization_id",
        "organization",
        "service_at_locations",
        "phones",
        "schedules",
        "service_areas",
        "languages",
        "cost_options",
        "required_documents",
        "contacts",
        "attributes",
        "capacities",
        "closures",
    },
    d.OrganizationPage: {"id", "phones", "contacts", "locations"},
    d.Location: {
        "id",
        "organization_id",
        "neighbourhood",
        "addresses",
        "accessibility",
        "languages",
        "phones",
        "contacts",
        "schedules",
    },
    d.Address: {"id", "location_id"},
    d.Accessibility: {"id", "location_id"},
    d.ServiceAtLocation: {
        "id",
        "service_id",
        "location_id",
        "location",
        "contacts",
        "phones",
        "schedules",
    },
    d.Contact: {
        "id",
        "phones",
        "service_id",
        "organization_id",
        "location_id",
        "service_at_location_id",
    },
    d.Phone: {
        "id",
        "languages",
        "service_id",
        "organization_id",
        "location_id",
        "service_at_location_id",
        "contact_id",
    },
    d.Language: {"id", "service_id", "location_id", "phone_id"},
    d.Schedule: {"id", "service_id", "location_id", "service_at_location_id"},
    d.CostOption: {"id", "service_id"},
    d.RequiredDocument: {"id", "service_id"},
    d.ServiceArea: {"id", "service_id"},
    d.Attribute: {"id", "link_id", "link_entity", "taxonomy_term_id", "taxonomy_term"},
    d.TaxonomyTerm: {"id", "parent_id", "taxonomy", "taxonomy_id", "taxonomy_detail"},
    d.Taxonomy: {"id"},
    d.Unit: {"id"},
    d.ServiceCapacity: {"id", "service_id", "unit_id", "unit"},
}


@dataclass
class Row:
    model: type
    hsds_id: uuid.UUID
    path: str
    given: dict = field(default_factory=dict)  # model attr → value, only for keys the record gave
    links: dict = field(default_factory=dict)  # fk attr → parent Key
    order: int | None = None  # index in the parent's own array (``sort_order``)
    fallback_org: Key | None = None  # locations: owner when they have none yet
    extra: dict = field(default_factory=dict)  # model-specific bits (taxonomy name, parent id)
    hsds_extra: dict = field(
        default_factory=dict
    )  # HSDS keys kept as given (the model's ``hsds_extra``)

    @property
    def key(self) -> Key:
        return (self.model, self.hsds_id)


@dataclass
class Plan:
    """Rows by key (in first-seen order), the (child model, fk, parent key) arrays the record gave.

    One record's plan holds one service; ``merge`` puts the plans of several records together
    so that they are written at once.
    """

    rows: dict = field(default_factory=dict)
    covered: set = field(default_factory=set)
    refs: dict = field(default_factory=dict)  # Key → path: parents named only by id (must exist)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # (path, reason): stored, but said in the report
    unmodelled: list = field(default_factory=list)  # paths of keys kept as given (program, x_…)
    services: dict = field(default_factory=dict)  # service key → its organization's key
    closures: dict = field(
        default_factory=dict
    )  # service key → closures, when the record gave them
    hashes: dict = field(default_factory=dict)  # service key → digest of the record as given

    def problem(self, path, reason) -> None:
        self.problems.append((path if isinstance(path, str) else json_path(path), reason))

    def warn(self, path, reason) -> None:
        self.warnings.append((path if isinstance(path, str) else json_path(path), reason))

    def of(self, model) -> list[Row]:
        return [row for row in self.rows.values() if row.model is model]


def _model_field(model, name) -> models.Field:
    return model._meta.get_field(name)


def _convert(value, spec: f.F, model, path, plan: Plan):
    """An HSDS value as the model stores it; records a problem and returns None when it cannot."""
    try:
        value = f.from_json(value, spec.kind)
    except ValueError as exc:
        plan.problem(path, str(exc))
        return None
    if value is None:
        return None  # a date or time that does not parse: already reported by checks.value_problems
    try:
        _model_field(model, spec.name).clean(value[0] if spec.kind == "time" else value, None)
    except ValidationError as exc:
        plan.problem(path, " ".join(exc.messages))
        return None
    return value


def _values(data: dict, spec, model, path: list, plan: Plan) -> tuple[dict, dict]:
    """(model attr → value, HSDS key → value as given where the model holds it another way)."""
    out, as_given = {}, {}
    for item in spec:
        raw = data.get(item.key)
        if raw is not None:
            value = _convert(raw, item, model, path + [item.key], plan)
            if isinstance(value, tuple):
                value = _clock_time(value, data, path + [item.key], plan, out)
            if value is None:
                continue
            out[item.name] = value
            if f.to_json(value, item.kind) != raw:
                as_given[item.key] = raw  # exported as it came while it still says the same
                if item.kind == "count":
                    plan.warn(path + [item.key], _(NOT_WHOLE_COUNT).format(value=raw, whole=value))
        elif item.required:
            try:
                _model_field(model, item.name).clean("", None)
            except ValidationError as exc:
                plan.problem(path + [item.key], " ".join(exc.messages))
    return out, as_given


def _clock_time(parsed, data: dict, path: list, plan: Plan, out: dict):
    """A time written with an offset (09:00-05:00) keeps its clock time; the offset becomes the
    schedule's timezone unless the record gives one, and is named when it says otherwise."""
    value, offset = parsed
    if offset is None:
        return value
    timezone = data.get("timezone")
    if timezone is None:
        out["timezone"] = offset
    elif isinstance(timezone, (int, float)) and timezone != offset:
        plan.warn(
            path, _(OFFSET_CONFLICT).format(value=data[path[-1]], offset=offset, timezone=timezone)
        )
    return value


def _kept(data: dict, spec, model, path: list, plan: Plan) -> dict:
    """The keys of ``data`` Waypoint does not model, as they came (noted for the report)."""
    known = STRUCTURE[model] | {item.key for item in spec}
    kept = {key: value for key, value in data.items() if key not in known}
    where = ".".join(str(p) for p in path if not isinstance(p, int))
    plan.unmodelled += [f"{where}.{key}" if where else key for key in kept]
    return kept


def add_row(
    plan: Plan, model, spec, data: dict, path: list, *, link=None, order=None
) -> Key | None:
    """Merge one occurrence of an HSDS object into the plan; returns its key."""
    try:
        hsds_id = uuid.UUID(str(data["id"]))
    except (KeyError, ValueError, TypeError):
        return None  # the schema check has already reported it
    values, as_given = _values(data, spec, model, path, plan)
    kept = _kept(data, spec, model, path, plan)
    key = (model, hsds_id)
    row = plan.rows.get(key)
    if row is None:
        row = plan.rows[key] = Row(model=model, hsds_id=hsds_id, path=json_path(path))
    for attr, value in values.items():
        if attr in row.given and row.given[attr] != value:
            plan.problem(
                path,
                _(CONFLICT).format(
                    id=hsds_id, key=attr, a=short(row.given[attr], 30), b=short(value, 30)
                ),
            )
        row.given[attr] = value
    for name, value in kept.items():
        if name in row.hsds_extra and row.hsds_extra[name] != value:
            plan.problem(
                path,
                _(CONFLICT).format(
                    id=hsds_id, key=name, a=short(row.hsds_extra[name], 30), b=short(value, 30)
                ),
            )
        row.hsds_extra[name] = value
    row.hsds_extra.update(as_given)  # the same value spelled two ways is no conflict: one is kept
    if link is not None:
        fk, parent = link
        if fk in row.links and row.links[fk] != parent:
            plan.problem(path, _(LINK_CONFLICT).format(id=hsds_id, parent=fk.replace("_", " ")))
        row.links[fk] = parent
    if order is not None and row.order is None:
        row.order = order
    return key


def _items(data: dict, key: str, plan: Plan, parent_key: Key | None, model, fk: str, path: list):
    """The list under ``key`` (marking the parent's array as given, so stale rows are removed)."""
    items = data.get(key)
    if not isinstance(items, list):
        return []
    if parent_key is not None:
        plan.covered.add((model, fk, parent_key))
    return [(i, item, path + [key, i]) for i, item in enumerate(items) if isinstance(item, dict)]


# ---- traversal ---------------------------------------------------------------------------------


def _language(plan, data, path, *, link, order=None):
    return add_row(plan, d.Language, f.LANGUAGE, data, path, link=link, order=order)


def _phone(plan, data, path, *, link, order=None):
    key = add_row(plan, d.Phone, f.PHONE, data, path, link=link, order=order)
    for _i, item, here in _items(data, "languages", plan, key, d.Language, "phone", path):
        _language(plan, item, here, link=("phone", key))
    return key


def _contact(plan, data, path, *, link, order=None):
    key = add_row(plan, d.Contact, f.CONTACT, data, path, link=link, order=order)
    for _i, item, here in _items(data, "phones", plan, key, d.Phone, "contact", path):
        _phone(plan, item, here, link=("contact", key))
    return key


def _schedule(plan, data, path, *, link, order=None):
    key = add_row(plan, d.Schedule, f.SCHEDULE, data, path, link=link, order=order)
    if key is None:
        return None
    row = plan.rows[key]
    low, high = row.given.get("valid_from"), row.given.get("valid_to")
    if low and high and low > high:
        plan.problem(
            path,
            _(RANGE_ORDER).format(start_key="valid_from", start=low, end_key="valid_to", end=high),
        )
    return key


def _location(plan, data, path, *, organization, owned: bool, order=None):
    key = add_row(
        plan,
        d.Location,
        f.LOCATION,
        data,
        path,
        link=("organization", organization) if owned else None,
        order=order,
    )
    if key is None:
        return None
    row = plan.rows[key]
    row.fallback_org = organization
    if isinstance(data.get("neighbourhood"), str):  # Waypoint extension; derived when absent
        row.extra["neighbourhood"] = data["neighbourhood"][:100]
    if ("latitude" in data) != ("longitude" in data):
        plan.problem(path, _(BOTH_COORDINATES))
    for _i, item, here in _items(data, "addresses", plan, key, d.Address, "location", path):
        add_row(plan, d.Address, f.ADDRESS, item, here, link=("location", key))
    for _i, item, here in _items(
        data, "accessibility", plan, key, d.Accessibility, "location", path
    ):
        add_row(plan, d.Accessibility, f.ACCESSIBILITY, item, here, link=("location", key))
    for _i, item, here in _items(data, "languages", plan, key, d.Language, "location", path):
        _language(plan, item, here, link=("location", key))
    for _i, item, here in _items(data, "phones", plan, key, d.Phone, "location", path):
        _phone(plan, item, here, link=("location", key))
    for _i, item, here in _items(data, "contacts", plan, key, d.Contact, "location", path):
        _contact(plan, item, here, link=("location", key))
    for _i, item, here in _items(data, "schedules", plan, key, d.Schedule, "location", path):
        _schedule(plan, item, here, link=("location", key))
    return key


def _organization(plan, data, path):
    key = add_row(plan, d.OrganizationPage, f.ORGANIZATION, data, path)
    if key is None:
        return None
    for _i, item, here in _items(data, "phones", plan, key, d.Phone, "organization", path):
        _phone(plan, item, here, link=("organization", key))
    for _i, item, here in _items(data, "contacts", plan, key, d.Contact, "organization", path):
        _contact(plan, item, here, link=("organization", key))
    for i, item, here in _items(data, "locations", plan, None, d.Location, "organization", path):
        _location(plan, item, here, organization=key, owned=True, order=i)
    return key


def _service_at_location(plan, data, path, *, service, organization, order):
    key = add_row(
        plan,
        d.ServiceAtLocation,
        f.SERVICE_AT_LOCATION,
        data,
        path,
        link=("service", service),
        order=order,
    )
    if key is None:
        return None
    location = None
    if isinstance(data.get("location"), dict):
        location = _location(
            plan, data["location"], path + ["location"], organization=organization, owned=False
        )
    elif data.get("location_id"):
        location = _ref(plan, d.Location, data["location_id"], path + ["location_id"])
    else:
        plan.problem(path + ["location"], _(NO_LOCATION))
    if location is not None:
        plan.rows[key].links["location"] = location
    for _i, item, here in _items(
        data, "contacts", plan, key, d.Contact, "service_at_location", path
    ):
        _contact(plan, item, here, link=("service_at_location", key))
    for _i, item, here in _items(data, "phones", plan, key, d.Phone, "service_at_location", path):
        _phone(plan, item, here, link=("service_at_location", key))
    for _i, item, here in _items(
        data, "schedules", plan, key, d.Schedule, "service_at_location", path
    ):
        _schedule(plan, item, here, link=("service_at_location", key))
    return key


def _ref(plan, model, raw_id, path) -> Key | None:
    """A parent named only by id; the writer checks that it exists."""
    try:
        key = (model, uuid.UUID(str(raw_id)))
    except ValueError:
        return None
    if key not in plan.rows:
        plan.refs.setdefault(key, json_path(path))
    return key


def _taxonomy_term(plan, data, path):
    key = add_row(plan, d.TaxonomyTerm, f.TAXONOMY_TERM, data, path)
    if key is None:
        return None
    row = plan.rows[key]
    if isinstance(data.get("taxonomy"), str):
        row.extra["taxonomy_name"] = data["taxonomy"]
    if isinstance(data.get("taxonomy_detail"), dict):
        taxonomy = add_row(
            plan, d.Taxonomy, f.TAXONOMY, data["taxonomy_detail"], path + ["taxonomy_detail"]
        )
        if taxonomy is not None:
            row.links["taxonomy"] = taxonomy
    elif data.get("taxonomy_id"):
        row.extra["taxonomy_id"] = data["taxonomy_id"]  # linked when that taxonomy is known
    if data.get("parent_id"):
        row.extra["parent_id"] = data["parent_id"]  # linked when that term is known
    return key


def _attribute(plan, data, path, *, service, order):
    key = add_row(
        plan, d.Attribute, f.ATTRIBUTE, data, path, link=("service", service), order=order
    )
    if key is None:
        return
    if data.get("link_entity") not in (None, "service"):
        plan.warn(path + ["link_entity"], _(LINK_ENTITY).format(value=data["link_entity"]))
    term = None
    if isinstance(data.get("taxonomy_term"), dict):
        term = _taxonomy_term(plan, data["taxonomy_term"], path + ["taxonomy_term"])
    elif data.get("taxonomy_term_id"):
        term = _ref(plan, d.TaxonomyTerm, data["taxonomy_term_id"], path + ["taxonomy_term_id"])
    else:
        plan.problem(path + ["taxonomy_term"], _(NO_TERM))
    if term is not None:
        plan.rows[key].links["taxonomy_term"] = term


def _capacity(plan, data, path, *, service, units: dict):
    key = add_row(plan, d.ServiceCapacity, f.CAPACITY, data, path, link=("service", service))
    if key is None:
        return
    unit = None
    if isinstance(data.get("unit"), dict):
        unit = add_row(plan, d.Unit, f.UNIT, data["unit"], path + ["unit"])
    elif data.get("unit_id"):
        unit = _ref(plan, d.Unit, data["unit_id"], path + ["unit_id"])
    else:
        plan.problem(path + ["unit"], _(NO_UNIT))
    if unit is None:
        return
    if unit in units:
        plan.problem(path + ["unit"], _(SAME_UNIT_TWICE).format(id=unit[1]))
    units[unit] = key
    row = plan.rows[key]
    row.links["unit"] = unit
    available, maximum = data.get("available"), data.get("maximum")
    if is_number(available) and is_number(maximum) and available > maximum:
        plan.warn(
            path + ["available"],
            _(AVAILABLE_ABOVE_MAXIMUM).format(available=available, maximum=maximum),
        )


def _closures(plan, items, path):
    closures = []
    for i, data in enumerate(items):
        here = path + [i]
        if not isinstance(data, dict):
            plan.problem(here, _(NOT_STRING).format(kind=kind_of(data)))
            continue
        values, _as_given = _values(data, f.CLOSURE, d.Closure, here, plan)
        low, high = values.get("starts_on"), values.get("ends_on")
        if low and high and low > high:
            plan.problem(
                here,
                _(RANGE_ORDER).format(
                    start_key="starts_on", start=low, end_key="ends_on", end=high
                ),
            )
        closures.append(values)
    return closures


def _simple_children(plan, data, path, service):
    """Arrays whose rows belong to the service alone."""
    for key, model, spec in (
        ("service_areas", d.ServiceArea, f.SERVICE_AREA),
        ("cost_options", d.CostOption, f.COST_OPTION),
        ("required_documents", d.RequiredDocument, f.REQUIRED_DOCUMENT),
    ):
        for i, item, here in _items(data, key, plan, service, model, "service", path):
            row_key = add_row(plan, model, spec, item, here, link=("service", service), order=i)
            row = plan.rows.get(row_key)
            if row and model is d.CostOption:
                amount = row.given.get("amount")
                if amount is not None and amount < 0:
                    plan.problem(here + ["amount"], _(NEGATIVE).format(value=amount))
                low, high = row.given.get("valid_from"), row.given.get("valid_to")
                if low and high and low > high:
                    plan.problem(
                        here,
                        _(RANGE_ORDER).format(
                            start_key="valid_from", start=low, end_key="valid_to", end=high
                        ),
                    )


def build_plan(record: dict, *, organization_done: bool = False) -> Plan:
    """The rows one (schema-valid) service record asks for, with every problem found on the way.

    ``organization_done``: this import already stored the very same embedded organization (every
    service of an organization repeats it), so it is only referred to, not written again.
    """
    plan = Plan()
    service = add_row(plan, d.ServicePage, f.SERVICE, record, [])
    if service is None:
        return plan
    row = plan.rows[service]
    low, high = row.given.get("minimum_age"), row.given.get("maximum_age")
    if low is not None and high is not None and low > high:
        plan.problem("minimum_age", _(AGE_ORDER).format(low=low, high=high))

    organization = None
    if isinstance(record.get("organization"), dict) and organization_done:
        organization = _ref(
            plan, d.OrganizationPage, record["organization"].get("id"), ["organization", "id"]
        )
    elif isinstance(record.get("organization"), dict):
        organization = _organization(plan, record["organization"], ["organization"])
        given = record.get("organization_id")
        if organization and given and str(given).lower() != str(organization[1]):
            plan.problem(
                "organization_id",
                _(ORGANIZATION_MISMATCH).format(given=given, embedded=organization[1]),
            )
    elif record.get("organization_id"):
        organization = _ref(
            plan, d.OrganizationPage, record["organization_id"], ["organization_id"]
        )
    else:
        plan.problem("organization", _(NO_ORGANIZATION))
    plan.services[service] = organization

    for i, item, here in _items(record, "phones", plan, service, d.Phone, "service", []):
        _phone(plan, item, here, link=("service", service), order=i)
    for i, item, here in _items(record, "schedules", plan, service, d.Schedule, "service", []):
        _schedule(plan, item, here, link=("service", service), order=i)
    for i, item, here in _items(record, "languages", plan, service, d.Language, "service", []):
        _language(plan, item, here, link=("service", service), order=i)
    for i, item, here in _items(record, "contacts", plan, service, d.Contact, "service", []):
        _contact(plan, item, here, link=("service", service), order=i)
    seen_locations = {}
    for i, item, here in _items(
        record, "service_at_locations", plan, service, d.ServiceAtLocation, "service", []
    ):
        key = _service_at_location(
            plan, item, here, service=service, organization=organization, order=i
        )
        location = plan.rows[key].links.get("location") if key else None
        if location in seen_locations:
            plan.problem(here, _(SAME_LOCATION_TWICE).format(id=location[1]))
        seen_locations[location] = key
    _simple_children(plan, record, [], service)
    for i, item, here in _items(record, "attributes", plan, service, d.Attribute, "service", []):
        _attribute(plan, item, here, service=service, order=i)
    units = {}
    for _i, item, here in _items(
        record, "capacities", plan, service, d.ServiceCapacity, "service", []
    ):
        _capacity(plan, item, here, service=service, units=units)
    if isinstance(record.get("closures"), list):
        plan.closures[service] = _closures(plan, record["closures"], ["closures"])
    return plan


def _compatible(a: Row, b: Row) -> bool:
    """Whether writing ``b`` after ``a`` leaves the row as writing both at once: the same values,
    and links and position that agree where both give one."""
    if (a.given, a.extra, a.hsds_extra) != (b.given, b.extra, b.hsds_extra):
        return False
    if any(a.links.get(fk, parent) != parent for fk, parent in b.links.items()):
        return False
    if None not in (a.order, b.order) and a.order != b.order:
        return False
    return (
        "organization" in a.links or "organization" in b.links or a.fallback_org == b.fallback_org
    )


def _combine(a: Row, b: Row) -> None:
    a.links.update(b.links)
    a.order = a.order if a.order is not None else b.order


def merge(into: Plan, plan: Plan) -> bool:
    """Add a checked record's ``plan`` to ``into``, to be written with it; False (and nothing
    added) when both hold a row differently, so that the later record is written after.
    (Rows of ``plan`` may be changed by later merges: a failed group rebuilds its records' plans.)"""
    if any(
        key in into.rows and not _compatible(into.rows[key], row) for key, row in plan.rows.items()
    ):
        return False
    for key, row in plan.rows.items():
        if key in into.rows:
            _combine(into.rows[key], row)
        else:
            into.rows[key] = row
    into.covered |= plan.covered
    for key, path in plan.refs.items():
        into.refs.setdefault(key, path)
    into.services.update(plan.services)
    into.closures.update(plan.closures)
    into.hashes.update(plan.hashes)
    return True
