"""The two referral rates, side by side on the same referrals, under their two names:
the dashboard's closed-loop rate (arrived ÷ made) and the referral measures' answer rate
(answered ÷ live). One name each, in the page, the CSV and the command output."""

import csv
import io

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from referrals.selectors import ANSWER_RATE_LABEL, referral_metrics
from referrals.services import referral_transition
from staff.models import Role
from tests.factories import ReferralTestData, staff


class TwoRatesTests(ReferralTestData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.arrived = cls.make_referral(cls)
        cls.declined = cls.make_referral(cls)
        cls.open = cls.make_referral(cls)
        cls.logged = cls.make_referral(cls, mode="logged")
        referral_transition(user=cls.provider_a, referral=cls.arrived.pk, status="accepted")
        referral_transition(user=cls.provider_a, referral=cls.arrived.pk, status="arrived")
        referral_transition(
            user=cls.provider_a, referral=cls.declined.pk, status="declined", reason="not eligible"
        )
        referral_transition(user=cls.responder, referral=cls.logged.pk, status="arrived")
        cls.dash_supervisor = staff(Role.SUPERVISOR, team=None, username="dash")

    def dashboard(self, suffix=""):
        self.client.force_login(self.dash_supervisor)
        today = timezone.localdate().isoformat()
        return self.client.get(f"/outreach/dashboard/{suffix}?start={today}&end={today}")

    def test_same_referrals_two_different_numbers(self):
        m = referral_metrics()
        self.assertEqual((m.answered, m.live), (2, 3))  # arrived + declined, of the three live ones
        page = self.dashboard()
        f = page.context["f"]["referrals"]
        self.assertEqual(
            (f["arrived"], f["made"]), (2, 4)
        )  # arrived (live and logged), of all four made
        self.assertEqual(f["closed_loop_rate"], 0.5)
        self.assertNotEqual(round(m.answer_rate, 3), f["closed_loop_rate"])

    def test_each_rate_has_one_name_where_people_read_it(self):
        html = self.dashboard().content.decode()
        self.assertIn("Closed-loop rate (arrived ÷ made)", html)
        self.assertIn("<dd>50%</dd>", html)
        self.assertNotIn("Closed-loop rate (arrived / made)", html)
        self.assertIn("Not the answer rate (answered ÷ live)", html)  # the note under it
        response = self.dashboard("figures.csv")
        rows = list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")))
        )
        names = [r[1] for r in rows if r and r[0] == "referrals"]
        self.assertIn("closed_loop_rate", names)
        self.assertFalse([n for n in names if "answer" in n])
        out = io.StringIO()
        call_command("seed_demo_referrals", referrals=0, allow_production=True, stdout=out)
        self.assertIn(f"{ANSWER_RATE_LABEL}: 66.7% (2 of 3 live, not cancelled)", out.getvalue())
        self.assertNotIn("losed-loop", out.getvalue())
