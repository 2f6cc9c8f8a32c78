"""Anonymisers: one per model that stores personal data (issue 9, retention and staging copies).

Each ``anonymise_<model>(obj)`` rewrites one row in place and keeps everything the dashboard
counts (codes, timestamps, team, neighbourhood, links between records) while removing what
identifies a person: names, aliases, descriptors, birth dates, free text, phone numbers, exact
places and CAD incident numbers. They are used by

- ``manage.py apply_retention``: rows older than ``settings.RETENTION_DAYS``;
- ``manage.py anonymise_database --yes-this-is-a-copy``: every row, to make a staging copy;
- ``manage.py anonymise_outreach`` / ``anonymise_referrals``: two parts of that, for a copy that
  needs only one (``anonymise_outreach()``, ``anonymise_referrals()`` below).

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


def anonymise_consent(consent, *, save=True):
    consent.purpose = REMOVED
    consent.scope = REMOVED
    consent.consent_text = REMOVED
    if save:
        consent.save(update_fields=["purpose", "scope", "consent_text"])
    return consent


def coarse_reason(reason: str) -> str:
    """A decline/cancel reason without its free text. Keeps what the dashboard counts ("declined
    for lack of capacity", matched on words) and keeps it non-empty: a declined referral must have
    a reason (a database constraint)."""
    if not reason:
        return REMOVED
    from reporting.figures import CAPACITY_WORDS

    text = reason.lower()
    return (
        "no capacity (reason removed)"
        if any(w in text for w in CAPACITY_WORDS)
        else "(reason removed)"
    )


def anonymise_referral(referral, *, save=True):
    referral.contact_phone = REMOVED
    referral.what_to_bring = REMOVED
    referral.notes = REMOVED
    referral.reason = coarse_reason(referral.reason)
    referral.outcome_note = REMOVED
    referral.link_nonce = REMOVED  # also kills any provider link still around
    referral.content_hash = REMOVED
    if save:
        referral.save(
            update_fields=[
                "contact_phone",
                "what_to_bring",
                "notes",
                "reason",
                "outcome_note",
                "link_nonce",
                "content_hash",
            ]
        )
    return referral


def anonymise_referral_event(event, *, save=True):
    event.reason = coarse_reason(event.reason)
    if save:
        event.save(update_fields=["reason"])
    return event


def anonymise_follow_up(follow_up, *, save=True):
    follow_up.label = "Follow-up"
    follow_up.note = REMOVED
    if save:
        follow_up.save(update_fields=["label", "note"])
    return follow_up


def anonymise_staff_user(user, *, save=True):
    """Staging copies only: staff names and e-mails out, no password that works."""
    user.first_name = REMOVED
    user.last_name = REMOVED
    user.email = f"{pseudonym('staff-', user.pk)}@example.invalid"
    user.set_unusable_password()
    if save:
        user.save(update_fields=["first_name", "last_name", "email", "password"])
    return user


def _referral_models():
    from referrals import models

    return models.Consent, models.Referral, models.ReferralEvent, models.FollowUp


def anonymise_persons(persons) -> dict[str, int]:
    """Anonymise these persons and every record that hangs off them. Returns counts per model."""
    from django.db.models import Q

    from outreach.models import Encounter, PersonMerge

    Consent, Referral, ReferralEvent, FollowUp = _referral_models()
    ids = [p.pk for p in persons]
    counts = {
        "person": 0,
        "encounter": 0,
        "person_merge": 0,
        "consent": 0,
        "referral": 0,
        "referral_event": 0,
        "follow_up": 0,
    }
    for person in persons:
        anonymise_person(person)
        counts["person"] += 1
    for e in Encounter.objects.filter(person_id__in=ids).iterator():
        anonymise_encounter(e)
        counts["encounter"] += 1
    for m in PersonMerge.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids)).iterator():
        anonymise_person_merge(m)
        counts["person_merge"] += 1
    for c in Consent.objects.filter(person_id__in=ids).iterator():
        anonymise_consent(c)
        counts["consent"] += 1
    referrals = Referral.objects.filter(person_id__in=ids)
    for r in referrals.iterator():
        anonymise_referral(r)
        counts["referral"] += 1
    for ev in ReferralEvent.objects.filter(referral__in=referrals).iterator():
        anonymise_referral_event(ev)
        counts["referral_event"] += 1
    for f in FollowUp.objects.filter(referral__in=referrals).iterator():
        anonymise_follow_up(f)
        counts["follow_up"] += 1
    return counts


def anonymise_outreach() -> dict[str, int]:
    """Every person, every encounter, and what hangs off the persons (merge snapshots, consents,
    referrals, their events and follow-ups). The ``anonymise_outreach`` command."""
    from outreach.models import Encounter, Person

    counts = anonymise_persons(list(Person.objects.all()))
    # Encounters without a person still have notes and places.
    for e in Encounter.objects.filter(person__isnull=True).iterator():
        anonymise_encounter(e)
        counts["encounter"] += 1
    return counts


def anonymise_referrals() -> dict[str, int]:
    """Every referral, referral event, follow-up and consent, whoever they belong to. The
    ``anonymise_referrals`` command (persons and encounters are left as they are)."""
    Consent, Referral, ReferralEvent, FollowUp = _referral_models()
    counts = {}
    for name, model, anonymise in (
        ("consent", Consent, anonymise_consent),
        ("referral", Referral, anonymise_referral),
        ("referral_event", ReferralEvent, anonymise_referral_event),
        ("follow_up", FollowUp, anonymise_follow_up),
    ):
        counts[name] = 0
        for obj in model.objects.all().iterator():
            anonymise(obj)
            counts[name] += 1
    return counts


def anonymise_everything() -> dict[str, int]:
    """Every row of every model holding personal data (a staging copy of production)."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    counts = anonymise_outreach()
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
    """Persons with no activity (created, encounter, referral) since the cutoff, not yet anonymised."""
    from django.db.models import Q

    from outreach.models import Person

    Consent, Referral, _ReferralEvent, _FollowUp = _referral_models()
    recent_encounters = Q(encounters__occurred_at__gte=cutoff)
    qs = Person.objects.filter(created_at__lt=cutoff).exclude(recent_encounters)
    qs = qs.exclude(pk__in=Referral.objects.filter(sent_at__gte=cutoff).values("person_id"))
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
    Consent, Referral, ReferralEvent, FollowUp = _referral_models()
    with transaction.atomic():
        persons = list(expired_persons(cutoff))
        counts = anonymise_persons(persons) if not dry_run else {"person": len(persons)}
        old_encounters = Encounter.objects.filter(occurred_at__lt=cutoff).exclude(
            notes="",
            location_text="",
            police_backup_reason="",
            transport_destination_text="",
            content_hash="",
        )
        old_referrals = Referral.objects.filter(sent_at__lt=cutoff).exclude(
            notes="",
            what_to_bring="",
            contact_phone="",
            reason="",
            outcome_note="",
            content_hash="",
        )
        if dry_run:
            counts["encounter"] = old_encounters.count()
            counts["referral"] = old_referrals.count()
            return counts
        for e in old_encounters.iterator():
            anonymise_encounter(e)
            counts["encounter"] = counts.get("encounter", 0) + 1
        for r in old_referrals.iterator():
            anonymise_referral(r)
            for ev in r.events.all():
                anonymise_referral_event(ev)
            for f in r.follow_ups.all():
                anonymise_follow_up(f)
            counts["referral"] = counts.get("referral", 0) + 1
    return counts
