"""manage.py seed_demo_referrals: synthetic referrals on top of the demo, then the loop measures."""

import io

from django.core.management import call_command
from django.test import TestCase

from referrals.models import Referral
from tests.factories import ReferralTestData


class SeedDemoReferralsTests(ReferralTestData, TestCase):
    def test_seed_demo_referrals_is_idempotent_and_reports(self):
        out = io.StringIO()
        call_command("seed_demo_referrals", referrals=30, allow_production=True, stdout=out)
        self.assertIn("Created 30 demo referrals", out.getvalue())
        self.assertIn("Answer rate (answered ÷ live):", out.getvalue())
        self.assertNotIn("losed-loop", out.getvalue())
        self.assertIn("Median sent → arrived:", out.getvalue())
        count = Referral.objects.count()
        out = io.StringIO()
        call_command("seed_demo_referrals", referrals=30, allow_production=True, stdout=out)
        self.assertIn("Created 0 demo referrals", out.getvalue())
        self.assertEqual(Referral.objects.count(), count)
        # Every seeded history is a legal walk through the lifecycle.
        for r in Referral.objects.prefetch_related("events"):
            steps = [e.to_status for e in r.events.all()]
            for before, after in zip(steps, steps[1:]):
                self.assertIn(after, Referral.TRANSITIONS[before])
