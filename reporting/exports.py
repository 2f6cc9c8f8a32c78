"""CSV exports: every dashboard figure, the HMIS current-living-situation file, and the
de-identified encounter file for researchers.

Exports stream rows from ``.values_list().iterator()``: no model instances, constant memory.
The views write them with ``core.spreadsheets.csv_response`` (no cell becomes a formula) and
write an audit event for every download before the first byte is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator

from django.db.models import Min, OuterRef, Subquery

from geo import canonical_neighbourhood
from outreach.models import Encounter, LivingSituation

from .figures import encounters_in, flat_rows
from .periods import Period, local_tz

FIGURE_HEADER = ("section", "figure", "value")

HMIS_HEADER = (
    "CurrentLivingSitID",
    "PersonalID",
    "InformationDate",
    "CurrentLivingSituation",
    "CurrentLivingSituationLabel",
    "DateOfEngagement",
    "ContactSource",
)

DEID_HEADER = (
    "row",
    "person_ref",
    "occurred_hour_local",
    "source",
    "co_response",
    "police_backup_requested",
    "arrest_or_citation",
    "transport_destination",
    "neighbourhood",
    "lat_3dp",
    "lng_3dp",
    "needs",
    "services_given",
    "disposition",
    "living_situation",
    "language",
    "interpreter",
    "danger_to_self",
    "danger_to_others",
    "medical_emergency",
    "intoxication",
    "response_minutes",
    "minutes_on_scene",
)


def figure_rows(figures: dict):
    return flat_rows(figures)


# --- HMIS ----------------------------------------------------------------------------------------


def _hmis_contacts(period: Period):
    return encounters_in(period).filter(person__isnull=False)


def hmis_person_ids(period: Period) -> list:
    """Everyone the HMIS file has a row for (each gets an audit event)."""
    return list(_hmis_contacts(period).order_by().values_list("person_id", flat=True).distinct())


def hmis_rows(period: Period) -> Iterator[tuple]:
    """One row per contact with a known person: HUD 4.12 Current Living Situation at that contact,
    and the date of engagement (the local date of the person's first recorded contact)."""
    tz = local_tz()
    first = (
        Encounter.objects.filter(person=OuterRef("person"))
        .order_by()
        .values("person")
        .annotate(m=Min("occurred_at"))
        .values("m")
    )
    labels = dict(LivingSituation.choices)
    qs = (
        _hmis_contacts(period)
        .annotate(engaged=Subquery(first))
        .order_by("occurred_at", "pk")
        .values_list("pk", "person_id", "occurred_at", "living_situation", "engaged", "source")
    )
    for pk, person_id, occurred_at, living, engaged, source in qs.iterator(chunk_size=2000):
        yield (
            pk,
            person_id,
            occurred_at.astimezone(tz).date().isoformat(),
            living,
            str(labels.get(living, "")),
            engaged.astimezone(tz).date().isoformat() if engaged else "",
            source,
        )


# --- de-identified -------------------------------------------------------------------------------


def person_ref(salt: bytes, person_id) -> str:
    """A per-export pseudonym: the same person has the same ref within one file only."""
    if person_id is None:
        return ""
    return hmac.new(salt, str(person_id).encode(), hashlib.sha256).hexdigest()[:16]


def _round(value, places=3):
    return "" if value is None else f"{round(value, places):.{places}f}"


def _minutes(start, end):
    if start is None or end is None or end < start:
        return ""
    return round((end - start).total_seconds() / 60)


def deidentified_rows(period: Period, *, salt: bytes | None = None) -> Iterator[tuple]:
    """Contacts without names, aliases, dates of birth, notes, free-text places, CAD numbers or
    record ids: person ids become a salted hash (new salt per export), times are truncated to the
    local hour, coordinates rounded to 3 decimals (about 100 m), and the neighbourhood kept only
    when it is one of the city's 17 official names."""
    salt = salt or secrets.token_bytes(32)
    tz = local_tz()
    qs = (
        encounters_in(period)
        .order_by("occurred_at", "pk")
        .values_list(
            "person_id",
            "occurred_at",
            "source",
            "co_response",
            "police_backup_requested",
            "arrest_or_citation",
            "transport_destination",
            "neighbourhood",
            "latitude",
            "longitude",
            "needs",
            "services_given",
            "disposition",
            "living_situation",
            "language",
            "interpreter",
            "danger_to_self",
            "danger_to_others",
            "medical_emergency",
            "intoxication",
            "call_received_at",
            "on_scene_at",
            "cleared_at",
        )
    )
    for n, row in enumerate(qs.iterator(chunk_size=2000), start=1):
        (
            person_id,
            occurred_at,
            source,
            co_response,
            backup,
            arrest,
            transport,
            neighbourhood,
            lat,
            lng,
            needs,
            services,
            disposition,
            living,
            language,
            interpreter,
            d_self,
            d_others,
            medical,
            intox,
            received,
            on_scene,
            cleared,
        ) = row
        local = occurred_at.astimezone(tz).replace(minute=0, second=0, microsecond=0)
        yield (
            n,
            person_ref(salt, person_id),
            local.strftime("%Y-%m-%d %H:00"),
            source,
            co_response,
            int(backup),
            int(arrest),
            transport,
            canonical_neighbourhood(neighbourhood) or "",
            _round(lat),
            _round(lng),
            ";".join(
                sorted(str(x) for x in needs or [] if isinstance(x, str) and x.isidentifier())
            ),
            ";".join(
                sorted(str(x) for x in services or [] if isinstance(x, str) and x.isidentifier())
            ),
            disposition,
            living,
            language if (language or "").isalpha() and len(language or "") <= 3 else "",
            interpreter,
            d_self,
            d_others,
            medical,
            intox,
            _minutes(received, on_scene),
            _minutes(on_scene, cleared),
        )
