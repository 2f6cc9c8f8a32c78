"""The safety plan: six sections, 988 and the local crisis lines filled in, printable without
JavaScript, and texted to the person only once their agreement is recorded."""

from django.test import TestCase

from cases.models import SafetyPlan
from cases.services import safety_plan_save
from directory.models import ServiceClassification
from tests.factories import CaseTestData, OrganizationPageFactory, PhoneFactory, ServicePageFactory


class SafetyPlanTests(CaseTestData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        org = OrganizationPageFactory(title="Crisis Org")
        line = ServicePageFactory(parent=org, title="Hartford Warmline")
        ServiceClassification.objects.get_or_create(
            service=line, kind="category", code="crisis-line", defaults={"source": "name"}
        )
        PhoneFactory(service=line, number="860-555-0988")

    def edit_url(self):
        return f"/outreach/cases/{self.case.pk}/safety-plan/edit/"

    def test_new_plan_starts_with_988_and_local_lines(self):
        self.client.force_login(self.responder)
        response = self.client.get(self.edit_url())
        self.assertContains(response, "988 Suicide &amp; Crisis Lifeline")
        self.assertContains(response, "Hartford Warmline: (860) 555-0988")
        for label in (
            "Warning signs",
            "Things I can do on my own",
            "People and places that help distract me",
            "People I can ask for help",
            "Professionals and crisis lines",
            "Making my surroundings safer",
        ):
            self.assertContains(response, label)

    def test_saved_then_printable_without_js_and_no_text_link_without_agreement(self):
        self.client.force_login(self.responder)
        self.client.post(
            self.edit_url(),
            {"warning_signs": "Not sleeping", "helpers": "My sister Ana", "professionals": "988"},
        )
        plan = SafetyPlan.objects.get(case=self.case)
        self.assertEqual(plan.warning_signs, "Not sleeping")
        response = self.client.get(f"/outreach/cases/{self.case.pk}/safety-plan/")
        self.assertContains(response, "Not sleeping")
        self.assertContains(response, 'class="print-button" hidden')
        self.assertContains(response, "js/print.js")
        self.assertContains(response, 'class="no-print"')
        self.assertNotContains(response, "sms:")

    def test_text_link_only_after_recorded_agreement(self):
        safety_plan_save(
            user=self.responder, case=self.case, data={"warning_signs": "Not sleeping"}
        )
        self.client.force_login(self.responder)
        url = f"/outreach/cases/{self.case.pk}/safety-plan/"
        # A number without the tick is not an agreement.
        self.client.post(url + "consent/", {"phone": "+18605550199"})
        self.assertNotContains(self.client.get(url), "sms:")
        self.client.post(url + "consent/", {"phone": "+18605550199", "agreed": "on"})
        plan = SafetyPlan.objects.get(case=self.case)
        self.assertEqual(plan.sms_consent_by, self.responder)
        self.assertIsNotNone(plan.sms_consent_at)
        response = self.client.get(url)
        self.assertContains(response, 'href="sms:+18605550199?&amp;body=My%20safety%20plan')
        self.assertContains(response, "Not%20sleeping")


class SafetyPlanSpanishTests(TestCase):
    def test_sections_and_common_steps_are_in_spanish(self):
        from django.utils import translation

        from cases.plans import common_steps

        with translation.override("es"):
            labels = [str(label) for label, _text in SafetyPlan(updated_by_id=1).sections()]
            self.assertEqual(labels[3], "Personas a las que puedo pedir ayuda")
            self.assertEqual(common_steps()["food"].label, "Conseguir comida hoy")
