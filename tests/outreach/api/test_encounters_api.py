"""POST/GET /api/encounters (contracts §4.3): shapes, idempotency, validation, access."""

import datetime as dt
import json
import uuid

from django.test import TestCase

from outreach.models import Encounter, Person
from outreach.services import person_id_for_encounter
from staff.models import AuditEvent, Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, encounter_json, staff

URL = "/api/encounters"


class EncounterApiTestBase(TestCase):
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


class EncounterCreateTests(EncounterApiTestBase):
    def test_first_post_creates_201_with_stored_record(self):
        body = encounter_json()
        r = self.post(body, self.responder)
        self.assertEqual(r.status_code, 201, r.content)
        data = r.json()
        self.assertEqual(data["id"], body["id"])
        self.assertEqual(data["source"], "outreach")
        self.assertEqual(data["disposition"], "referred")
        self.assertEqual(sorted(data["needs"]), ["food", "housing"])
        self.assertEqual(data["location_text"], "behind the library")
        self.assertAlmostEqual(data["lat"], 41.7637)
        self.assertIsNone(data["person"])
        self.assertEqual(data["living_situation"], "99")
        self.assertEqual(data["danger_to_self"], "unknown")
        e = Encounter.objects.get(pk=body["id"])
        self.assertEqual(e.team, self.team)
        self.assertEqual(e.responder, self.responder)

    def test_repeat_with_same_content_is_200_and_one_record(self):
        body = encounter_json()
        first = self.post(body, self.responder)
        again = self.post(body, self.responder)
        self.assertEqual(first.status_code, 201)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(first.json(), again.json())
        self.assertEqual(Encounter.objects.filter(pk=body["id"]).count(), 1)

    def test_repeat_spelled_differently_is_still_the_same(self):
        body = encounter_json(needs=["food", "housing"], occurred_at="2026-11-23T21:05:00-05:00")
        self.post(body, self.responder)
        same = dict(
            body,
            needs=["housing", "food", "food"],
            occurred_at="2026-11-24T02:05:00+00:00",
            living_situation="99",
        )
        self.assertEqual(self.post(same).status_code, 200)

    def test_repeat_with_different_content_is_409_and_changes_nothing(self):
        body = encounter_json()
        self.post(body, self.responder)
        r = self.post(dict(body, disposition="declined"))
        self.assertEqual(r.status_code, 409)
        self.assertEqual(r.json()["error"]["code"], "conflict")
        self.assertEqual(Encounter.objects.get(pk=body["id"]).disposition, "referred")

    def test_repeat_from_a_team_that_cannot_see_it_is_409_without_leaking(self):
        body = encounter_json()
        self.post(body, self.responder)
        r = self.post(body, self.outsider)
        self.assertEqual(r.status_code, 409)
        self.assertNotIn("behind the library", r.content.decode())

    def test_alias_creates_one_person_even_on_retry(self):
        body = encounter_json(person={"alias": "Red Hat"})
        r1 = self.post(body, self.responder)
        r2 = self.post(body)
        self.assertEqual(r1.status_code, 201)
        self.assertEqual(r2.status_code, 200)
        pid = r1.json()["person"]["id"]
        self.assertEqual(pid, str(person_id_for_encounter(uuid.UUID(body["id"]))))
        self.assertEqual(Person.objects.filter(alias="Red Hat").count(), 1)
        self.assertEqual(Person.objects.get(pk=pid).created_by_team, self.team)

    def test_known_person_by_id(self):
        person = PersonFactory(created_by_team=self.team)
        r = self.post(encounter_json(person={"id": str(person.pk)}), self.responder)
        self.assertEqual(r.status_code, 201)
        self.assertEqual(r.json()["person"]["id"], str(person.pk))

    def test_person_of_another_team_is_unknown(self):
        person = PersonFactory(created_by_team=self.other_team)
        r = self.post(encounter_json(person={"id": str(person.pk)}), self.responder)
        self.assertEqual(r.status_code, 400)
        self.assertIn("person", r.json()["error"]["fields"])
        self.assertEqual(Encounter.objects.count(), 0)

    def test_merged_person_id_goes_to_the_kept_record(self):
        kept = PersonFactory(created_by_team=self.team)
        gone = PersonFactory(created_by_team=self.team, merged_into=kept)
        r = self.post(encounter_json(person={"id": str(gone.pk)}), self.responder)
        self.assertEqual(r.status_code, 201)
        self.assertEqual(r.json()["person"]["id"], str(kept.pk))

    def test_dispatch_fields(self):
        body = encounter_json(
            source="dispatch",
            cad_incident="HPD-26-112233",
            call_received_at="2026-11-23T20:50:00-05:00",
            dispatched_at="2026-11-23T20:52:00-05:00",
            on_scene_at="2026-11-23T21:01:00-05:00",
            cleared_at="2026-11-23T21:40:00-05:00",
            co_response="police",
            police_backup_requested=True,
            police_backup_reason="weapon seen",
            arrest_or_citation=False,
            transport_destination="crisis_center",
            danger_to_self="yes",
            danger_to_others="refused",
            medical_emergency="no",
            intoxication="unknown",
            services_given=["naloxone", "water", "safety_plan"],
            living_situation="116",
            language="es",
            interpreter="staff",
        )
        r = self.post(body, self.responder)
        self.assertEqual(r.status_code, 201, r.content)
        e = Encounter.objects.get(pk=body["id"])
        self.assertEqual(e.cad_incident, "HPD-26-112233")
        self.assertEqual(e.minutes_on_scene, 39)
        self.assertEqual(e.response_minutes, 11)
        self.assertEqual(e.co_response, "police")
        self.assertTrue(e.police_backup_requested)
        self.assertEqual(e.danger_to_others, "refused")
        self.assertEqual(e.services_given, ["naloxone", "safety_plan", "water"])
        self.assertEqual(e.living_situation, "116")

    def test_creation_is_audited(self):
        body = encounter_json(person={"alias": "Tall Mike"})
        self.post(body, self.responder)
        actions = set(
            AuditEvent.objects.filter(user=self.responder).values_list("action", flat=True)
        )
        self.assertEqual(actions, {"create_encounter", "create_person"})


