"""Anonymisers: one per model that stores personal data (retention and staging copies).

Each ``anonymise_<model>(obj)`` rewrites one row in place and keeps everything the dashboard
counts (codes, timestamps, team, neighbourhood, links between records) while removing what
identifies a person: names, aliases, descriptors, birth dates, free text, phone numbers, exact
places and CAD incident numbers. They are used by

- ``manage.py apply_retention``: rows older than ``settings.RETENTION_DAYS``;
- ``manage.py anonymise_database --yes-this-is-a-copy``: every row, to make a staging copy;
- ``manage.py anonymise_outreach`` / ``anonymise_referrals``: two parts of that, for a copy that
  needs only one (``anonymise_outreach()`` below, ``referrals/anonymise.py``).

Outreach holds the persons, but the apps above it hold more rows about them. They add their own
anonymisers to ``registry`` in their ``AppConfig.ready()`` (see ``Registry``), so that outreach
never imports them.

Not rewritten: ``AuditEvent`` (append-only by design; it holds ids, actions, paths without query
strings and short details, never a person's name) — see docs/security.md.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

REMOVED = ""
PERSON_PREFIX = "Person "
_CAD_PSEUDONYM = re.compile(r"^CAD-[0-9a-f]{8}$")


def pseudonym(prefix: str, value) -> str:
    """Stable, non-reversible label (keyed with SECRET_KEY so it cannot be recomputed elsewhere)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()
    return f"{prefix}{digest[:8]}"


def coarse(value: float | None, places: int = 2) -> float | None:
    """Round a coordinate to ~1 km (2 decimals): neighbourhood level, not a doorway."""
    return None if value is None else round(value, places)


def anonymise_person(person, *, save=True):
    person.name = REMOVED
    person.alias = pseudonym(PERSON_PREFIX, person.pk)
    person.descriptors = REMOVED
    person.date_of_birth = None
    person.consent_to_share_scope = REMOVED
    person.hazard_note = REMOVED
    if save:
        person.save(
            update_fields=[
                "name",
                "alias",
                "descriptors",
                "date_of_birth",
                "consent_to_share_scope",
                "hazard_note",
            ]
        )
    return person


def anonymise_person_merge(merge, *, save=True):
    # Snapshots of the merged records: names, aliases, notes as they were.
    merge.moved = {}
    merge.target_before = {}
    if save:
        merge.save(update_fields=["moved", "target_before"])
    return merge


def anonymise_encounter(encounter, *, save=True):
    encounter.notes = REMOVED
    encounter.location_text = REMOVED
    encounter.police_backup_reason = REMOVED
    encounter.transport_destination_text = REMOVED
    encounter.latitude = coarse(encounter.latitude)
    encounter.longitude = coarse(encounter.longitude)
    if encounter.cad_incident and not _CAD_PSEUDONYM.match(encounter.cad_incident):
        encounter.cad_incident = pseudonym(
            "CAD-", encounter.cad_incident
        )  # stays non-empty for dispatch
    encounter.content_hash = REMOVED
    if save:
        encounter.save(
            update_fields=[
                "notes",
                "location_text",
                "police_backup_reason",
                "transport_destination_text",
                "latitude",
                "longitude",
                "cad_incident",
                "content_hash",
            ]
        )
    return encounter


def anonymise_staff_user(user, *, save=True):
    """Staging copies only: staff names and e-mails out, no password that works."""
    user.first_name = REMOVED
    user.last_name = REMOVED
    user.email = f"{pseudonym('staff-', user.pk)}@example.invalid"
    user.set_unusable_password()
    if save:
        user.save(update_fields=["first_name", "last_name", "email", "password"])
    return user


class Registry:
    """What the apps above outreach anonymise, filled in by their ``AppConfig.ready()``.

    - ``register(fn)``: ``fn(person_ids: list) -> dict[str, int]`` anonymises every row of that
      app belonging to those persons and returns counts by model name;
    - ``register_everything(fn)``: ``fn() -> dict[str, int]`` anonymises all of that app's rows;
    - ``register_retention(recent_persons=..., expired=...)``, for ``apply_retention``:
      ``recent_persons(cutoff)`` gives the ids of persons the app saw since the cutoff (they are
      kept), ``expired(cutoff, *, dry_run)`` anonymises (or with ``dry_run`` only counts) the app's
      rows older than the cutoff.

    Each returns its function, so it also works as a decorator.
    """

    def __init__(self):
        self.for_persons = []
        self.for_everything = []
        self.recent_persons = []
        self.expired = []

    @staticmethod
    def _add(hooks, fn):
        if fn not in hooks:  # ready() may run twice; a row must not be counted twice
            hooks.append(fn)
        return fn

    def register(self, fn):
        return self._add(self.for_persons, fn)

    def register_everything(self, fn):
        return self._add(self.for_everything, fn)

    def register_retention(self, *, recent_persons=None, expired=None):
        if recent_persons is not None:
            self._add(self.recent_persons, recent_persons)
        if expired is not None:
            self._add(self.expired, expired)


