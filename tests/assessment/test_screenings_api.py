"""POST/GET /api/screenings (contracts §4.5): scoring, idempotency, validation, access, audit."""

import json
import uuid

from django.test import TestCase

from assessment.models import Screening
from outreach.models import Person
from outreach.services import person_id_for_encounter
from staff.models import AuditEvent, Role
from tests.factories import (
    ACUTE,
    NEGATIVE,
    NON_ACUTE,
    EncounterFactory,
    PersonFactory,
    TeamFactory,
    make_screening,
    screening_json,
    staff,
)

URL = "/api/screenings"


class ScreeningApiTestBase(TestCase):
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


class ScreeningCreateTests(ScreeningApiTestBase):
    def test_negative_screen_201_with_result_and_version(self):
        body = screening_json()
        r = self.post(body, self.responder)
        self.assertEqual(r.status_code, 201, r.content)
        data = r.json()
        self.assertEqual(data["id"], body["id"])
        self.assertEqual(data["result"], "negative")
        self.assertEqual(data["instrument"], "asq")
        self.assertEqual(data["instrument_version"], "nimh-asq-2020")
        self.assertEqual(data["answers"], NEGATIVE)
        s = Screening.objects.get(pk=body["id"])
        self.assertEqual((s.team, s.responder), (self.team, self.responder))
        self.assertEqual((s.instrument_code, s.instrument_version), ("asq", "nimh-asq-2020"))

    def test_positive_and_acute_results(self):
        self.client.force_login(self.responder)
        for answers, expected in (
            (NON_ACUTE, "positive_non_acute"),
            (ACUTE, "positive_acute"),
            (
                {"q1": "refused", "q2": "no", "q3": "no", "q4": "no", "q5": "no"},
                "positive_non_acute",
            ),
            ({"q1": "no", "q2": "no", "q3": "no", "q4": "yes", "q5": "refused"}, "positive_acute"),
        ):
            r = self.post(screening_json(answers=answers))
            self.assertEqual((r.status_code, r.json()["result"]), (201, expected), answers)

    def test_repeat_same_content_200_one_row_different_content_409(self):
        body = screening_json(answers=NON_ACUTE, actions=["stayed_with_person"])
        self.assertEqual(self.post(body, self.responder).status_code, 201)
        # The same content spelled differently (actions reordered, same time in UTC) is a retry.
        again = {
            **body,
            "occurred_at": "2026-11-24T02:05:00+00:00",
            "actions": ["stayed_with_person"],
        }
        r = self.post(again)
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(Screening.objects.count(), 1)
        r = self.post({**body, "answers": ACUTE})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(r.json()["error"]["code"], "conflict")
        self.assertEqual(Screening.objects.get().result, "positive_non_acute")

    def test_same_id_from_another_team_is_409_not_a_leak(self):
        body = screening_json()
        self.post(body, self.responder)
        r = self.post(body, self.outsider)
        self.assertEqual(r.status_code, 409)
        self.assertNotIn("North", r.content.decode())

    def test_field_errors_are_400_and_store_nothing(self):
        self.client.force_login(self.responder)
        cases = {
            "id": screening_json(id="not-a-uuid"),
            "occurred_at": screening_json(occurred_at="2026-11-23T21:05:00"),
            "answers.q5": screening_json(answers={**NEGATIVE, "q1": "yes"}),
            "answers.q1": screening_json(answers={**NEGATIVE, "q1": "maybe"}),
            "instrument": screening_json(instrument="phq9"),
            "person": screening_json(person={"name": "Ann"}),
            "actions": screening_json(actions=["hugged"]),
        }
        for field, body in cases.items():
            r = self.post(body)
            self.assertEqual(r.status_code, 400, (field, r.content))
            self.assertIn(field, r.json()["error"]["fields"], (field, r.json()))
        r = self.post(screening_json(answers={**NEGATIVE, "q5": "no"}))
        self.assertIn("answers.q5", r.json()["error"]["fields"])
        self.assertEqual(self.post("[1, 2").status_code, 400)
        self.assertEqual(Screening.objects.count(), 0)

    def test_person_by_id_by_alias_and_from_the_contact(self):
        person = PersonFactory(created_by_team=self.team)
        self.client.force_login(self.responder)
        r = self.post(screening_json(person={"id": str(person.pk)}))
        self.assertEqual(r.json()["person"]["id"], str(person.pk))
        body = screening_json(person={"alias": "Blue Jacket"})
        r = self.post(body)
        self.assertEqual(r.status_code, 201)
        self.assertEqual(
            r.json()["person"]["id"], str(person_id_for_encounter(uuid.UUID(body["id"])))
        )
        self.assertEqual(self.post(body).status_code, 200)
        self.assertEqual(Person.objects.filter(alias="Blue Jacket").count(), 1)
        encounter = EncounterFactory(team=self.team, responder=self.responder)
        r = self.post(screening_json(encounter=str(encounter.pk)))
        self.assertEqual(r.json()["encounter"], str(encounter.pk))
        self.assertEqual(r.json()["person"]["id"], str(encounter.person_id))

    def test_another_teams_person_or_contact_is_400_as_if_missing(self):
        theirs = PersonFactory(created_by_team=self.other_team)
        their_contact = EncounterFactory(team=self.other_team)
        self.client.force_login(self.responder)
        r = self.post(screening_json(person={"id": str(theirs.pk)}))
        self.assertEqual(r.json()["error"]["fields"], {"person": ["No such person."]})
        r = self.post(screening_json(encounter=str(their_contact.pk)))
        self.assertEqual(r.json()["error"]["fields"], {"encounter": ["No such contact."]})
        self.assertEqual(Screening.objects.count(), 0)

    def test_create_is_audited(self):
        body = screening_json(answers=ACUTE)
        self.post(body, self.responder)
        event = AuditEvent.objects.get(action="create_screening")
        self.assertEqual(event.object_id, body["id"])
        self.assertEqual(event.detail, "asq nimh-asq-2020")


