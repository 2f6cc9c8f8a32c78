"""The plan for intervention: goals in the person's words, steps with owner and due time,
a step carried out by a referral or made into a follow-up."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from cases.models import FollowUp, PlanStep, StepKind
from cases.plans import DEFAULT_DUE, common_steps
from cases.services import goal_add, plan_step_add, plan_step_complete
from referrals.services import referral_transition
from tests.factories import CaseTestData


class PlanTests(CaseTestData, TestCase):
    def test_common_step_defaults_owner_to_me_and_due_to_its_own_time(self):
        before = timezone.now()
        step = plan_step_add(user=self.responder, case=self.case, common="shelter_tonight")
        preset = common_steps()["shelter_tonight"]
        self.assertEqual(step.owner, self.responder)
        self.assertEqual(step.kind, StepKind.REFERRAL)
        self.assertEqual(step.text, preset.text)
        self.assertLess(abs(step.due_at - (before + timedelta(hours=4))), timedelta(minutes=1))

    def test_typed_step_is_due_tomorrow_unless_told(self):
        before = timezone.now()
        step = plan_step_add(user=self.responder, case=self.case, text="Call her sister")
        self.assertEqual(step.kind, StepKind.TASK)
        self.assertLess(abs(step.due_at - (before + DEFAULT_DUE)), timedelta(minutes=1))
        other = plan_step_add(
            user=self.responder,
            case=self.case,
            text="Visit",
            owner=self.responder_same_team,
            due_at=before + timedelta(days=3),
        )
        self.assertEqual(other.owner, self.responder_same_team)

    def test_follow_up_step_makes_a_case_follow_up_done_with_it(self):
        step = plan_step_add(user=self.responder, case=self.case, common="call_back_tomorrow")
        follow_up = FollowUp.objects.get(plan_step=step)
        self.assertEqual(follow_up.case, self.case)
        self.assertIsNone(follow_up.referral)
        self.assertEqual(follow_up.due_at, step.due_at)
        plan_step_complete(user=self.responder, step=step)
        follow_up.refresh_from_db()
        self.assertIsNotNone(follow_up.done_at)

    def test_referral_step_is_done_when_the_referral_arrives(self):
        step = plan_step_add(user=self.responder, case=self.case, common="shelter_tonight")
        referral = self.make_referral()
        type(referral).objects.filter(pk=referral.pk).update(plan_step=step)
        referral_transition(user=self.provider_a, referral=referral, status="accepted")
        step.refresh_from_db()
        self.assertIsNone(step.done_at)
        referral_transition(user=self.provider_a, referral=referral, status="arrived")
        step.refresh_from_db()
        self.assertIsNotNone(step.done_at)

    def test_referral_made_for_a_step_links_to_it(self):
        step = plan_step_add(user=self.responder, case=self.case, common="detox_intake")
        referral = self.make_referral(plan_step_id=step.pk)
        self.assertEqual(referral.plan_step, step)
        referral_transition(user=self.provider_a, referral=referral, status="accepted")
        referral_transition(
            user=self.responder, referral=referral, status="closed", outcome="engaged"
        )
        step.refresh_from_db()
        self.assertTrue(step.is_done)

    def test_goal_in_their_words(self):
        goal = goal_add(user=self.responder, case=self.case, text="  Sleep somewhere dry  ")
        self.assertEqual(goal.text, "Sleep somewhere dry")

    def test_two_step_plan_from_chips_in_one_post(self):
        self.client.force_login(self.responder)
        page = self.client.get(f"/outreach/cases/{self.case.pk}/")
        self.assertContains(page, 'name="common" value="shelter_tonight"')
        self.client.post(
            f"/outreach/cases/{self.case.pk}/plan/",
            {"common": ["shelter_tonight", "call_back_tomorrow"]},
        )
        steps = PlanStep.objects.filter(case=self.case)
        self.assertEqual(steps.count(), 2)
        self.assertEqual({s.owner for s in steps}, {self.responder})
        self.assertEqual(
            FollowUp.objects.filter(case=self.case, plan_step__isnull=False).count(), 1
        )

    def test_referral_step_goes_to_search_and_the_form_carries_it(self):
        step = plan_step_add(user=self.responder, case=self.case, common="shelter_tonight")
        self.client.force_login(self.responder)
        page = self.client.get(f"/outreach/cases/{self.case.pk}/")
        self.assertContains(page, f"person={self.person.pk}&amp;plan_step={step.pk}")
        form = self.client.get(
            "/outreach/referrals/new/",
            {
                "service": str(self.service_a.hsds_id),
                "person": str(self.person.pk),
                "plan_step": step.pk,
            },
        )
        self.assertContains(form, f'name="plan_step" value="{step.pk}"')

    def test_a_step_of_someone_elses_plan_is_refused(self):
        from django.core.exceptions import ValidationError

        from referrals.services.create import UNKNOWN_PLAN_STEP
        from tests.factories import PersonFactory

        step = plan_step_add(user=self.responder, case=self.case, common="shelter_tonight")
        other = PersonFactory(alias="Other", created_by_team=self.team1)
        with self.assertRaises(ValidationError) as caught:
            self.make_referral(person=other, plan_step_id=step.pk)
        self.assertIn(UNKNOWN_PLAN_STEP, caught.exception.message_dict["plan_step"])

    def test_search_result_refer_carries_the_step(self):
        import io

        from django.core.management import call_command

        step = plan_step_add(user=self.responder, case=self.case, common="shelter_tonight")
        call_command("rebuild_search_index", stdout=io.StringIO())
        self.client.force_login(self.responder)
        response = self.client.get(
            "/search/", {"q": "Night", "person": str(self.person.pk), "plan_step": step.pk}
        )
        self.assertContains(
            response,
            f"?service={self.service_a.hsds_id}&amp;person={self.person.pk}&amp;plan_step={step.pk}",
        )
