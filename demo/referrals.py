"""Synthetic demo referrals through the real referral services, walked through their lifecycle.

Used by ``seed_demo_referrals`` (many referrals over a month, for the loop measures) and by
``load_demo`` (a fortnight's worth for the dashboard). Ids come from the index, so a second run
finds the same rows and changes nothing.
"""

import json
import random
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model

from outreach.models import Person
from referrals.models import Outcome
from referrals.services import referral_create, referral_transition
from staff.models import Role, StaffProfile

NAMESPACE = uuid.UUID("6f1d8a52-0c1e-4f7e-9a51-7d3f0b0c1a77")
ALIASES_FILE = Path(__file__).resolve().parent / "data" / "aliases.json"
HANDOFFS = [
    "information",
    "phone_warm_transfer",
    "accompanied",
    "transported",
    "appointment",
    "bed_held",
]


def aliases() -> list[str]:
    """Invented street names for the synthetic people: never a real person's."""
    return json.loads(ALIASES_FILE.read_text(encoding="utf-8"))


def demo_responders() -> list:
    """Active responders with a team, by username (the order the demo cycles through them)."""
    return list(
        get_user_model()
        .objects.filter(
            staff_profile__role=Role.RESPONDER,
            staff_profile__team__isnull=False,
            is_active=True,
        )
        .select_related("staff_profile__team")
        .order_by("username")
    )


def referrals_seed(
    *,
    count: int,
    seed: int,
    now,
    days: float,
    responders: list,
    services: list,
    person_for: Callable[[int, object], Person],
    label: str = "referral",
) -> int:
    """``count`` referrals sent over the last ``days`` by ``responders`` to ``services``, each for
    ``person_for(index, responder)``; returns how many were new. ``label`` keeps the ids of one
    caller apart from another's."""
    providers = {
        p.organization_id: p.user
        for p in StaffProfile.objects.filter(role=Role.PROVIDER).select_related("user")
    }
    created = 0
    for i in range(count):
        rng = random.Random(f"{seed}-{i}")  # per referral: a re-run draws the same content
        responder = responders[i % len(responders)]
        person = person_for(i, responder)
        service = services[rng.randrange(len(services))]
        sent = now - timedelta(days=rng.uniform(0.2, days))
        logged = rng.random() < 0.1
        referral, was_created = referral_create(
            user=responder,
            at=sent,
            data={
                "id": uuid.uuid5(NAMESPACE, f"{label}-{i}"),
                "person_id": person.pk,
                "service_id": service.hsds_id,
                "consent_method": rng.choice(["verbal", "written"]),
                "consent_scope": "first name and what I need today",
                "consent_expires_on": (now + timedelta(days=30)).date(),
                "urgency": rng.choice(["routine", "routine", "today", "now"]),
                "mode": "logged" if logged else "live",
                "handoff": "information" if logged else rng.choice(HANDOFFS),
                "contact_preference": rng.choice(["text", "call", "none"]),
                "notes": "demo referral (synthetic)",
            },
        )
        if not was_created:
            continue
        created += 1
        provider = providers.get(referral.organization_id) or responder
        _play(referral, responder, provider, rng, sent, now)
    return created


def _play(referral, responder, provider, rng, sent, now):
    """Walk the lifecycle with plausible times, never past now."""

    def at(hours_after, base):
        t = base + timedelta(hours=hours_after)
        return t if t < now else None

    roll = rng.random()
    if referral.mode == "logged":
        if roll < 0.5 and (t := at(rng.uniform(2, 48), sent)):
            referral_transition(user=responder, referral=referral.pk, status="arrived", at=t)
        return
    if roll < 0.08:
        return  # still waiting for an answer
    if roll < 0.12:
        if t := at(rng.uniform(0.5, 6), sent):
            referral_transition(
                user=responder,
                referral=referral.pk,
                status="cancelled",
                reason="Person left",
                at=t,
            )
        return
    t_acc = at(rng.expovariate(1 / 2.0), sent)  # providers answer within a few hours
    if t_acc is None:
        return
    if roll < 0.27:
        referral_transition(
            user=provider,
            referral=referral.pk,
            status="declined",
            reason=rng.choice(["No beds", "Not eligible", "Full today"]),
            at=t_acc,
        )
        return
    referral_transition(user=provider, referral=referral.pk, status="accepted", at=t_acc)
    if roll < 0.42:
        if t := at(rng.uniform(30, 96), t_acc):
            referral_transition(
                user=responder,
                referral=referral.pk,
                status="closed",
                outcome=Outcome.LOST_TO_CONTACT,
                at=t,
            )
        return
    t_arr = at(rng.lognormvariate(1.3, 0.9), t_acc)  # median ~3.7 h after acceptance
    if t_arr is None:
        return
    referral_transition(user=provider, referral=referral.pk, status="arrived", at=t_arr)
    if roll < 0.85 and (t := at(rng.uniform(24, 96), t_arr)):
        referral_transition(
            user=responder,
            referral=referral.pk,
            status="closed",
            outcome=rng.choice([Outcome.ENGAGED, Outcome.ENGAGED, Outcome.NOT_ENGAGED]),
            at=t,
        )
