"""Cases are for the team that works them: other teams by id, providers, the public and the
exports never see a case, its notes or its plan; every staff read is audited."""

from django.test import TestCase

from cases.services import case_note_add, plan_step_add, safety_plan_save
from staff.models import AuditEvent
from tests.factories import CaseTestData

SECRET_NOTE = "Sleeps behind the bakery on Park St"
SECRET_STEP = "Ask about the court date"


class CaseBreakInTests(CaseTestData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case_note_add(user=cls.responder, case=cls.case, text=SECRET_NOTE)
        plan_step_add(user=cls.responder, case=cls.case, text=SECRET_STEP)
        safety_plan_save(user=cls.responder, case=cls.case, data={"warning_signs": "x"})

    def pages(self):
        c = self.case.pk
        return [
            f"/outreach/cases/{c}/",
            f"/outreach/cases/{c}/safety-plan/",
            f"/outreach/cases/{c}/safety-plan/edit/",
        ]

    def test_other_team_gets_404_as_if_it_did_not_exist(self):
        self.client.force_login(self.other_responder)
        for url in self.pages():
            self.assertEqual(self.client.get(url).status_code, 404, url)
        for url in ("plan/", "notes/", "status/", "safety-plan/consent/"):
            response = self.client.post(
                f"/outreach/cases/{self.case.pk}/{url}",
                {"text": "x", "common": ["food"], "status": "active", "phone": "1", "agreed": "on"},
            )
            self.assertEqual(response.status_code, 404, url)
        self.assertNotContains(self.client.get("/outreach/cases/?team=1"), SECRET_STEP)

    def test_providers_and_moderators_get_403_and_the_public_the_login(self):
        for user in (self.provider_a, self.moderator):
            self.client.force_login(user)
            for url in [*self.pages(), "/outreach/cases/"]:
                self.assertEqual(self.client.get(url).status_code, 403, url)
        self.client.logout()
        for url in self.pages():
            self.assertEqual(self.client.get(url).status_code, 302, url)

    def test_referral_pages_never_show_notes_or_plan_to_a_provider(self):
        referral = self.make_referral()
        self.client.force_login(self.provider_a)
        for url in (
            f"/provider/referrals/{referral.pk}/",
            "/provider/referrals/",
            f"/api/referrals/{referral.pk}",
        ):
            response = self.client.get(url)
            self.assertNotContains(response, SECRET_NOTE, status_code=response.status_code)
            self.assertNotContains(response, SECRET_STEP, status_code=response.status_code)

    def test_exports_hold_no_note_or_step(self):
        self.client.force_login(self.supervisor)
        for url in (
            "/outreach/dashboard/figures.csv",
            "/outreach/dashboard/hmis.csv",
            "/outreach/dashboard/encounters-deidentified.csv",
        ):
            response = self.client.get(url)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            self.assertNotIn(SECRET_NOTE.encode(), content, url)
            self.assertNotIn(SECRET_STEP.encode(), content, url)

    def test_every_read_is_audited(self):
        self.client.force_login(self.responder)
        self.client.get(f"/outreach/cases/{self.case.pk}/")
        actions = set(
            AuditEvent.objects.filter(user=self.responder, person_id=self.person.pk).values_list(
                "action", flat=True
            )
        )
        self.assertLessEqual({"view_case", "view_case_plan", "view_case_notes"}, actions)
        self.client.get(f"/outreach/cases/{self.case.pk}/safety-plan/")
        self.assertTrue(
            AuditEvent.objects.filter(
                action="view_case_safety_plan", person_id=self.person.pk
            ).exists()
        )

    def test_person_card_shows_the_case_and_plan_to_the_team_only(self):
        self.client.force_login(self.responder)
        response = self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertContains(response, SECRET_STEP)
        self.assertContains(response, f"/outreach/cases/{self.case.pk}/")
        self.client.force_login(self.supervisor)
        self.assertContains(self.client.get(f"/outreach/people/{self.person.pk}/"), SECRET_STEP)
        # Team 2 may see the person once it meets them, never team 1's case.
        from tests.factories import EncounterFactory

        EncounterFactory(person=self.person, team=self.team2, responder=self.other_responder)
        self.client.force_login(self.other_responder)
        response = self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, SECRET_STEP)
