"""Every staff screen, seen by a responder, a supervisor and a provider who chose Spanish (the
language cookie the site's language links set), shows no English."""

import datetime as dt

from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from cases.models import SafetyPlan
from cases.services import plan_step_add
from tests.factories import CaseTestData, PersonFactory
from tests.factories.assessment import ACUTE, make_assessment, make_screening
from tests.factories.reporting import build_fortnight

from .english import english_in


class StaffPagesInSpanishTests(CaseTestData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        plan_step_add(
            user=cls.responder,
            case=cls.case,
            common="shelter_tonight",
            due_at=timezone.now() - dt.timedelta(hours=1),
        )
        SafetyPlan.objects.create(case=cls.case, updated_by=cls.responder)
        cls.screening = make_screening(
            team=cls.team1,
            responder=cls.responder,
            person=cls.person,
            answers=ACUTE,
            result="positive_acute",
        )
        cls.assessment = make_assessment(team=cls.team1, responder=cls.responder, person=cls.person)
        cls.referral = cls.make_referral(cls)
        cls.other = PersonFactory(alias="Other", created_by_team=cls.team1)
        build_fortnight()

    def spanish_page(self, user, url):
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response.headers["Content-Language"], "es", url)
        return response.content.decode()

    def assertSpanish(self, user, urls):
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(english_in(self.spanish_page(user, url)), [], url)

    def test_responder_screens(self):
        person = f"/outreach/people/{self.person.pk}/"
        self.assertSpanish(
            self.responder,
            [
                "/outreach/",
                "/outreach/people/",
                person,
                person + "edit/",
                person + "merge/",
                f"/outreach/encounters/{self.encounter.pk}/",
                "/outreach/today/",
                "/outreach/directory/",
                "/outreach/referrals/open/",
                f"/outreach/referrals/new/?person={self.person.pk}&service={self.service_a.hsds_id}",
                f"/outreach/referrals/{self.referral.pk}/",
                f"/outreach/referrals/{self.referral.pk}/slip/",
                "/outreach/cases/",
                f"/outreach/cases/{self.case.pk}/",
                f"/outreach/cases/{self.case.pk}/safety-plan/",
                f"/outreach/screenings/new/?person={self.person.pk}",
                f"/outreach/screenings/{self.screening.pk}/",
                f"/outreach/assessments/new/?person={self.person.pk}",
                f"/outreach/assessments/{self.assessment.pk}/",
                "/account/sign-out/",
            ],
        )

    def test_supervisor_screens(self):
        self.assertSpanish(
            self.supervisor,
            [
                "/outreach/dashboard/?start=2025-11-03&end=2025-11-16",
                "/outreach/cases/?team=1",
                "/account/audit/",
                f"/outreach/people/{self.person.pk}/",
            ],
        )

    def test_provider_screens(self):
        self.assertSpanish(
            self.provider_a,
            ["/provider/referrals/", f"/provider/referrals/{self.referral.pk}/"],
        )

    def test_signed_out_and_second_factor_screens(self):
        with self.settings(WAYPOINT_REQUIRE_2FA=True):
            self.assertSpanish(self.responder, ["/account/2fa/setup/"])
        self.client.logout()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        for url in ["/admin/login/", "/account/signed-out/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertEqual(english_in(response.content.decode()), [], url)
