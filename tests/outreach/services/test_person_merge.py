from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from outreach.models import Encounter, Person, PersonMerge
from outreach.selectors import person_get, persons_visible_to
from outreach.services import MERGE_ALREADY_UNDONE, person_merge, person_merge_undo
from staff.models import AuditEvent, Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, staff


class PersonMergeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.supervisor = staff(Role.SUPERVISOR, team=None)

    def setUp(self):
        self.kept = PersonFactory(
            created_by_team=self.team, alias="Mike", name="", descriptors="tall", hazard_note=""
        )
        self.dupe = PersonFactory(
            created_by_team=self.team,
            alias="Big Mike",
            name="Michael R.",
            descriptors="red backpack",
            hazard_note="carries a knife",
        )
        self.e1 = EncounterFactory(team=self.team, person=self.kept)
        self.e2 = EncounterFactory(team=self.team, person=self.dupe)
        self.e3 = EncounterFactory(team=self.team, person=self.dupe)

    def test_merge_moves_encounters_and_fills_blanks(self):
        merge = person_merge(user=self.responder, source=self.dupe, target=self.kept)
        self.kept.refresh_from_db()
        self.dupe.refresh_from_db()
        self.assertEqual(
            set(Encounter.objects.filter(person=self.kept)), {self.e1, self.e2, self.e3}
        )
        self.assertEqual(self.dupe.merged_into, self.kept)
        self.assertEqual(self.kept.name, "Michael R.")
        self.assertIn("red backpack", self.kept.descriptors)
        self.assertIn("carries a knife", self.kept.hazard_note)
        self.assertNotIn(self.dupe, persons_visible_to(self.responder))
        self.assertEqual(person_get(user=self.responder, person_id=self.dupe.pk), self.kept)
        events = AuditEvent.objects.filter(action="merge_persons")
        self.assertEqual({e.person_id for e in events}, {self.kept.pk, self.dupe.pk})
        self.assertEqual(
            sorted(merge.moved["outreach.Encounter"]), sorted([str(self.e2.pk), str(self.e3.pk)])
        )

    def test_supervisor_undo_restores_both_records(self):
        merge = person_merge(user=self.responder, source=self.dupe, target=self.kept)
        later = EncounterFactory(team=self.team, person=self.kept)
        person_merge_undo(user=self.supervisor, merge=merge)
        self.kept.refresh_from_db()
        self.dupe.refresh_from_db()
        self.assertIsNone(self.dupe.merged_into)
        self.assertEqual(set(Encounter.objects.filter(person=self.dupe)), {self.e2, self.e3})
        self.assertEqual(set(Encounter.objects.filter(person=self.kept)), {self.e1, later})
        self.assertEqual(
            (self.kept.name, self.kept.descriptors, self.kept.hazard_note), ("", "tall", "")
        )
        self.assertTrue(PersonMerge.objects.get().is_undone)
        self.assertEqual(AuditEvent.objects.filter(action="undo_merge").count(), 2)
        with self.assertRaisesMessage(ValidationError, MERGE_ALREADY_UNDONE):
            person_merge_undo(user=self.supervisor, merge=merge)

    def test_responder_cannot_undo(self):
        merge = person_merge(user=self.responder, source=self.dupe, target=self.kept)
        with self.assertRaises(PermissionDenied):
            person_merge_undo(user=self.responder, merge=merge)

    def test_cannot_merge_into_itself_or_across_teams(self):
        with self.assertRaises(ValidationError):
            person_merge(user=self.responder, source=self.kept, target=self.kept)
        stranger = PersonFactory(created_by_team=TeamFactory())
        with self.assertRaises(PermissionDenied):
            person_merge(user=self.responder, source=stranger, target=self.kept)
        self.assertIsNone(Person.objects.get(pk=stranger.pk).merged_into)

    def test_merge_through_the_page(self):
        self.client.force_login(self.responder)
        r = self.client.post(
            f"/outreach/people/{self.kept.pk}/merge/", {"other": str(self.dupe.pk)}
        )
        self.assertRedirects(r, f"/outreach/people/{self.kept.pk}/")
        self.assertEqual(Person.objects.get(pk=self.dupe.pk).merged_into, self.kept)
