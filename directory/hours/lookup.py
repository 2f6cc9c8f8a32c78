"""Which schedules apply to a service, and its opening status. Reads only prefetchable relations.

Which schedules count (the first level with at least one usable row wins; levels never mix):
1. the service's own schedules (``service.schedules`` rows not tied to a service-at-location);
2. schedules of its service-at-locations (rows on ``sal.schedules``, or service rows that name
   the service-at-location);
3. the opening hours of its locations (``location.schedules`` rows that belong to no other
   service).
Without ``service_at_location`` levels 2 and 3 take the union over all the service's
locations ("open somewhere"); with it, only that one.

A service whose status is not "active" (temporarily closed, inactive, defunct) is never open:
``closed_reason`` is the status label and ``opens_at`` is None.
"""

from datetime import datetime

from .rules import Rule, usable_rules
from .status import UNKNOWN, OpeningStatus, as_aware, is_open_between_rules, status_from_rules

# Pass to prefetch_related() and opening_status() makes no queries.
HOURS_PREFETCH = (
    "schedules",
    "closures",
    "service_at_locations__schedules",
    "service_at_locations__location__schedules",
)


def rules_for(service, *, service_at_location=None) -> list[Rule]:
    """The parsed rules that decide ``service``'s hours (see the module docstring for the order)."""
    own_rows = list(service.schedules.all())
    rules = usable_rules(row for row in own_rows if row.service_at_location_id is None)
    if rules:
        return rules

    if service_at_location is not None:
        sals = [service_at_location]
    else:
        sals = list(service.service_at_locations.all())
    sal_ids = {sal.pk for sal in sals}
    seen = set()
    sal_rows = []
    for row in [r for r in own_rows if r.service_at_location_id in sal_ids] + [
        r for sal in sals for r in sal.schedules.all()
    ]:
        if row.pk not in seen:
            seen.add(row.pk)
            sal_rows.append(row)
    rules = usable_rules(sal_rows)
    if rules:
        return rules

    location_rows = [
        row
        for sal in sals
        for row in sal.location.schedules.all()
        if row.service_id in (None, service.pk) and row.service_at_location_id in (None, *sal_ids)
    ]
    return usable_rules(location_rows)


def _not_active(service, status: OpeningStatus) -> OpeningStatus | None:
    active = getattr(type(service), "Status", None)
    if active is None or service.status == active.ACTIVE:
        return None
    label = dict(active.choices).get(service.status, service.status)
    return OpeningStatus(known=status.known, closed_reason=str(label))


def opening_status(
    service, at: datetime | None = None, *, service_at_location=None
) -> OpeningStatus:
    """Whether ``service`` is open at ``at`` (default now; naive = ``settings.TIME_ZONE``)."""
    rules = rules_for(service, service_at_location=service_at_location)
    status = UNKNOWN if not rules else status_from_rules(rules, service.closures.all(), at)
    return _not_active(service, status) or status


def is_open_between(service, start: datetime, end: datetime, *, service_at_location=None) -> bool:
    """Open at any moment in [start, end) — e.g. "tonight" is 19:00 to 07:00 the next morning."""
    if _not_active(service, UNKNOWN):
        return False
    rules = rules_for(service, service_at_location=service_at_location)
    return is_open_between_rules(
        rules, service.closures.all(), as_aware(start, None), as_aware(end, None)
    )
