"""POST /api/encounters with a list (contracts §4.3): a backlog in batches, each item as if alone."""

import json
import uuid

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from core.jsonapi import MAX_BATCH_BYTES, MAX_BODY_BYTES
from outreach.api import MAX_BATCH
from outreach.models import Encounter, Person
from staff.models import AuditEvent, Role
from tests.factories import PersonFactory, TeamFactory, encounter_json, staff

URL = "/api/encounters"


def quick_log_json(**overrides):
    """What the phone's quick log queues: every field it fills, with a sentence of notes."""
    return encounter_json(
        source="dispatch",
        cad_incident="HPD-26-104233",
        neighbourhood="Frog Hollow",
        notes="Met at the bus shelter on Park St; wants a bed tonight, was given water and a list.",
        co_response="alone",
        police_backup_requested=False,
        police_backup_reason="",
        arrest_or_citation=False,
        transport_destination="none",
        transport_destination_text="",
        danger_to_self="no",
        danger_to_others="no",
        medical_emergency="no",
        intoxication="unknown",
        services_given=["water", "information"],
        living_situation="116",
        language="es",
        interpreter="staff",
        **overrides,
    )


class BatchTestBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="North")
        cls.other_team = TeamFactory(name="South")
        cls.responder = staff(Role.RESPONDER, team=cls.team)

    def setUp(self):
        self.client.force_login(self.responder)

    def post(self, body):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(URL, data=data, content_type="application/json")

    def stored(self):
        """Every stored row that a batch can write, to compare before and after."""
        return (
            sorted(Encounter.objects.values_list("pk", "content_hash", "person_id")),
            sorted(Person.objects.values_list("pk", "alias")),
            AuditEvent.objects.count(),
        )


class BatchResultsTests(BatchTestBase):
    def test_mixed_batch_answers_each_item_in_order_and_stores_the_right_rows(self):
        retried = encounter_json(notes="sent alone earlier, answer lost")
        conflicting = encounter_json(notes="first version")
        for body in (retried, conflicting):
            self.assertEqual(self.post(body).status_code, 201)
        new = encounter_json(person={"alias": "Green Scarf"})
        bad = encounter_json(source="walk-in", occurred_at="2026-11-23T21:05:00")
        known = PersonFactory(created_by_team=self.team)
        with_person = encounter_json(person={"id": str(known.pk)})
        batch = [new, retried, dict(conflicting, notes="edited offline"), bad, with_person]

        r = self.post(batch)

        self.assertEqual(r.status_code, 200, r.content)
        results = r.json()["results"]
        self.assertEqual([e["status"] for e in results], [201, 200, 409, 400, 201])
        self.assertEqual([e["id"] for e in results], [b["id"] for b in batch])
        for entry in results:
            self.assertEqual(
                set(entry), {"id", "status", "record" if entry["status"] < 300 else "error"}
            )
        self.assertEqual(results[0]["record"]["person"]["alias"], "Green Scarf")
        self.assertEqual(results[1]["record"]["notes"], "sent alone earlier, answer lost")
        self.assertEqual(results[4]["record"]["person"]["id"], str(known.pk))
        self.assertEqual(results[2]["error"]["code"], "conflict")
        self.assertIn("id", results[2]["error"]["fields"])
        self.assertEqual(results[3]["error"]["code"], "invalid")
        self.assertEqual(set(results[3]["error"]["fields"]), {"source", "occurred_at"})

        self.assertEqual(
            sorted(str(pk) for pk in Encounter.objects.values_list("pk", flat=True)),
            sorted(b["id"] for b in (retried, conflicting, new, with_person)),
        )
        self.assertEqual(Encounter.objects.get(pk=conflicting["id"]).notes, "first version")
        self.assertEqual(Person.objects.filter(alias="Green Scarf").count(), 1)
        self.assertTrue(
            all(
                e.team == self.team and e.responder == self.responder
                for e in Encounter.objects.all()
            )
        )

    def test_each_answer_is_the_one_the_item_gets_alone(self):
        items = [
            encounter_json(person={"alias": "Tall Mike"}),
            encounter_json(lat=91),
            encounter_json(),
        ]
        batch = self.post(items).json()["results"]
        for item, entry in zip(items, batch, strict=True):
            alone = self.post(item)  # now a retry: 200 with the same record, or the same 400
            if entry["status"] == 201:
                self.assertEqual((alone.status_code, alone.json()), (200, entry["record"]))
            else:
                self.assertEqual(
                    (alone.status_code, alone.json()), (entry["status"], {"error": entry["error"]})
                )

    def test_resending_the_whole_batch_changes_nothing(self):
        first = encounter_json(notes="one")
        self.post(first)
        batch = [
            encounter_json(person={"alias": "Red Hat"}),
            first,
            dict(first, id=str(uuid.uuid4()), needs=["shoes"]),
            encounter_json(disposition="declined"),
        ]
        statuses = [e["status"] for e in self.post(batch).json()["results"]]
        self.assertEqual(statuses, [201, 200, 400, 201])
        before = self.stored()

        again = self.post(batch).json()["results"]

        self.assertEqual([e["status"] for e in again], [200, 200, 400, 200])
        self.assertEqual(self.stored(), before)

    def test_a_full_batch_of_quick_log_records_fits(self):
        batch = [quick_log_json() for _ in range(MAX_BATCH)]
        body = json.dumps(batch).encode()
        self.assertGreater(len(body), MAX_BODY_BYTES)  # more than one object may be
        r = self.post(body)
        self.assertEqual(r.status_code, 200, r.content[:500])
        self.assertEqual({e["status"] for e in r.json()["results"]}, {201})
        self.assertEqual(Encounter.objects.count(), MAX_BATCH)

    def test_the_same_id_twice_in_one_batch_is_a_retry(self):
        item = encounter_json()
        results = self.post([item, item, dict(item, notes="other")]).json()["results"]
        self.assertEqual([e["status"] for e in results], [201, 200, 409])
        self.assertEqual(Encounter.objects.count(), 1)

    def test_one_item_too_large_alone_is_refused_and_the_others_stored(self):
        huge = encounter_json(notes="x" * MAX_BODY_BYTES)
        self.assertEqual(self.post(huge).status_code, 413)  # alone
        small = encounter_json()
        results = self.post([huge, small]).json()["results"]
        self.assertEqual([e["status"] for e in results], [400, 201])
        self.assertEqual(results[0]["error"]["code"], "too_large")
        self.assertEqual(
            list(Encounter.objects.values_list("pk", flat=True)), [uuid.UUID(small["id"])]
        )

    def test_session_and_role_are_resolved_once_per_request(self):
        def queries(n):
            with CaptureQueriesContext(connection) as ctx:
                r = self.post([encounter_json() for _ in range(n)])
            self.assertEqual(r.status_code, 200)
            sql = [q["sql"] for q in ctx.captured_queries]
            return (
                sum("django_session" in s for s in sql),
                sum("outreach_staffprofile" in s for s in sql),
                len(sql),
            )

        one, twenty = queries(1), queries(20)
        self.assertEqual(one[:2], twenty[:2])  # the same session and role reads for 1 or 20
        self.assertEqual(twenty[1], 1)
        per_item = (twenty[2] - one[2]) / 19
        print(f"\nBATCH queries: 1 item {one[2]}, 20 items {twenty[2]} ({per_item:.1f} per item)")
        self.assertLessEqual(per_item, 8, (one, twenty))


