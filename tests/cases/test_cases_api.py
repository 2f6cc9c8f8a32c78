"""GET /api/cases (contracts §4.6): team scope, the documented shape, 401/403, audited."""

import uuid

from django.test import TestCase

from cases.services import plan_step_add
from staff.models import AuditEvent
from tests.factories import CaseTestData
from tests.security.test_openapi import validate


class CasesApiTests(CaseTestData, TestCase):
    def test_shape_and_audit(self):
        plan_step_add(user=self.responder, case=self.case, common="call_back_tomorrow")
        plan_step_add(user=self.responder, case=self.case, text="See the clinic")
        self.make_referral()
        self.client.force_login(self.responder)
        response = self.client.get("/api/cases", {"person": str(self.person.pk)})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        validate(body, {"$ref": "#/components/schemas/CaseList"})
        (case,) = body["results"]
        self.assertEqual(case["id"], str(self.case.pk))
        self.assertEqual(case["person"], {"id": str(self.person.pk)})
        self.assertEqual(case["status"], "open")
        self.assertEqual(case["assigned_to"], "resp1")
        self.assertIsNone(case["closed_at"])
        self.assertEqual(
            sorted(s["text"] for s in case["plan"]),
            ["Call back tomorrow to check in", "See the clinic"],
        )
        self.assertEqual({s["owner"] for s in case["plan"]}, {"resp1"})
        self.assertEqual(
            sorted(f["kind"] for f in case["follow_ups"]), ["check_outcome", "not_arrived", "other"]
        )
        self.assertFalse(any(f["done"] for f in case["follow_ups"]))
        self.assertTrue(
            AuditEvent.objects.filter(
                action="list_cases", person_id=self.person.pk, user=self.responder
            ).exists()
        )

    def test_team_scope(self):
        self.client.force_login(self.other_responder)
        body = self.client.get("/api/cases", {"person": str(self.person.pk)}).json()
        self.assertEqual(body["results"], [])
        ids = {c["id"] for c in self.client.get("/api/cases").json()["results"]}
        self.assertEqual(ids, {str(self.case2.pk)})
        self.client.force_login(self.supervisor)
        ids = {c["id"] for c in self.client.get("/api/cases").json()["results"]}
        self.assertEqual(ids, {str(self.case.pk), str(self.case2.pk)})

    def test_public_and_providers_are_refused(self):
        self.assertEqual(self.client.get("/api/cases").status_code, 401)
        for user in (self.provider_a, self.moderator):
            self.client.force_login(user)
            response = self.client.get("/api/cases", {"person": str(self.person.pk)})
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response.json()["error"]["code"], "forbidden")

    def test_bad_person_is_400_and_unknown_person_empty(self):
        self.client.force_login(self.responder)
        self.assertEqual(self.client.get("/api/cases", {"person": "nope"}).status_code, 400)
        body = self.client.get("/api/cases", {"person": str(uuid.uuid4())}).json()
        self.assertEqual(body["results"], [])