class ScreeningAccessTests(ScreeningApiTestBase):
    def test_public_401_provider_and_moderator_403(self):
        self.assertEqual(self.post(screening_json()).status_code, 401)
        self.assertEqual(self.client.get(f"{URL}/{uuid.uuid4()}").status_code, 401)
        for user in (self.provider, self.moderator):
            self.assertEqual(self.post(screening_json(), user).status_code, 403)
        s = make_screening(team=self.team, responder=self.responder)
        for user in (self.provider, self.moderator):
            self.client.force_login(user)
            r = self.client.get(f"{URL}/{s.pk}")
            self.assertEqual(r.status_code, 403)
            self.assertNotIn("asq", r.content.decode())
        self.assertEqual(Screening.objects.count(), 1)

    def test_get_own_team_200_other_team_404_supervisor_200_and_audited(self):
        s = make_screening(
            team=self.team, responder=self.responder, answers=ACUTE, result="positive_acute"
        )
        self.client.force_login(self.responder)
        r = self.client.get(f"{URL}/{s.pk}")
        self.assertEqual((r.status_code, r.json()["result"]), (200, "positive_acute"))
        self.assertEqual(
            AuditEvent.objects.filter(action="view_screening", object_id=str(s.pk)).count(), 1
        )
        self.client.force_login(self.outsider)
        missing = self.client.get(f"{URL}/{uuid.uuid4()}")
        hidden = self.client.get(f"{URL}/{s.pk}")
        self.assertEqual((hidden.status_code, missing.status_code), (404, 404))
        self.assertEqual(hidden.json(), missing.json())
        self.assertEqual(self.client.get(f"{URL}/not-a-uuid").status_code, 404)
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(f"{URL}/{s.pk}").status_code, 200)
        self.assertEqual(AuditEvent.objects.filter(action="view_screening").count(), 2)
