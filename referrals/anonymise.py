"""Anonymisers of the referral models: consents, referrals, their events and follow-ups.

Registered with outreach's ``registry`` in ``ReferralsConfig.ready()``, so that anonymising a
person (``apply_retention``, ``anonymise_outreach``) reaches the referrals about them, and
``anonymise_database`` reaches every referral; see ``outreach/anonymise.py``.
"""

from __future__ import annotations

from outreach.anonymise import REMOVED
from referrals.models import CAPACITY_WORDS, Consent, FollowUp, Referral, ReferralEvent


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


def _anonymise_rows(consents, referrals) -> dict[str, int]:
    """These consents and referrals, and the referrals' events and follow-ups."""
    counts = {"consent": 0, "referral": 0, "referral_event": 0, "follow_up": 0}
    for c in consents.iterator():
        anonymise_consent(c)
        counts["consent"] += 1
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


def anonymise_persons_referrals(person_ids: list) -> dict[str, int]:
    """The consents and referrals of these persons, and what hangs off the referrals."""
    return _anonymise_rows(
        Consent.objects.filter(person_id__in=person_ids),
        Referral.objects.filter(person_id__in=person_ids),
    )


def anonymise_referrals() -> dict[str, int]:
    """Every referral, referral event, follow-up and consent, whoever they belong to. The
    ``anonymise_referrals`` command (persons and encounters are left as they are)."""
    return _anonymise_rows(Consent.objects.all(), Referral.objects.all())


def persons_referred_since(cutoff):
    """Persons with a referral sent since the cutoff: retention keeps them."""
    return Referral.objects.filter(sent_at__gte=cutoff).values("person_id")


def anonymise_expired_referrals(cutoff, *, dry_run=False) -> dict[str, int]:
    """Referrals sent before the cutoff that still hold free text, with their events and
    follow-ups (``apply_retention``); ``dry_run`` only counts them."""
    old_referrals = Referral.objects.filter(sent_at__lt=cutoff).exclude(
        notes="",
        what_to_bring="",
        contact_phone="",
        reason="",
        outcome_note="",
        content_hash="",
    )
    if dry_run:
        return {"referral": old_referrals.count()}
    counts = {}
    for r in old_referrals.iterator():
        anonymise_referral(r)
        for ev in r.events.all():
            anonymise_referral_event(ev)
        for f in r.follow_ups.all():
            anonymise_follow_up(f)
        counts["referral"] = counts.get("referral", 0) + 1
    return counts
