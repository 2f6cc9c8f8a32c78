"""Model → HSDS 3.0 dicts (the shapes of ``GET /services/{id}`` and friends).

Every ``*_queryset()`` prefetches what the matching ``serialize_*`` reads, so serializing a
page of results costs a fixed number of queries, however many rows it holds. The serializers
read related rows through ``.all()`` only, and sort in Python, so prefetched data is reused.

Arrays that belong to their parent (a service's phones, an organization's locations, …) keep
the order they were imported in (``sort_order``); arrays that only point at a shared row (a
location's phones, a contact's phones) are ordered by id, so that output is stable.
Extensions beyond HSDS 3.0: ``capacities`` (HSDS 3.1 ``service_capacity`` with its ``unit``)
and ``closures`` on a service.
"""

from django.db.models import Prefetch

from directory import models as d

from . import fields as f
from .fields import dump_fields, with_extra


def _owned(rows) -> list:
    """Rows in their parent's order (``sort_order`` as imported, then creation order)."""
    return sorted(rows, key=lambda r: (getattr(r, "sort_order", None) or 0, r.pk))


def _linked(rows) -> list:
    """Rows shared with another parent, in a stable order."""
    return sorted(rows, key=lambda r: str(r.hsds_id))


def _id(obj) -> str | None:
    return str(obj.hsds_id) if obj is not None else None


# ---- prefetch paths ---------------------------------------------------------------------------


def _phone_paths(prefix: str) -> list[str]:
    return [f"{prefix}phones__languages"]


def _contact_paths(prefix: str) -> list[str]:
    return [f"{prefix}contacts__phones__languages"]


def _location_paths(prefix: str) -> list[str]:
    return [
        f"{prefix}addresses",
        f"{prefix}accessibility",
        f"{prefix}languages",
        f"{prefix}schedules",
        *_phone_paths(prefix),
        *_contact_paths(prefix),
    ]


def _organization_paths(prefix: str) -> list[str]:
    return [
        *_phone_paths(prefix),
        *_contact_paths(prefix),
        *_location_paths(f"{prefix}locations__"),
    ]


def _service_paths(prefix: str, *, with_organization: bool = True) -> list:
    paths = [
        *_phone_paths(prefix),
        *_contact_paths(prefix),
        f"{prefix}schedules",
        f"{prefix}service_areas",
        f"{prefix}languages",
        f"{prefix}cost_options",
        f"{prefix}required_documents",
        f"{prefix}closures",
        Prefetch(f"{prefix}capacities", queryset=d.ServiceCapacity.objects.select_related("unit")),
        Prefetch(
            f"{prefix}attributes",
            queryset=d.Attribute.objects.select_related("taxonomy_term__taxonomy"),
        ),
        Prefetch(
            f"{prefix}service_at_locations",
            queryset=d.ServiceAtLocation.objects.select_related("location__organization"),
        ),
        f"{prefix}service_at_locations__schedules",
        *_phone_paths(f"{prefix}service_at_locations__"),
        *_contact_paths(f"{prefix}service_at_locations__"),
        *_location_paths(f"{prefix}service_at_locations__location__"),
    ]
    if with_organization:
        paths += _organization_paths(f"{prefix}organization__")
    return paths


# ---- querysets --------------------------------------------------------------------------------


def service_queryset():
    """Services with everything ``serialize_service(full=True)`` reads."""
    return d.ServicePage.objects.select_related("organization").prefetch_related(
        *_service_paths("")
    )


def organization_queryset():
    """Organizations with everything ``serialize_organization(full=True)`` reads."""
    return d.OrganizationPage.objects.prefetch_related(*_organization_paths(""))


def service_at_location_queryset():
    """Service-at-locations with their location, service and the service's organization."""
    return d.ServiceAtLocation.objects.select_related(
        "location__organization", "service__organization"
    ).prefetch_related(
        "schedules",
        *_phone_paths(""),
        *_contact_paths(""),
        *_location_paths("location__"),
        *_service_paths("service__", with_organization=False),
        *_organization_paths("service__organization__"),
    )


