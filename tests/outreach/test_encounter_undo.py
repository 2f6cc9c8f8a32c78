"""The quick log's Undo of a contact already sent: its own responder, a few minutes, audited."""

import json
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from outreach.models import Encounter, Person
from outreach.services import ENCOUNTER_UNDO_IN_USE, ENCOUNTER_UNDO_TOO_LATE
from staff.models import AuditEvent, Role
from tests.factories import ServicePageFactory, TeamFactory, encounter_json, referral_data, staff


class EncounterUndoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="North")
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.mate = staff(Role.RESPONDER, team=cls.team)

    def send(self, **overrides):
        self.client.force_login(self.responder)
        body = encounter_json(**overrides)
        response = self.client.post(
            "/api/encounters", data=json.dumps(body), content_type="application/json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        return body["id"]

    def undo(self, encounter_id, user=None):
        self.client.force_login(user or self.responder)
        return self.client.post(
            f"/outreach/encounters/{encounter_id}/undo/", HTTP_ACCEPT="application/json"
        )

    def test_undo_removes_the_contact_and_the_person_its_alias_made_and_is_audited(self):
        encounter_id = self.send(person={"alias": "Blue jacket"})
        person_id = Encounter.objects.get(pk=encounter_id).person_id
        response = self.undo(encounter_id)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["undone"])
        self.assertFalse(Encounter.objects.filter(pk=encounter_id).exists())
        self.assertFalse(Person.objects.filter(pk=person_id).exists())
        event = AuditEvent.objects.get(object_id=str(encounter_id), detail__startswith="undid")
        self.assertEqual(event.user, self.responder)
        self.assertEqual(event.person_id, person_id)
        self.assertEqual(self.undo(encounter_id).status_code, 404)  # nothing left to undo

    def test_only_the_responder_who_logged_it(self):
        encounter_id = self.send()
        self.assertEqual(self.undo(encounter_id, user=self.mate).status_code, 404)
        self.assertTrue(Encounter.objects.filter(pk=encounter_id).exists())

    def test_not_after_the_window(self):
        encounter_id = self.send()
        Encounter.objects.filter(pk=encounter_id).update(
            created_at=timezone.now() - timedelta(minutes=6)
        )
        response = self.undo(encounter_id)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["message"], ENCOUNTER_UNDO_TOO_LATE)
        self.assertTrue(Encounter.objects.filter(pk=encounter_id).exists())

    def test_not_once_a_referral_rests_on_it(self):
        from referrals.services import referral_create

        encounter_id = self.send(person={"alias": "Ray"})
        encounter = Encounter.objects.get(pk=encounter_id)
        referral_create(
            user=self.responder,
            data=referral_data(
                person=encounter.person, service=ServicePageFactory(), encounter_id=encounter.pk
            ),
        )
        response = self.undo(encounter_id)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["message"], ENCOUNTER_UNDO_IN_USE)
        self.assertTrue(Encounter.objects.filter(pk=encounter_id).exists())
        self.assertFalse(AuditEvent.objects.filter(detail__startswith="undid").exists())

    def test_without_javascript_a_message_and_back_to_the_quick_log(self):
        encounter_id = self.send()
        self.client.force_login(self.responder)
        response = self.client.post(f"/outreach/encounters/{encounter_id}/undo/", follow=True)
        self.assertRedirects(response, "/outreach/")
        self.assertContains(response, "Undone: the contact was removed.")

    def test_providers_and_the_public_cannot(self):
        encounter_id = self.send()
        self.client.logout()
        response = self.client.post(f"/outreach/encounters/{encounter_id}/undo/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.undo(encounter_id, user=staff(Role.PROVIDER)).status_code, 403)
        self.assertTrue(Encounter.objects.filter(pk=encounter_id).exists())
