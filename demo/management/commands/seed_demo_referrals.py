"""Demo referrals on top of ``load_demo`` (synthetic people only), then the loop measures.

    manage.py seed_demo_referrals --referrals 120 [--seed 7]

Idempotent: ids are derived from the index, so a second run finds the same rows. Prints the
answer rate (answered ÷ live) and the median time from sent to arrived over all referrals in the
database.
Refuses to run when DEBUG is off (it writes made-up people), unless --allow-production.
"""

import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from outreach.models import Person
from referrals.models import Outcome, Referral
from referrals.selectors import ANSWER_RATE_LABEL, referral_metrics
from referrals.services import referral_create, referral_transition
from staff.models import Role, StaffProfile

NAMESPACE = uuid.UUID("6f1d8a52-0c1e-4f7e-9a51-7d3f0b0c1a77")
ALIASES = [
    "Sunny",
    "Red",
    "Tee",
    "Mack",
    "Jo",
    "Lulu",
    "Dee",
    "Chico",
    "Bird",
    "Smiley",
    "Pops",
    "Kat",
]
HANDOFFS = [
    "information",
    "phone_warm_transfer",
    "accompanied",
    "transported",
    "appointment",
    "bed_held",
]


class Command(BaseCommand):
    help = "Adds synthetic demo referrals (after load_demo) and prints the answer rate and median sent→arrived."

    def add_arguments(self, parser):
        parser.add_argument(
            "--referrals", type=int, default=120, help="How many referrals (default 120)."
        )
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, referrals, seed, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to write demo people with DEBUG off (use --allow-production)."
            )
        from directory.models import ServicePage

        responders = list(
            get_user_model()
            .objects.filter(
                staff_profile__role=Role.RESPONDER,
                staff_profile__team__isnull=False,
                is_active=True,
            )
            .select_related("staff_profile__team")
            .order_by("username")
        )
        services = list(
            ServicePage.objects.live().filter(organization__isnull=False).order_by("pk")
        )
        if not responders or not services:
            raise CommandError(
                "Run load_demo first (needs responders with a team and live services)."
            )
        providers = {
            p.organization_id: p.user
            for p in StaffProfile.objects.filter(role=Role.PROVIDER).select_related("user")
        }
        now = timezone.now()
        created = 0
        for i in range(referrals):
            rng = random.Random(f"{seed}-{i}")  # per referral: a re-run draws the same content
            responder = responders[i % len(responders)]
            team = responder.staff_profile.team
            person, _ = Person.objects.get_or_create(
                pk=uuid.uuid5(NAMESPACE, f"person-{team.pk}-{i % 25}"),
                defaults={
                    "alias": ALIASES[i % len(ALIASES)],
                    "descriptors": "demo person (synthetic)",
                    "created_by_team": team,
                    "created_by": responder,
                },
            )
            service = services[rng.randrange(len(services))]
            sent = now - timedelta(days=rng.uniform(0.2, 30))
            logged = rng.random() < 0.1
            referral, was_created = referral_create(
                user=responder,
                at=sent,
                data={
                    "id": uuid.uuid5(NAMESPACE, f"referral-{i}"),
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
            self._play(
                referral,
                responder,
                providers.get(referral.organization_id) or responder,
                rng,
                sent,
                now,
            )
        metrics = referral_metrics()
        self.stdout.write(
            f"Created {created} demo referrals ({Referral.objects.count()} in the database)."
        )
        self._report(metrics)

    def _play(self, referral, responder, provider, rng, sent, now):
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

    def _report(self, m):
        rate = f"{m.answer_rate:.1%}" if m.answer_rate is not None else "n/a"
        median = (
            f"{m.median_sent_to_arrived_hours:.1f} h"
            if m.median_sent_to_arrived_hours is not None
            else "n/a"
        )
        self.stdout.write(
            f"{ANSWER_RATE_LABEL}: {rate} ({m.answered} of {m.live} live, not cancelled)"
        )
        self.stdout.write(f"Median sent → arrived: {median} (over {m.arrived} arrivals)")
