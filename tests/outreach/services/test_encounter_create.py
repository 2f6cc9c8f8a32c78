import uuid

from django.core.exceptions import PermissionDenied
from django.test import TestCase

from outreach.forms import EncounterForm
from outreach.models import Encounter
from outreach.services import EncounterConflict, encounter_content_hash, encounter_create
from staff.models import Role
from tests.factories import TeamFactory, encounter_json, staff


def cleaned(**overrides):
    form = EncounterForm.from_json(encounter_json(**overrides))
    assert form.is_valid(), form.errors
    return form.cleaned_data


class EncounterCreateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team)

    def test_idempotent(self):
        data = cleaned()
        first, created = encounter_create(user=self.responder, data=data)
        again, created_again = encounter_create(user=self.responder, data=data)
        self.assertEqual((created, created_again), (True, False))
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(Encounter.objects.count(), 1)

    def test_conflict(self):
        data = cleaned()
        encounter_create(user=self.responder, data=data)
        with self.assertRaises(EncounterConflict):
            encounter_create(user=self.responder, data=dict(data, notes="changed"))

    def test_hash_ignores_order_and_spelling_of_time(self):
        a = cleaned(needs=["food", "housing"], occurred_at="2026-11-23T21:05:00-05:00")
        b = cleaned(
            id=a["id"].__str__(), needs=["housing", "food"], occurred_at="2026-11-24T02:05:00Z"
        )
        self.assertEqual(encounter_content_hash(a), encounter_content_hash(b))
        self.assertNotEqual(
            encounter_content_hash(a), encounter_content_hash(dict(a, disposition="declined"))
        )

    def test_only_outreach_roles(self):
        for role in (Role.PROVIDER, Role.MODERATOR):
            with self.subTest(role=role), self.assertRaises(PermissionDenied):
                encounter_create(user=staff(role), data=cleaned(id=str(uuid.uuid4())))

    def test_the_neighbourhood_comes_from_the_position_when_none_is_given(self):
        located, _ = encounter_create(user=self.responder, data=cleaned(lat=41.745, lng=-72.69))
        self.assertEqual(located.neighbourhood, "Barry Square")
        named, _ = encounter_create(
            user=self.responder, data=cleaned(lat=41.745, lng=-72.69, neighbourhood="Frog Hollow")
        )
        self.assertEqual(named.neighbourhood, "Frog Hollow", "a name given is kept")
        outside, _ = encounter_create(user=self.responder, data=cleaned(lat=41.9, lng=-72.9))
        self.assertEqual(outside.neighbourhood, "")
        nowhere, _ = encounter_create(user=self.responder, data=cleaned(lat=None, lng=None))
        self.assertEqual(nowhere.neighbourhood, "")
