"""Time opening a provider's referral inbox with N referrals in the database.

    manage.py bench_referral_inbox [--count 10000] [--own 0.2] [--repeat 7] [--keep]

Creates ``--count`` referrals spread over ten organizations (``--own`` of them to the
benchmarked provider's), then opens ``/provider/referrals/`` and ``GET /api/referrals`` with the
Django test client and prints the times and query counts. Everything happens inside one
transaction that is rolled back at the end unless ``--keep``.
"""

import statistics
import time
import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from outreach.models import Person
from referrals.models import Consent, Referral
from staff.models import Role, StaffProfile, Team


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Creates N referrals and times opening a provider inbox (rolled back unless --keep)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument(
            "--own", type=float, default=0.2, help="Share sent to the benchmarked provider."
        )
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--keep", action="store_true")

    def handle(self, *args, count, own, repeat, keep, **options):
        try:
            with transaction.atomic():
                self._run(count=count, own=own, repeat=repeat)
                if not keep:
                    raise Rollback
        except Rollback:
            self.stdout.write("Rolled back the benchmark data.")

    def _services(self):
        from wagtail.models import Page

        from directory.models import HomePage, OrganizationPage, ServicePage

        parent = HomePage.objects.first() or Page.get_first_root_node()
        services = []
        for n in range(10):
            org = parent.add_child(
                instance=OrganizationPage(
                    title=f"Bench org {n}",
                    description="Benchmark",
                    slug=f"bench-org-{uuid.uuid4().hex[:8]}",
                )
            )
            service = org.add_child(
                instance=ServicePage(
                    title=f"Bench service {n}",
                    description="Benchmark",
                    slug=f"bench-svc-{uuid.uuid4().hex[:8]}",
                )
            )
            services.append(ServicePage.objects.get(pk=service.pk))
        return services

    def _run(self, *, count, own, repeat):
        User = get_user_model()
        services = self._services()
        team = Team.objects.create(name=f"Bench team {uuid.uuid4().hex[:6]}")
        responder = User.objects.create(username=f"bench-resp-{uuid.uuid4().hex[:6]}")
        StaffProfile.objects.create(user=responder, role=Role.RESPONDER, team=team)
        provider = User.objects.create(username=f"bench-prov-{uuid.uuid4().hex[:6]}")
        StaffProfile.objects.create(
            user=provider, role=Role.PROVIDER, organization=services[0].organization
        )
        people = Person.objects.bulk_create(
            [
                Person(alias=f"Bench {n}", created_by_team=team, created_by=responder)
                for n in range(200)
            ]
        )
        now = timezone.now()
        start = time.perf_counter()
        consents, referrals = [], []
        own_every = max(1, round(1 / own)) if own > 0 else None
        for i in range(count):
            service = services[0] if own_every and i % own_every == 0 else services[1 + i % 9]
            person = people[i % len(people)]
            consent = Consent(
                person=person,
                recipient_id=service.organization_id,
                purpose="bench",
                method="verbal",
                scope="first name",
                consent_text="bench",
                shared_fields=["first_name"],
                expires_on=now.date(),
                attested_by=responder,
                given_at=now,
            )
            consents.append(consent)
            sent = now - timezone.timedelta(minutes=i)
            referrals.append(
                Referral(
                    person=person,
                    service=service,
                    organization_id=service.organization_id,
                    consent=consent,
                    team=team,
                    created_by=responder,
                    status=["sent", "accepted", "arrived", "closed"][i % 4],
                    outcome="engaged" if i % 4 == 3 else "",
                    status_changed_at=sent,
                    sent_at=sent,
                    content_hash=uuid.uuid4().hex,
                )
            )
        Consent.objects.bulk_create(consents, batch_size=1000)
        for r, c in zip(referrals, consents):
            r.consent_id = c.pk
        Referral.objects.bulk_create(referrals, batch_size=1000)
        self.stdout.write(
            f"Created {count} referrals ({Referral.objects.filter(organization=services[0].organization).count()} "
            f"to the benchmarked provider; {Referral.objects.count()} in the database) in "
            f"{time.perf_counter() - start:.1f} s."
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(provider)
        # The second-factor check is not what is measured here (force_login has no OTP device).
        with override_settings(WAYPOINT_REQUIRE_2FA=False):
            self._time(client, repeat)

    def _time(self, client, repeat):
        for label, url in (
            ("inbox page (open)", "/provider/referrals/"),
            ("inbox page (all)", "/provider/referrals/?all=1"),
            ("GET /api/referrals", "/api/referrals"),
        ):
            client.get(url)  # warm-up
            times = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
            self.stdout.write(
                f"{label}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms, "
                f"{len(queries)} queries ({connection.vendor})"
            )
