"""The caseload per worker and per team: overdue first, person named, one tap to call or open,
a query count that does not grow with the cases; hand-over at shift change."""

from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, FollowUp, PlanStep, SafetyPlan
from cases.selectors import caseload_list
from cases.services import case_handover, case_open, plan_step_add
from cases.services.errors import NOBODY_ON_DUTY
from referrals.services import shift_create
from tests.factories import CaseTestData, PersonFactory


class CaseloadTests(CaseTestData, TestCase):
    def add_cases(self, n, *, start=0, user=None):
        user = user or self.responder
        for i in range(start, start + n):
            person = PersonFactory(alias=f"Person {i}", created_by_team=self.team1)
            case, _ = case_open(user=user, person_id=person.pk)
            plan_step_add(
                user=user,
                case=case,
                text=f"Step {i}",
                due_at=timezone.now() + timedelta(hours=i + 1),
            )
            SafetyPlan.objects.create(case=case, updated_by=user, sms_phone="+18605550100")

    def test_overdue_first_then_soonest(self):
        now = timezone.now()
        plan_step_add(
            user=self.responder, case=self.case, text="late", due_at=now - timedelta(hours=2)
        )
        later = PersonFactory(alias="Later", created_by_team=self.team1)
        later_case, _ = case_open(user=self.responder, person_id=later.pk)
        plan_step_add(
            user=self.responder, case=later_case, text="soon", due_at=now + timedelta(hours=1)
        )
        nothing = PersonFactory(alias="Nothing due", created_by_team=self.team1)
        nothing_case, _ = case_open(user=self.responder, person_id=nothing.pk)
        rows = caseload_list(user=self.responder)
        self.assertEqual([r.case for r in rows], [self.case, later_case, nothing_case])
        self.assertEqual([r.overdue for r in rows], [True, False, False])

    def test_mine_and_my_team(self):
        other, _ = case_open(
            user=self.responder_same_team,
            person_id=PersonFactory(created_by_team=self.team1).pk,
        )
        mine = {r.case for r in caseload_list(user=self.responder)}
        team = {r.case for r in caseload_list(user=self.responder, team_wide=True)}
        self.assertEqual(mine, {self.case})
        self.assertEqual(team, {self.case, other})
        self.assertNotIn(self.case2, team)

    def test_page_names_the_person_with_call_and_open(self):
        self.add_cases(1)
        self.client.force_login(self.responder)
        response = self.client.get("/outreach/cases/")
        self.assertContains(response, "Person 0")
        self.assertContains(response, 'href="tel:+18605550100"')
        self.assertContains(response, f'href="/outreach/cases/{self.case.pk}/"')
        self.assertNotContains(response, "Robin")  # team 2's person

    def test_query_count_constant_in_the_number_of_cases(self):
        self.client.force_login(self.responder)
        self.add_cases(3)
        with CaptureQueriesContext(connection) as three:
            self.assertEqual(self.client.get("/outreach/cases/").status_code, 200)
        self.add_cases(27, start=3)
        self.assertEqual(Case.objects.filter(assigned_to=self.responder).count(), 31)
        with CaptureQueriesContext(connection) as thirty:
            response = self.client.get("/outreach/cases/")
        self.assertContains(response, "Person 29")
        self.assertEqual(len(three), len(thirty))

    def test_hand_over_at_shift_change_to_the_worker_on_duty(self):
        now = timezone.now()
        step = plan_step_add(user=self.responder, case=self.case, common="call_back_tomorrow")
        shift_create(
            team=self.team1,
            user=self.responder_same_team,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=8),
        )
        self.client.force_login(self.responder)
        response = self.client.post("/outreach/cases/handover/", follow=True)
        self.assertContains(response, "handed over to resp1b")
        self.case.refresh_from_db()
        self.assertEqual(self.case.assigned_to, self.responder_same_team)
        self.assertEqual(PlanStep.objects.get(pk=step.pk).owner, self.responder_same_team)
        self.assertEqual(FollowUp.objects.get(plan_step=step).owner, self.responder_same_team)
        self.case2.refresh_from_db()
        self.assertEqual(self.case2.assigned_to, self.other_responder)

    def test_no_hand_over_without_someone_on_duty(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            case_handover(user=self.responder)
        self.assertIn(NOBODY_ON_DUTY, caught.exception.messages)

    def test_hand_over_refusal_is_said_in_the_workers_language(self):
        from django.conf import settings

        self.client.force_login(self.responder)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        response = self.client.post("/outreach/cases/handover/", follow=True)
        self.assertContains(response, "Nadie más del equipo está de turno ahora")
        self.assertContains(response, "Mis casos")
