"""load_demo seeds a realistic fortnight: the dashboard of a new supervisor is not zeros."""

import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from assessment.models import Screening
from cases.models import Case, PlanStep
from demo.referrals import aliases
from directory.models import ServicePage
from outreach.models import Encounter, Person
from referrals.models import Referral, ReferralEvent
from reporting.figures import dashboard_figures
from reporting.periods import Period

SEEDED = [Person, Encounter, Screening, Case, PlanStep, Referral, ReferralEvent]
# A third of the usual fortnight keeps the three load_demo runs of this file fast.
SCALE = 0.35


def load_demo(password_file, **options):
    out = StringIO()
    call_command("load_demo", password_file=password_file, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED}


def last_fortnight() -> Period:
    today = timezone.localdate()
    return Period(start=today - timedelta(days=13), end=today)


class LoadDemoFortnightTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.password_file = Path(cls.tmp.name) / ".demo-password"
        cls.out = load_demo(cls.password_file, allow_production=True, activity_scale=SCALE)
        cls.first_counts = counts()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def test_the_dashboard_of_the_last_fortnight_is_not_zeros(self):
        figures = dashboard_figures(last_fortnight())
        self.assertGreater(figures["encounters"]["total"], 0)
        self.assertGreater(figures["encounters"]["persons"], 0)
        self.assertGreater(figures["referrals"]["made"], 0)
        self.assertGreater(figures["screenings"]["screenings"], 0)
        self.assertGreater(figures["screenings"]["positive_acute"], 0)
        self.assertGreater(figures["cases"]["plans_made"], 0)
        self.assertEqual(figures["encounters"]["total"], Encounter.objects.count())

    def test_contacts_with_gps_are_counted_in_named_neighbourhoods(self):
        located = Encounter.objects.filter(latitude__isnull=False)
        self.assertEqual(located.count(), Encounter.objects.count())
        self.assertFalse(located.filter(neighbourhood="").exists())
        names = [row["name"] for row in dashboard_figures(last_fortnight())["neighbourhoods"]]
        self.assertGreaterEqual(len(names), 3)
        self.assertNotIn("", names, "no contact is 'Not recorded'")

    def test_contacts_are_spread_over_day_night_and_sources(self):
        encounters = list(Encounter.objects.all())
        hours = {timezone.localtime(e.occurred_at).hour for e in encounters}
        self.assertTrue(any(h < 7 or h >= 20 for h in hours), "some contacts at night")
        self.assertTrue(any(9 <= h < 17 for h in hours), "some contacts in the day")
        self.assertGreaterEqual(len({e.source for e in encounters}), 3)
        for e in encounters:
            self.assertEqual(bool(e.cad_incident), e.source == "dispatch", e.pk)
        since = timezone.now() - timedelta(days=14)
        self.assertFalse(Encounter.objects.filter(occurred_at__lt=since).exists())
        self.assertFalse(Encounter.objects.filter(occurred_at__gt=timezone.now()).exists())

    def test_people_are_synthetic(self):
        invented = set(aliases())
        for person in Person.objects.all():
            self.assertIn(person.alias, invented)
            self.assertIn("synthetic", person.descriptors)

    def test_running_again_changes_nothing(self):
        out = load_demo(self.password_file, allow_production=True, activity_scale=SCALE)
        self.assertEqual(counts(), self.first_counts)
        self.assertIn("0 people, 0 contacts, 0 screenings, 0 cases, 0 referrals added", out)


@override_settings(DEBUG=False)
class LoadDemoWithoutDebugTests(TestCase):
    def test_writes_no_people_with_debug_off_but_loads_the_directory(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = load_demo(Path(tmp) / ".demo-password")
        self.assertIn("DEBUG is off: no demo people", out)
        self.assertEqual(counts(), dict.fromkeys(counts(), 0))
        self.assertTrue(ServicePage.objects.exists())
