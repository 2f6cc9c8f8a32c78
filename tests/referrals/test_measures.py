import io

from django.core.management import call_command
from django.test import TestCase

from referrals.models import Referral
from referrals.selectors import referral_metrics
from referrals.services import referral_transition
from tests.factories import ReferralTestData


class ReferralMetricsTests(ReferralTestData, TestCase):
    def test_answer_rate_and_median(self):
        a, b, c, d = (self.make_referral() for _ in range(4))
        cancelled = self.make_referral()
        logged = self.make_referral(mode="logged")
        for r in (a, b):
            referral_transition(user=self.provider_a, referral=r.pk, status="accepted")
            referral_transition(user=self.provider_a, referral=r.pk, status="arrived")
        referral_transition(user=self.provider_a, referral=c.pk, status="declined", reason="full")
        referral_transition(user=self.responder, referral=cancelled.pk, status="cancelled")
        referral_transition(user=self.responder, referral=logged.pk, status="arrived")
        m = referral_metrics()
        self.assertEqual(
            (m.live, m.answered), (4, 3)
        )  # d is still open; cancelled and logged don't count
        self.assertAlmostEqual(m.answer_rate, 0.75)
        self.assertFalse(
            hasattr(m, "closed_loop_rate"), "one name per rate: closed-loop is the dashboard's"
        )
        self.assertEqual(m.arrived, 2)
        self.assertGreaterEqual(m.median_sent_to_arrived_hours, 0)

    def test_bench_command_runs_and_rolls_back(self):
        before = Referral.objects.count()
        out = io.StringIO()
        call_command("bench_referral_inbox", count=200, repeat=2, stdout=out)
        self.assertIn("inbox page (open): median", out.getvalue())
        self.assertEqual(Referral.objects.count(), before)


class ReferralAnonymiseTests(ReferralTestData, TestCase):
    def test_anonymise_blanks_personal_text(self):
        r = self.make_referral(contact_phone="+18605550199", notes="lives with sister")
        call_command("anonymise_referrals", confirmed=True, stdout=io.StringIO())
        r.refresh_from_db()
        self.assertEqual((r.notes, r.contact_phone), ("", ""))
        self.assertEqual(r.consent.scope, "")
        self.assertEqual(r.status, "sent")
