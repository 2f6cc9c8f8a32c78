"""A team lead gives a case to a named teammate from the case page; nobody off the team can take
it, and another team's case answers as if it did not exist."""

from django.test import TestCase

from cases.models import Case, PlanStep
from cases.services import plan_step_add
from staff.models import AuditEvent
from tests.factories import CaseTestData


class AssignPageTests(CaseTestData, TestCase):
    def url(self, case=None):
        return f"/outreach/cases/{(case or self.case).pk}/assign/"

    def test_the_case_page_offers_the_team_and_not_the_current_worker(self):
        self.client.force_login(self.responder)
        response = self.client.get(f"/outreach/cases/{self.case.pk}/")
        choices = [u.get_username() for u in response.context["assign_form"].members.values()]
        self.assertEqual(choices, [self.responder_same_team.get_username()])
        self.assertNotIn(self.other_responder.get_username(), choices)

    def test_assigning_moves_the_case_and_its_open_steps(self):
        step = plan_step_add(user=self.responder, case=self.case, text="Call the clinic")
        self.client.force_login(self.responder)
        response = self.client.post(
            self.url(), {"assignee": self.responder_same_team.pk}, follow=True
        )
        self.assertContains(response, f"Case given to {self.responder_same_team.get_username()}")
        self.assertEqual(Case.objects.get(pk=self.case.pk).assigned_to, self.responder_same_team)
        self.assertEqual(PlanStep.objects.get(pk=step.pk).owner, self.responder_same_team)
        self.assertTrue(AuditEvent.objects.filter(action="case_assign").exists())

    def test_someone_off_the_team_is_refused_and_nothing_changes(self):
        self.client.force_login(self.responder)
        for bad in (self.other_responder.pk, self.provider_a.pk, 999999, "x", ""):
            response = self.client.post(self.url(), {"assignee": bad}, follow=True)
            self.assertContains(response, "Pick someone on your team.")
        self.assertEqual(Case.objects.get(pk=self.case.pk).assigned_to, self.responder)
        self.assertFalse(AuditEvent.objects.filter(action="case_assign").exists())

    def test_other_team_provider_and_public_cannot_reach_it(self):
        self.client.force_login(self.other_responder)
        response = self.client.post(self.url(), {"assignee": self.other_responder.pk})
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.provider_a)
        response = self.client.post(self.url(), {"assignee": self.responder_same_team.pk})
        self.assertEqual(response.status_code, 403)
        self.client.logout()
        response = self.client.post(self.url(), {"assignee": self.responder_same_team.pk})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.get(pk=self.case.pk).assigned_to, self.responder)