class EncounterValidationTests(EncounterApiTestBase):
    def assert_400(self, body, *fields):
        before = Encounter.objects.count(), Person.objects.count()
        r = self.post(body, self.responder)
        self.assertEqual(r.status_code, 400, r.content)
        error = r.json()["error"]
        self.assertEqual(set(error), {"code", "message", "fields"})
        for field in fields:
            self.assertIn(field, error["fields"])
        self.assertEqual((Encounter.objects.count(), Person.objects.count()), before)

    def test_required_fields(self):
        self.assert_400({}, "id", "occurred_at", "source", "disposition")

    def test_bad_codes(self):
        self.assert_400(encounter_json(source="walk-in"), "source")
        self.assert_400(encounter_json(disposition="fine"), "disposition")
        self.assert_400(encounter_json(needs=["housing", "shoes"]), "needs")
        self.assert_400(encounter_json(danger_to_self="maybe"), "danger_to_self")
        self.assert_400(encounter_json(living_situation="16"), "living_situation")

    def test_dispatch_needs_cad(self):
        self.assert_400(encounter_json(source="dispatch"), "cad_incident")

    def test_time_without_offset(self):
        self.assert_400(encounter_json(occurred_at="2026-11-23T21:05:00"), "occurred_at")

    def test_any_iso_offset_is_stored_as_the_same_instant(self):
        # ISO 8601 allows offsets PostgreSQL refuses (past ±16 h): stored in UTC, never a 500.
        response = self.post(
            encounter_json(occurred_at="2026-11-23T06:23:43-19:04"), self.responder
        )
        self.assertEqual(response.status_code, 201, response.content)
        stored = Encounter.objects.get(pk=response.json()["id"]).occurred_at
        self.assertEqual(stored, dt.datetime(2026, 11, 24, 1, 27, 43, tzinfo=dt.UTC))

    def test_a_time_that_cannot_be_put_in_utc_is_refused(self):
        self.assert_400(encounter_json(occurred_at="0001-01-01T00:00:00+05:00"), "occurred_at")

    def test_dispatch_times_out_of_order(self):
        self.assert_400(
            encounter_json(
                dispatched_at="2026-11-23T21:00:00-05:00", on_scene_at="2026-11-23T20:00:00-05:00"
            ),
            "on_scene_at",
        )

    def test_wrong_types_never_500(self):
        for body in (
            encounter_json(id=12),
            encounter_json(id="not-a-uuid"),
            encounter_json(lat="north", lng=1),
            encounter_json(lat=91, lng=0),
            encounter_json(needs="housing"),
            encounter_json(needs=[1, 2]),
            encounter_json(notes=["a"]),
            encounter_json(occurred_at=12345),
            encounter_json(person="Bob"),
            encounter_json(person={"alias": ""}),
            encounter_json(person={"id": 5}),
            encounter_json(person={"id": str(uuid.uuid4()), "alias": "x"}),
            encounter_json(team_members=["x"]),
        ):
            with self.subTest(body=body):
                r = self.post(body, self.responder)
                self.assertEqual(r.status_code, 400, r.content)

    def test_not_json(self):
        self.assertEqual(self.post("{nope", self.responder).status_code, 400)
        self.assertEqual(self.post("[1, 2]").status_code, 400)

    def test_lat_without_lng(self):
        self.assert_400(encounter_json(lat=41.7, lng=None), "lng")