# ---- small records ----------------------------------------------------------------------------


def _simple(obj, spec) -> dict:
    """A record with no nested records: its id, fields and what it carried beyond them."""
    return with_extra({"id": _id(obj), **dump_fields(obj, spec)}, obj, spec)


def serialize_language(language) -> dict:
    return _simple(language, f.LANGUAGE)


def serialize_phone(phone) -> dict:
    out = {"id": _id(phone), **dump_fields(phone, f.PHONE)}
    out["languages"] = [serialize_language(x) for x in _linked(phone.languages.all())]
    return with_extra(out, phone, f.PHONE)


def serialize_contact(contact) -> dict:
    out = {"id": _id(contact), **dump_fields(contact, f.CONTACT)}
    out["phones"] = [serialize_phone(p) for p in _linked(contact.phones.all())]
    return with_extra(out, contact, f.CONTACT)


def serialize_schedule(schedule) -> dict:
    return _simple(schedule, f.SCHEDULE)


def serialize_address(address) -> dict:
    return _simple(address, f.ADDRESS)


def serialize_accessibility(item) -> dict:
    return _simple(item, f.ACCESSIBILITY)


def serialize_taxonomy(taxonomy) -> dict:
    return _simple(taxonomy, f.TAXONOMY)


def serialize_taxonomy_term(term) -> dict:
    out = {"id": _id(term), **dump_fields(term, f.TAXONOMY_TERM)}
    if term.parent_hsds_id:
        out["parent_id"] = str(term.parent_hsds_id)
    taxonomy_name = term.taxonomy_name or (term.taxonomy.name if term.taxonomy_id else "")
    if taxonomy_name:
        out["taxonomy"] = taxonomy_name
    if term.taxonomy_id:
        out["taxonomy_id"] = _id(term.taxonomy)
        out["taxonomy_detail"] = serialize_taxonomy(term.taxonomy)
    return with_extra(out, term, f.TAXONOMY_TERM)


def serialize_attribute(attribute, *, link_id: str) -> dict:
    out = {"id": _id(attribute), "link_id": link_id, "link_entity": "service"}
    out.update(dump_fields(attribute, f.ATTRIBUTE))
    out["taxonomy_term_id"] = _id(attribute.taxonomy_term)
    out["taxonomy_term"] = serialize_taxonomy_term(attribute.taxonomy_term)
    return with_extra(out, attribute, f.ATTRIBUTE)


def serialize_capacity(capacity, *, service_id: str) -> dict:
    """HSDS 3.1 ``service_capacity`` with its ``unit`` embedded."""
    unit = capacity.unit
    out = {"id": _id(capacity), "service_id": service_id, "unit_id": _id(unit)}
    out["unit"] = _simple(unit, f.UNIT)
    out.update(dump_fields(capacity, f.CAPACITY))
    return with_extra(out, capacity, f.CAPACITY)


def serialize_closure(closure) -> dict:
    return dump_fields(closure, f.CLOSURE)


# ---- locations and organizations --------------------------------------------------------------


def serialize_location(location, *, full: bool = True) -> dict:
    out = {"id": _id(location), **dump_fields(location, f.LOCATION)}
    if location.organization_id:
        out["organization_id"] = _id(location.organization)
    if location.neighbourhood:
        out["neighbourhood"] = location.neighbourhood  # Waypoint extension (Hartford neighbourhood)
    if not full:
        return with_extra(out, location, f.LOCATION)
    out["languages"] = [serialize_language(x) for x in _linked(location.languages.all())]
    out["addresses"] = [serialize_address(x) for x in _owned(location.addresses.all())]
    out["contacts"] = [serialize_contact(x) for x in _linked(location.contacts.all())]
    out["accessibility"] = [
        serialize_accessibility(x) for x in _owned(location.accessibility.all())
    ]
    out["phones"] = [serialize_phone(x) for x in _linked(location.phones.all())]
    out["schedules"] = [serialize_schedule(x) for x in _linked(location.schedules.all())]
    return with_extra(out, location, f.LOCATION)


