from django.core.exceptions import PermissionDenied
from django.test import TestCase

from staff.audit import audit_log
from staff.models import AuditEvent, Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, staff


class AuditAppendOnlyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff(Role.SUPERVISOR, team=None)
        cls.person = PersonFactory()

    def test_write_and_refuse_changes(self):
        event = audit_log(
            user=self.user, action="view_person", obj=self.person, detail="x", path="/p/"
        )
        self.assertEqual(
            (event.user, event.person_id, event.object_type),
            (self.user, self.person.pk, "outreach.person"),
        )
        event.detail = "changed"
        with self.assertRaises(PermissionDenied):
            event.save()
        with self.assertRaises(PermissionDenied):
            event.delete()
        with self.assertRaises(PermissionDenied):
            AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
        with self.assertRaises(PermissionDenied):
            AuditEvent.objects.all().delete()
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).detail, "x")

    def test_no_add_change_delete_permissions_exist(self):
        from django.contrib.auth.models import Permission

        codenames = set(
            Permission.objects.filter(content_type__model="auditevent").values_list(
                "codename", flat=True
            )
        )
        self.assertEqual(codenames, {"view_auditevent"})


class ReadsAreAuditedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.user = staff(Role.RESPONDER, team=cls.team)
        cls.person = PersonFactory(created_by_team=cls.team, alias="Gloria")
        cls.encounter = EncounterFactory(team=cls.team, person=cls.person)

    def setUp(self):
        self.client.force_login(self.user)

    def events(self, action):
        return AuditEvent.objects.filter(user=self.user, action=action)

    def test_person_page(self):
        self.client.get(f"/outreach/people/{self.person.pk}/")
        for action in ("view_person", "view_timeline"):
            event = self.events(action).get()
            self.assertEqual(event.person_id, self.person.pk)
            self.assertEqual(event.path, f"/outreach/people/{self.person.pk}/")
            self.assertEqual(event.username, self.user.username)

    def test_search_results_each_person_and_no_query_string(self):
        r = self.client.post("/outreach/people/", {"q": "gloria"})
        self.assertContains(r, "Gloria")
        event = self.events("search_persons").get()
        self.assertEqual(event.person_id, self.person.pk)
        self.assertEqual(event.path, "/outreach/people/")

    def test_encounter_page_and_api(self):
        self.client.get(f"/outreach/encounters/{self.encounter.pk}/")
        self.client.get(f"/api/encounters/{self.encounter.pk}")
        self.assertEqual(self.events("view_encounter").count(), 2)

    def test_quick_log_recent_people_listing(self):
        EncounterFactory(team=self.team, person=self.person, responder=self.user)
        self.client.get("/outreach/")
        self.assertTrue(self.events("list_persons").filter(person_id=self.person.pk).exists())

    def test_refused_reads_write_nothing(self):
        outsider = staff(Role.RESPONDER, team=TeamFactory())
        self.client.force_login(outsider)
        self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertFalse(AuditEvent.objects.filter(person_id=self.person.pk).exists())