class EncounterAccessTests(EncounterApiTestBase):
    def test_public_gets_401(self):
        self.assertEqual(self.post(encounter_json()).status_code, 401)
        e = EncounterFactory(team=self.team)
        self.assertEqual(self.client.get(f"{URL}/{e.pk}").status_code, 401)

    def test_provider_and_moderator_get_403(self):
        e = EncounterFactory(team=self.team)
        for user in (self.provider, self.moderator):
            with self.subTest(user=user):
                self.assertEqual(self.post(encounter_json(), user).status_code, 403)
                self.assertEqual(self.client.get(f"{URL}/{e.pk}").status_code, 403)
        self.assertEqual(Encounter.objects.count(), 1)

    def test_get_own_team_200_and_audited(self):
        e = EncounterFactory(team=self.team)
        self.client.force_login(self.responder)
        r = self.client.get(f"{URL}/{e.pk}")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["id"], str(e.pk))
        event = AuditEvent.objects.get(action="view_encounter")
        self.assertEqual(
            (event.user, event.object_id, event.person_id), (self.responder, str(e.pk), e.person_id)
        )
        self.assertEqual(event.path, f"{URL}/{e.pk}")

    def test_get_other_team_is_404_like_missing(self):
        e = EncounterFactory(team=self.other_team)
        self.client.force_login(self.responder)
        hidden = self.client.get(f"{URL}/{e.pk}")
        missing = self.client.get(f"{URL}/{uuid.uuid4()}")
        self.assertEqual(hidden.status_code, 404)
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(hidden.json(), missing.json())
        self.assertEqual(self.client.get(f"{URL}/not-a-uuid").status_code, 404)

    def test_supervisor_sees_all(self):
        e = EncounterFactory(team=self.other_team)
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(f"{URL}/{e.pk}").status_code, 200)

    def test_methods(self):
        self.client.force_login(self.responder)
        self.assertEqual(self.client.get(URL).status_code, 405)
        self.assertEqual(self.client.delete(f"{URL}/{uuid.uuid4()}").status_code, 405)

    def test_csrf_is_enforced_for_session_clients(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.responder)
        r = client.post(URL, data=json.dumps(encounter_json()), content_type="application/json")
        self.assertEqual(r.status_code, 403)
        self.assertEqual(Encounter.objects.count(), 0)
