"""Demo referrals on top of ``load_demo`` (synthetic people only), then the loop measures.

    manage.py seed_demo_referrals --referrals 120 [--seed 7]

Idempotent: ids are derived from the index, so a second run finds the same rows. Prints the
answer rate (answered ÷ live) and the median time from sent to arrived over all referrals in the
database.
Refuses to run when DEBUG is off (it writes made-up people), unless --allow-production.
"""

import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.referrals import NAMESPACE, aliases, demo_responders, referrals_seed
from outreach.models import Person
from referrals.models import Referral
from referrals.selectors import ANSWER_RATE_LABEL, referral_metrics

REFUSE_WITHOUT_DEBUG = "Refusing to write demo people with DEBUG off (use --allow-production)."


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
            raise CommandError(REFUSE_WITHOUT_DEBUG)
        from directory.models import ServicePage

        responders = demo_responders()
        services = list(
            ServicePage.objects.live().filter(organization__isnull=False).order_by("pk")
        )
        if not responders or not services:
            raise CommandError(
                "Run load_demo first (needs responders with a team and live services)."
            )
        names = aliases()

        def person_for(i, responder):
            team = responder.staff_profile.team
            person, _ = Person.objects.get_or_create(
                pk=uuid.uuid5(NAMESPACE, f"person-{team.pk}-{i % 25}"),
                defaults={
                    "alias": names[i % len(names)],
                    "descriptors": "demo person (synthetic)",
                    "created_by_team": team,
                    "created_by": responder,
                },
            )
            return person

        created = referrals_seed(
            count=referrals,
            seed=seed,
            now=timezone.now(),
            days=30,
            responders=responders,
            services=services,
            person_for=person_for,
        )
        metrics = referral_metrics()
        self.stdout.write(
            f"Created {created} demo referrals ({Referral.objects.count()} in the database)."
        )
        self._report(metrics)

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
