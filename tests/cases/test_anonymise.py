"""The case anonymisers (the shape of outreach's registry: by person ids, and everything)."""

from django.test import TestCase

from cases.anonymise import anonymise_everything, anonymise_for_persons
from cases.models import CaseNote, FollowUp, Goal, PlanStep, SafetyPlan
from cases.services import case_note_add, goal_add, plan_step_add, safety_plan_save
from tests.factories import CaseTestData


class CaseAnonymiseTests(CaseTestData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user, case in ((cls.responder, cls.case), (cls.other_responder, cls.case2)):
            goal_add(user=user, case=case, text="Get my kids back")
            plan_step_add(user=user, case=case, text="Call Maria's sister", kind="follow_up")
            case_note_add(user=user, case=case, text="Lives in the blue van")
            safety_plan_save(user=user, case=case, data={"helpers": "Ana 860-555-0123"})
            SafetyPlan.objects.filter(case=case).update(sms_phone="+18605550123")

    def test_for_persons_only_touches_theirs_and_keeps_the_counts(self):
        counts = anonymise_for_persons([self.person.pk])
        self.assertEqual(
            counts,
            {"case_goal": 1, "case_step": 1, "case_note": 1, "safety_plan": 1, "case_follow_up": 1},
        )
        self.assertEqual(Goal.objects.get(case=self.case).text, "")
        self.assertEqual(PlanStep.objects.get(case=self.case).text, "Step")
        self.assertEqual(PlanStep.objects.get(case=self.case).kind, "follow_up")
        self.assertEqual(CaseNote.objects.get(case=self.case).text, "")
        plan = SafetyPlan.objects.get(case=self.case)
        self.assertEqual((plan.helpers, plan.sms_phone), ("", ""))
        self.assertEqual(FollowUp.objects.get(case=self.case).label, "Follow-up")
        self.assertEqual(Goal.objects.get(case=self.case2).text, "Get my kids back")

    def test_everything(self):
        counts = anonymise_everything()
        self.assertEqual(counts["case_note"], 2)
        self.assertFalse(CaseNote.objects.exclude(text="").exists())
        self.assertFalse(SafetyPlan.objects.exclude(sms_phone="").exists())
