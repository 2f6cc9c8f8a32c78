"""Time the programme dashboard on a year of synthetic data (issue 8).

    DATABASE_URL=... manage.py bench_dashboard [--encounters 50000] [--referrals 20000] [--runs 5]

Everything is created inside one transaction that is rolled back at the end: the database is
left as it was. Prints the time to build the data and the min/median time of rendering the
dashboard for the whole year (Django test client, logged in as a supervisor).
"""

import datetime as dt
import random
import statistics
import time
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from geo import map_areas as areas
from outreach.models import (
    CoResponse,
    Disposition,
    Encounter,
    LivingSituation,
    Need,
    Person,
    Role,
    Source,
    StaffProfile,
    Team,
    TransportDestination,
)
from referrals.models import Consent, Referral
from reporting.periods import local_midnight

YEAR = 2025


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Build a year of synthetic encounters and referrals (rolled back) and time the dashboard."
    )

    def add_arguments(self, parser):
        parser.add_argument("--encounters", type=int, default=50_000)
        parser.add_argument("--referrals", type=int, default=20_000)
        parser.add_argument("--persons", type=int, default=8_000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (data is rolled back)."
        )

    def handle(self, *args, **opts):
        if not settings.DEBUG and not opts["force"]:
            raise CommandError(
                "Refusing to run with DEBUG off; pass --force (all data is rolled back)."
            )
        self.rng = random.Random(opts["seed"])
        self.stdout.write(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        try:
            with transaction.atomic():
                self.run(opts)
                raise _Rollback
        except _Rollback:
            self.stdout.write("synthetic data rolled back")

    def run(self, opts):
        t0 = time.perf_counter()
        User = get_user_model()
        team = Team.objects.create(name=f"Bench team {uuid.uuid4().hex[:6]}")
        responder = User.objects.create_user(f"bench-r-{uuid.uuid4().hex[:6]}")
        supervisor = User.objects.create_user(f"bench-s-{uuid.uuid4().hex[:6]}")
        StaffProfile.objects.create(user=supervisor, role=Role.SUPERVISOR)
        persons = Person.objects.bulk_create(
            [
                Person(alias=f"P{i}", created_by_team=team, search_text=f"p{i}")
                for i in range(opts["persons"])
            ],
            batch_size=2000,
        )
        encounters = Encounter.objects.bulk_create(
            self.encounters(opts["encounters"], team, responder, persons), batch_size=2000
        )
        made_referrals = 0
        if opts["referrals"]:
            made_referrals = self.referrals(opts["referrals"], team, responder, encounters)
        build = time.perf_counter() - t0
        self.stdout.write(
            f"built {len(encounters)} encounters, {made_referrals} referrals, {len(persons)} people in {build:.1f} s"
        )

        client = Client()
        client.force_login(supervisor)
        url = f"/outreach/dashboard/?start={YEAR}-01-01&end={YEAR}-12-31"
        times = []
        # The bench measures the dashboard, not the second-factor check (which needs a TOTP device).
        with override_settings(ALLOWED_HOSTS=["testserver"], WAYPOINT_REQUIRE_2FA=False):
            for _ in range(opts["runs"]):
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise CommandError(
                        f"dashboard answered {response.status_code} {response.get('Location', '')}"
                    )
        from reporting.figures import dashboard_figures
        from reporting.periods import Period

        figure_times = []
        for _ in range(opts["runs"]):
            start = time.perf_counter()
            dashboard_figures(Period(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))
            figure_times.append(time.perf_counter() - start)
        self.stdout.write(
            f"figures only ({opts['runs']} runs): min {min(figure_times) * 1000:.0f} ms, "
            f"median {statistics.median(figure_times) * 1000:.0f} ms"
        )
        self.stdout.write(
            f"dashboard render ({opts['runs']} runs): min {min(times) * 1000:.0f} ms, "
            f"median {statistics.median(times) * 1000:.0f} ms"
        )

    def encounters(self, n, team, responder, persons):
        rng = self.rng
        start = local_midnight(dt.date(YEAR, 1, 1))
        seconds = 365 * 24 * 3600
        names = [a["name"] for a in areas()] + [""]
        needs, dispositions = list(Need.values), list(Disposition.values)
        living = list(LivingSituation.values)
        transports = list(TransportDestination.values)
        for i in range(n):
            at = start + dt.timedelta(seconds=rng.randrange(seconds))
            dispatch = rng.random() < 0.6
            received = at - dt.timedelta(minutes=rng.randint(5, 40)) if dispatch else None
            yield Encounter(
                id=uuid.uuid4(),
                occurred_at=at,
                source=Source.DISPATCH
                if dispatch
                else rng.choice([Source.OUTREACH, Source.WALK_IN, Source.FOLLOW_UP]),
                cad_incident=f"B{i}" if dispatch else "",
                call_received_at=received,
                dispatched_at=received + dt.timedelta(minutes=2) if received else None,
                on_scene_at=at if dispatch else None,
                cleared_at=at + dt.timedelta(minutes=rng.randint(10, 90)),
                co_response=rng.choice(
                    [CoResponse.ALONE] * 8 + [CoResponse.EMS, CoResponse.POLICE]
                ),
                police_backup_requested=rng.random() < 0.03,
                arrest_or_citation=rng.random() < 0.002,
                transport_destination=rng.choice([TransportDestination.NONE] * 20 + transports),
                team=team,
                responder=responder,
                person=rng.choice(persons) if rng.random() < 0.7 else None,
                latitude=41.72 + rng.random() * 0.08,
                longitude=-72.71 + rng.random() * 0.06,
                neighbourhood=rng.choice(names),
                needs=rng.sample(needs, rng.randint(0, 3)),
                disposition=rng.choice(dispositions),
                living_situation=rng.choice(living),
                content_hash=uuid.uuid4().hex,
            )

    def referrals(self, n, team, responder, encounters):
        from wagtail.models import Page

        from directory.models import OrganizationPage, ServicePage

        rng = self.rng
        root = Page.get_first_root_node()
        suffix = uuid.uuid4().hex[:6]
        services = []
        for i in range(10):
            org = root.add_child(
                instance=OrganizationPage(
                    title=f"Bench org {i}", slug=f"bench-org-{suffix}-{i}", description="bench"
                )
            )
            services.append(
                org.add_child(
                    instance=ServicePage(
                        title=f"Bench service {i}",
                        slug=f"bench-svc-{suffix}-{i}",
                        description="bench",
                    )
                )
            )
        with_person = [e for e in encounters if e.person_id]
        consents = {}
        rows = []
        for _ in range(n):
            e = rng.choice(with_person)
            svc = rng.choice(services)
            key = (e.person_id, svc.organization_id)
            if key not in consents:
                consents[key] = Consent(
                    person_id=e.person_id,
                    recipient_id=svc.organization_id,
                    purpose="bench",
                    method="verbal",
                    scope="bench",
                    consent_text="bench",
                    expires_on=dt.date(YEAR + 1, 12, 31),
                    attested_by=responder,
                )
            sent = e.occurred_at + dt.timedelta(minutes=rng.randint(1, 60))
            fate = rng.random()
            status, accepted, arrived, reason, outcome = "sent", None, None, "", ""
            if fate < 0.15:
                status, reason = "declined", rng.choice(["At capacity", "Not eligible"])
            elif fate < 0.85:
                accepted = sent + dt.timedelta(minutes=rng.randint(5, 120))
                status = "accepted"
                if fate < 0.7:
                    arrived = accepted + dt.timedelta(minutes=rng.randint(10, 600))
                    status = "arrived"
                    if fate < 0.5:
                        status, outcome = "closed", "engaged"
            rows.append(
                (
                    e,
                    svc,
                    key,
                    dict(
                        status=status,
                        sent_at=sent,
                        status_changed_at=sent,
                        accepted_at=accepted,
                        arrived_at=arrived,
                        reason=reason,
                        outcome=outcome,
                    ),
                )
            )
        created = {}
        for c in Consent.objects.bulk_create(list(consents.values()), batch_size=2000):
            created[(c.person_id, c.recipient_id)] = c
        Referral.objects.bulk_create(
            [
                Referral(
                    id=uuid.uuid4(),
                    person_id=e.person_id,
                    encounter=e,
                    service=svc,
                    organization_id=svc.organization_id,
                    consent=created[key],
                    team=team,
                    created_by=responder,
                    content_hash=uuid.uuid4().hex,
                    **fields,
                )
                for e, svc, key, fields in rows
            ],
            batch_size=2000,
        )
        return n
