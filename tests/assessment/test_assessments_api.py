"""POST/GET /api/assessments: idempotency on the client's id, validation, access, audit."""

import json
import uuid

from django.test import TestCase

from assessment.models import ClinicalAssessment
from staff.models import AuditEvent, Role
from tests.factories import (
    EncounterFactory,
    PersonFactory,
    TeamFactory,
    assessment_json,
    make_assessment,
    staff,
)

URL = "/api/assessments"


class AssessmentApiTestBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="North")
        cls.other_team = TeamFactory(name="South")
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.outsider = staff(Role.RESPONDER, team=cls.other_team)
        cls.supervisor = staff(Role.SUPERVISOR, team=None)
        cls.provider = staff(Role.PROVIDER)
        cls.moderator = staff(Role.MODERATOR)

    def post(self, body, user=None):
        if user is not None:
            self.client.force_login(user)
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(URL, data=data, content_type="application/json")


class AssessmentCreateTests(AssessmentApiTestBase):
    def test_first_post_201_with_the_stored_record(self):
        body = assessment_json()
        r = self.post(body, self.responder)
        self.assertEqual(r.status_code, 201, r.content)
        data = r.json()
        self.assertEqual(data["id"], body["id"])
        self.assertEqual(data["occurred_at"], "2026-11-24T02:05:00+00:00")
        self.assertEqual(data["substances"], ["opioids"])
        self.assertEqual(data["overdose_risk"], "high")
        a = ClinicalAssessment.objects.get(pk=body["id"])
        self.assertEqual((a.team, a.responder), (self.team, self.responder))
        self.assertEqual(a.strengths, "Loves his dog Rex")

    def test_retry_200_one_row_different_content_409(self):
        body = assessment_json(moods=["anxious", "tearful"])
        self.assertEqual(self.post(body, self.responder).status_code, 201)
        # The same content spelled differently (chips reordered, the time in UTC) is a retry.
        again = {
            **body,
            "occurred_at": "2026-11-24T02:05:00+00:00",
            "moods": ["tearful", "anxious"],
            "strengths": "Loves his dog Rex  ",
        }
        for _ in range(3):
            r = self.post(again)
            self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(ClinicalAssessment.objects.count(), 1)
        r = self.post({**body, "overdose_risk": "low"})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(r.json()["error"]["code"], "conflict")
        self.assertEqual(ClinicalAssessment.objects.get().overdose_risk, "high")
        self.assertEqual(AuditEvent.objects.filter(action="create_assessment").count(), 1)

    def test_same_id_from_another_team_is_409_not_a_leak(self):
        body = assessment_json()
        self.post(body, self.responder)
        r = self.post(body, self.outsider)
        self.assertEqual(r.status_code, 409)
        self.assertNotIn("laundromat", r.content.decode())

    def test_field_errors_are_400_and_store_nothing(self):
        self.client.force_login(self.responder)
        cases = {
            "id": assessment_json(id="not-a-uuid"),
            "occurred_at": assessment_json(occurred_at="2026-11-23T21:05:00"),
            "orientation": assessment_json(orientation="asleep"),
            "substances": assessment_json(substances=["tea"]),
            "person": assessment_json(person={"alias": "Ann"}),
            "encounter": assessment_json(encounter="nope"),
        }
        for field, body in cases.items():
            r = self.post(body)
            self.assertEqual(r.status_code, 400, (field, r.content))
            self.assertIn(field, r.json()["error"]["fields"], (field, r.json()))
        missing = assessment_json()
        del missing["id"], missing["occurred_at"]
        r = self.post(missing)
        self.assertEqual(set(r.json()["error"]["fields"]), {"id", "occurred_at"})
        self.assertEqual(self.post("[1, 2").status_code, 400)
        self.assertEqual(ClinicalAssessment.objects.count(), 0)

    def test_person_and_contact_of_the_team_linked_another_teams_400(self):
        person = PersonFactory(created_by_team=self.team)
        contact = EncounterFactory(team=self.team, responder=self.responder, person=person)
        r = self.post(
            assessment_json(person={"id": str(person.pk)}, encounter=str(contact.pk)),
            self.responder,
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["person"]["id"], str(person.pk))
        self.assertEqual(r.json()["encounter"], str(contact.pk))
        theirs = PersonFactory(created_by_team=self.other_team)
        r = self.post(assessment_json(person={"id": str(theirs.pk)}))
        self.assertEqual(r.json()["error"]["fields"], {"person": ["No such person."]})
        self.assertEqual(ClinicalAssessment.objects.count(), 1)

    def test_create_is_audited(self):
        body = assessment_json()
        self.post(body, self.responder)
        event = AuditEvent.objects.get(action="create_assessment")
        self.assertEqual((event.object_id, event.user), (body["id"], self.responder))


class AssessmentAccessTests(AssessmentApiTestBase):
    def test_public_401_provider_and_moderator_403(self):
        self.assertEqual(self.post(assessment_json()).status_code, 401)
        self.assertEqual(self.client.get(f"{URL}/{uuid.uuid4()}").status_code, 401)
        for user in (self.provider, self.moderator):
            self.assertEqual(self.post(assessment_json(), user).status_code, 403)
        a = make_assessment(team=self.team, responder=self.responder)
        for user in (self.provider, self.moderator):
            self.client.force_login(user)
            r = self.client.get(f"{URL}/{a.pk}")
            self.assertEqual(r.status_code, 403)
            self.assertNotIn("laundromat", r.content.decode())
        self.assertEqual(ClinicalAssessment.objects.count(), 1)

    def test_get_own_team_200_other_team_404_supervisor_200_and_audited(self):
        a = make_assessment(team=self.team, responder=self.responder)
        self.client.force_login(self.responder)
        r = self.client.get(f"{URL}/{a.pk}")
        self.assertEqual((r.status_code, r.json()["overdose_risk"]), (200, "high"))
        self.assertEqual(
            AuditEvent.objects.filter(action="view_assessment", object_id=str(a.pk)).count(), 1
        )
        self.client.force_login(self.outsider)
        missing = self.client.get(f"{URL}/{uuid.uuid4()}")
        hidden = self.client.get(f"{URL}/{a.pk}")
        self.assertEqual((hidden.status_code, missing.status_code), (404, 404))
        self.assertEqual(hidden.json(), missing.json())
        self.assertEqual(self.client.get(f"{URL}/not-a-uuid").status_code, 404)
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(f"{URL}/{a.pk}").status_code, 200)
        self.assertEqual(AuditEvent.objects.filter(action="view_assessment").count(), 2)