class BatchRefusedTests(BatchTestBase):
    def assert_refused(self, body, status, code):
        before = self.stored()
        r = self.post(body)
        self.assertEqual(r.status_code, status, r.content[:300])
        self.assertEqual(set(r.json()), {"error"})
        self.assertEqual(set(r.json()["error"]), {"code", "message", "fields"})
        self.assertEqual(r.json()["error"]["code"], code)
        self.assertEqual(self.stored(), before)

    def test_more_than_the_maximum_is_400_and_stores_nothing(self):
        self.assert_refused([encounter_json() for _ in range(MAX_BATCH + 1)], 400, "invalid_batch")

    def test_an_empty_list_or_one_with_non_objects_is_400(self):
        self.assert_refused([], 400, "invalid_batch")
        self.assert_refused([encounter_json(), 5], 400, "invalid_batch")
        self.assert_refused([encounter_json(), [encounter_json()]], 400, "invalid_batch")
        self.assert_refused([encounter_json(), None], 400, "invalid_batch")

    def test_an_oversized_body_is_413(self):
        notes = "x" * 60_000
        over_the_batch_limit = [
            encounter_json(notes=notes) for _ in range(MAX_BATCH_BYTES // 60_000 + 1)
        ]
        self.assert_refused(over_the_batch_limit, 413, "too_large")
        beyond_django = json.dumps(
            [encounter_json(notes="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))]
        )
        self.assert_refused(beyond_django, 413, "too_large")
        self.assert_refused(
            json.dumps(encounter_json(notes="x" * MAX_BODY_BYTES)), 413, "too_large"
        )

    def test_other_json_apis_still_take_only_an_object(self):
        r = self.client.post("/api/referrals", data="[{}]", content_type="application/json")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["error"]["code"], "invalid_json")


class BatchAccessTests(BatchTestBase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.provider = staff(Role.PROVIDER)
        cls.moderator = staff(Role.MODERATOR)

    def test_public_401_provider_and_moderator_403(self):
        batch = [encounter_json(), encounter_json()]
        self.client.logout()
        self.assertEqual(self.post(batch).status_code, 401)
        for user in (self.provider, self.moderator):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.post(batch)
                self.assertEqual(r.status_code, 403)
                self.assertEqual(r.json()["error"]["code"], "forbidden")
        self.assertFalse(Encounter.objects.exists())

    def test_person_scope_applies_to_each_item(self):
        own = PersonFactory(created_by_team=self.team)
        theirs = PersonFactory(created_by_team=self.other_team)
        results = self.post(
            [
                encounter_json(person={"id": str(theirs.pk)}),
                encounter_json(person={"id": str(own.pk)}),
            ]
        ).json()["results"]
        self.assertEqual([e["status"] for e in results], [400, 201])
        self.assertIn("person", results[0]["error"]["fields"])
        self.assertEqual(list(Encounter.objects.values_list("person", flat=True)), [own.pk])

    def test_a_retry_from_a_team_that_cannot_see_it_is_409_without_leaking(self):
        body = encounter_json(location_text="behind the library")
        self.post([body])
        self.client.force_login(staff(Role.RESPONDER, team=self.other_team))
        r = self.post([body])
        self.assertEqual(r.json()["results"][0]["status"], 409)
        self.assertNotIn("behind the library", r.content.decode())

    def test_team_and_responder_come_from_the_session_not_the_items(self):
        outsider = staff(Role.RESPONDER, team=self.other_team)
        item = encounter_json(
            team=self.other_team.name, responder=outsider.username, created_at="2020-01-01"
        )
        entry = self.post([item]).json()["results"][0]
        self.assertEqual(entry["status"], 201)
        self.assertEqual(
            (entry["record"]["team"], entry["record"]["responder"]),
            ("North", self.responder.username),
        )
        stored = Encounter.objects.get()
        self.assertEqual((stored.team, stored.responder), (self.team, self.responder))