registry = Registry()


def add_counts(counts: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    for name, n in more.items():
        counts[name] = counts.get(name, 0) + n
    return counts


def _anonymise_outreach_rows(person_ids=None) -> dict[str, int]:
    """Persons, their encounters and merge snapshots: of these persons, or (None) all of them."""
    from django.db.models import Q

    from outreach.models import Encounter, Person, PersonMerge

    persons, encounters, merges = Person.objects, Encounter.objects, PersonMerge.objects
    if person_ids is not None:
        persons = persons.filter(pk__in=person_ids)
        encounters = encounters.filter(person_id__in=person_ids)
        merges = merges.filter(Q(source_id__in=person_ids) | Q(target_id__in=person_ids))
    counts = {"person": 0, "encounter": 0, "person_merge": 0}
    for person in persons.all().iterator():
        anonymise_person(person)
        counts["person"] += 1
    for e in encounters.all().iterator():
        anonymise_encounter(e)
        counts["encounter"] += 1
    for m in merges.all().iterator():
        anonymise_person_merge(m)
        counts["person_merge"] += 1
    return counts


def anonymise_persons(person_ids) -> dict[str, int]:
    """Anonymise these persons and every record that hangs off them, in every app. Returns counts
    per model."""
    ids = list(person_ids)
    counts = _anonymise_outreach_rows(ids)
    for fn in registry.for_persons:
        add_counts(counts, fn(ids))
    return counts


def anonymise_outreach() -> dict[str, int]:
    """Every person, every encounter, and what hangs off the persons in the apps above (merge
    snapshots, consents, referrals, their events and follow-ups). The ``anonymise_outreach``
    command."""
    from outreach.models import Encounter, Person

    counts = anonymise_persons(Person.objects.values_list("pk", flat=True))
    # Encounters without a person still have notes and places.
    for e in Encounter.objects.filter(person__isnull=True).iterator():
        anonymise_encounter(e)
        counts["encounter"] += 1
    return counts


def anonymise_everything() -> dict[str, int]:
    """Every row of every model holding personal data (a staging copy of production)."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    counts = _anonymise_outreach_rows()
    for fn in registry.for_everything:
        add_counts(counts, fn())
    counts["staff_user"] = 0
    for user in get_user_model().objects.all().iterator():
        anonymise_staff_user(user)
        counts["staff_user"] += 1
    counts["session"] = Session.objects.all().delete()[0]
    try:
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.all().delete()  # usernames and IP addresses
    except ImportError:  # pragma: no cover - axes is in requirements
        pass
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.all().delete()
    return counts


def retention_cutoff(now=None):
    from datetime import timedelta

    from django.utils import timezone

    return (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)


def expired_persons(cutoff):
    """Persons with no activity (created, encounter, anything the apps above saw) since the
    cutoff, not yet anonymised."""
    from django.db.models import Q

    from outreach.models import Person

    recent_encounters = Q(encounters__occurred_at__gte=cutoff)
    qs = Person.objects.filter(created_at__lt=cutoff).exclude(recent_encounters)
    for recent_persons in registry.recent_persons:
        qs = qs.exclude(pk__in=recent_persons(cutoff))
    not_done = (
        ~Q(name="")
        | ~Q(descriptors="")
        | Q(date_of_birth__isnull=False)
        | ~Q(hazard_note="")
        | ~Q(consent_to_share_scope="")
        | ~Q(alias__startswith=PERSON_PREFIX)
    )
    return qs.filter(not_done).distinct()


def apply_retention(*, cutoff=None, dry_run=False) -> dict[str, int]:
    """Anonymise what is older than the retention period; dry_run counts without writing."""
    from django.db import transaction

    from outreach.models import Encounter

    cutoff = cutoff or retention_cutoff()
    with transaction.atomic():
        ids = list(expired_persons(cutoff).values_list("pk", flat=True))
        counts = anonymise_persons(ids) if not dry_run else {"person": len(ids)}
        old_encounters = Encounter.objects.filter(occurred_at__lt=cutoff).exclude(
            notes="",
            location_text="",
            police_backup_reason="",
            transport_destination_text="",
            content_hash="",
        )
        if dry_run:
            counts["encounter"] = old_encounters.count()
        else:
            for e in old_encounters.iterator():
                anonymise_encounter(e)
                counts["encounter"] = counts.get("encounter", 0) + 1
        for expired in registry.expired:
            add_counts(counts, expired(cutoff, dry_run=dry_run))
    return counts
