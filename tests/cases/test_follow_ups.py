"""Every follow-up belongs to a case: a referral's go to the person's case (opened if need be),
a plan's own are done on the case page, and the reminder command covers both."""

import io

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from cases.models import Case, FollowUp
from cases.services import followup_complete, plan_step_add
from tests.factories import CaseTestData, PersonFactory


class CaseFollowUpTests(CaseTestData, TestCase):
    def test_referral_follow_ups_belong_to_the_persons_open_case(self):
        referral = self.make_referral()
        self.assertEqual(
            set(FollowUp.objects.filter(referral=referral).values_list("case", flat=True)),
            {self.case.pk},
        )

    def test_a_referral_for_someone_without_a_case_opens_one(self):
        newcomer = PersonFactory(alias="Kit", created_by_team=self.team1)
        referral = self.make_referral(person=newcomer)
        case = Case.objects.get(person=newcomer)
        self.assertEqual(
            (case.status, case.team, case.assigned_to), ("active", self.team1, self.responder)
        )
        self.assertEqual(FollowUp.objects.filter(referral=referral, case=case).count(), 2)

    def test_done_from_the_case_page_marks_its_step_done(self):
        step = plan_step_add(user=self.responder, case=self.case, common="check_in_3_days")
        follow_up = FollowUp.objects.get(plan_step=step)
        self.client.force_login(self.responder)
        self.client.post(f"/outreach/cases/follow-ups/{follow_up.pk}/done/")
        step.refresh_from_db()
        follow_up.refresh_from_db()
        self.assertIsNotNone(follow_up.done_at)
        self.assertTrue(step.is_done)

    def test_other_team_cannot_complete_it(self):
        step = plan_step_add(user=self.responder, case=self.case, common="check_in_3_days")
        follow_up = FollowUp.objects.get(plan_step=step)
        self.client.force_login(self.other_responder)
        response = self.client.post(f"/outreach/cases/follow-ups/{follow_up.pk}/done/")
        self.assertEqual(response.status_code, 404)
        follow_up.refresh_from_db()
        self.assertIsNone(follow_up.done_at)
        with self.assertRaises(PermissionDenied):
            followup_complete(user=self.provider_a, follow_up=follow_up)

    def test_reminder_command_covers_plan_follow_ups(self):
        self.responder.email = "resp1@example.org"
        self.responder.save()
        plan_step_add(
            user=self.responder,
            case=self.case,
            text="Ring the day centre",
            kind="follow_up",
            due_at=timezone.now() - timezone.timedelta(minutes=5),
        )
        call_command("send_follow_up_reminders", stdout=io.StringIO())
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("resp1@example.org", mail.outbox[0].to)

    def test_plan_follow_ups_show_on_today_and_open_the_case(self):
        plan_step_add(
            user=self.responder,
            case=self.case,
            text="Ring the day centre",
            kind="follow_up",
            due_at=timezone.now() - timezone.timedelta(minutes=5),
        )
        self.client.force_login(self.responder)
        response = self.client.get("/outreach/today/")
        self.assertContains(response, f'href="/outreach/cases/{self.case.pk}/">Ring the day centre')
        self.assertContains(response, 'action="/outreach/cases/follow-ups/')