def serialize_organization(org, *, full: bool = True) -> dict:
    """An HSDS organization; ``full`` adds its contacts, phones and locations."""
    out = {"id": _id(org), **dump_fields(org, f.ORGANIZATION)}
    if not full:
        return with_extra(out, org, f.ORGANIZATION)
    out["contacts"] = [serialize_contact(x) for x in _linked(org.contacts.all())]
    out["phones"] = [serialize_phone(x) for x in _linked(org.phones.all())]
    out["locations"] = [serialize_location(x) for x in _owned(org.locations.all())]
    return with_extra(out, org, f.ORGANIZATION)


# ---- services ---------------------------------------------------------------------------------


def serialize_service_at_location(sal, *, full: bool = True, with_service: bool = True) -> dict:
    """An HSDS service_at_location; ``full`` adds its hours, phones, contacts, and the service."""
    out = {"id": _id(sal), "service_id": _id(sal.service), "location_id": _id(sal.location)}
    out.update(dump_fields(sal, f.SERVICE_AT_LOCATION))
    out["location"] = serialize_location(sal.location, full=full)
    if not full:
        return with_extra(out, sal, f.SERVICE_AT_LOCATION)
    out["contacts"] = [serialize_contact(x) for x in _linked(sal.contacts.all())]
    out["phones"] = [serialize_phone(x) for x in _linked(sal.phones.all())]
    out["schedules"] = [serialize_schedule(x) for x in _linked(sal.schedules.all())]
    if with_service:
        out["service"] = serialize_service(sal.service, full=True, with_locations=False)
    return with_extra(out, sal, f.SERVICE_AT_LOCATION)


def serialize_service(service, *, full: bool = True, with_locations: bool = True) -> dict:
    """An HSDS service as ``GET /services/{id}`` returns it (``full``), or as listed (not full).

    The list form carries the service's own fields and its organization without children.
    """
    service_id = _id(service)
    out = {"id": service_id}
    if service.organization_id:
        out["organization_id"] = _id(service.organization)
    out.update(dump_fields(service, f.SERVICE))
    if service.organization_id:
        out["organization"] = serialize_organization(service.organization, full=full)
    if not full:
        return with_extra(out, service, f.SERVICE)
    if with_locations:
        out["service_at_locations"] = [
            serialize_service_at_location(x, full=True, with_service=False)
            for x in _owned(service.service_at_locations.all())
        ]
    out["phones"] = [serialize_phone(x) for x in _owned(service.phones.all())]
    out["schedules"] = [serialize_schedule(x) for x in _owned(service.schedules.all())]
    out["service_areas"] = [_simple(x, f.SERVICE_AREA) for x in _owned(service.service_areas.all())]
    out["languages"] = [serialize_language(x) for x in _owned(service.languages.all())]
    out["cost_options"] = [_simple(x, f.COST_OPTION) for x in _owned(service.cost_options.all())]
    out["required_documents"] = [
        _simple(x, f.REQUIRED_DOCUMENT) for x in _owned(service.required_documents.all())
    ]
    out["contacts"] = [serialize_contact(x) for x in _owned(service.contacts.all())]
    out["attributes"] = [
        serialize_attribute(x, link_id=service_id) for x in _owned(service.attributes.all())
    ]
    out["capacities"] = [
        serialize_capacity(x, service_id=service_id) for x in _linked(service.capacities.all())
    ]
    out["closures"] = [
        serialize_closure(x)
        for x in sorted(service.closures.all(), key=lambda c: (c.starts_on, c.ends_on, c.pk))
    ]
    return with_extra(out, service, f.SERVICE)
