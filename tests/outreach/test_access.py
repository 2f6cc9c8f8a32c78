"""contracts §5: every role against every outreach URL and API, refused where it must be."""

import json
import uuid

from django.test import TestCase

from outreach.models import Encounter, PersonMerge
from outreach.services import person_merge
from staff.models import Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, encounter_json, staff


class AccessMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Alpha")
        cls.other = TeamFactory(name="Bravo")
        cls.users = {
            "responder": staff(Role.RESPONDER, team=cls.team),
            "other_responder": staff(Role.RESPONDER, team=cls.other),
            "supervisor": staff(Role.SUPERVISOR, team=None),
            "moderator": staff(Role.MODERATOR),
            "provider": staff(Role.PROVIDER),
        }
        cls.person = PersonFactory(created_by_team=cls.team, alias="Sunny")
        cls.encounter = EncounterFactory(team=cls.team, person=cls.person)
        cls.duplicate = PersonFactory(created_by_team=cls.team, alias="Sunny D")
        cls.merge = person_merge(
            user=cls.users["responder"], source=cls.duplicate, target=cls.person
        )

    def pages(self):
        p, e = self.person.pk, self.encounter.pk
        return {
            "index": "/outreach/",
            "people": "/outreach/people/",
            "person": f"/outreach/people/{p}/",
            "person_edit": f"/outreach/people/{p}/edit/",
            "person_merge": f"/outreach/people/{p}/merge/",
            "encounter": f"/outreach/encounters/{e}/",
            "directory": "/outreach/directory/",
        }

    def fetch(self, who, url):
        self.client.logout()
        if who != "public":
            self.client.force_login(self.users[who])
        return self.client.get(url)

    def test_public_is_sent_to_login_on_pages(self):
        for name, url in self.pages().items():
            with self.subTest(page=name):
                r = self.fetch("public", url)
                self.assertEqual(r.status_code, 302)
                self.assertIn("/admin/login/", r["Location"])

    def test_public_gets_401_on_the_api(self):
        self.assertEqual(
            self.fetch("public", f"/api/encounters/{self.encounter.pk}").status_code, 401
        )
        self.assertEqual(self.fetch("public", "/outreach/directory.json").status_code, 401)
        r = self.client.post(
            "/api/encounters", json.dumps(encounter_json()), content_type="application/json"
        )
        self.assertEqual(r.status_code, 401)

    def test_moderator_and_provider_are_refused_everywhere(self):
        for who in ("moderator", "provider"):
            for name, url in self.pages().items():
                with self.subTest(who=who, page=name):
                    self.assertEqual(self.fetch(who, url).status_code, 403)
            with self.subTest(who=who, api="get"):
                self.assertEqual(
                    self.fetch(who, f"/api/encounters/{self.encounter.pk}").status_code, 403
                )
            with self.subTest(who=who, api="post"):
                r = self.client.post(
                    "/api/encounters", json.dumps(encounter_json()), content_type="application/json"
                )
                self.assertEqual(r.status_code, 403)
            with self.subTest(who=who, page="undo"):
                self.assertEqual(
                    self.client.post(f"/outreach/merges/{self.merge.pk}/undo/").status_code, 403
                )
        self.assertEqual(Encounter.objects.count(), 1)

    def test_responder_sees_own_team(self):
        for name, url in self.pages().items():
            with self.subTest(page=name):
                self.assertEqual(self.fetch("responder", url).status_code, 200)
        self.assertEqual(
            self.fetch("responder", f"/api/encounters/{self.encounter.pk}").status_code, 200
        )

    def test_other_team_gets_404_for_records(self):
        for name in ("person", "person_edit", "person_merge", "encounter"):
            with self.subTest(page=name):
                self.assertEqual(self.fetch("other_responder", self.pages()[name]).status_code, 404)
        for name in ("index", "people", "directory"):
            with self.subTest(page=name):
                r = self.fetch("other_responder", self.pages()[name])
                self.assertEqual(r.status_code, 200)
                self.assertNotContains(r, "Sunny")
        searched = self.client.post(
            "/outreach/people/", {"q": "sunny"}
        )  # still signed in as other_responder
        self.assertContains(searched, "Nobody found")
        self.assertNotContains(searched, str(self.person.pk))
        self.assertEqual(
            self.fetch("other_responder", f"/api/encounters/{self.encounter.pk}").status_code, 404
        )
        self.assertEqual(
            self.fetch("other_responder", f"/outreach/people/{uuid.uuid4()}/").status_code, 404
        )

    def test_supervisor_sees_all(self):
        for name, url in self.pages().items():
            with self.subTest(page=name):
                self.assertEqual(self.fetch("supervisor", url).status_code, 200)

    def test_only_a_supervisor_undoes_a_merge(self):
        self.client.force_login(self.users["responder"])
        self.assertEqual(
            self.client.post(f"/outreach/merges/{self.merge.pk}/undo/").status_code, 403
        )
        self.assertFalse(PersonMerge.objects.get(pk=self.merge.pk).is_undone)
        self.client.force_login(self.users["supervisor"])
        r = self.client.post(f"/outreach/merges/{self.merge.pk}/undo/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(PersonMerge.objects.get(pk=self.merge.pk).is_undone)

    def test_merged_away_record_redirects_to_kept_one(self):
        r = self.fetch("responder", f"/outreach/people/{self.duplicate.pk}/")
        self.assertRedirects(r, f"/outreach/people/{self.person.pk}/")


class AdminAccessTests(TestCase):
    """The Wagtail admin viewsets: supervisors read, nobody edits, everyone else sees nothing."""

    @classmethod
    def setUpTestData(cls):
        from staff.accounts import role_groups_ensure

        role_groups_ensure()
        cls.team = TeamFactory()
        cls.person = PersonFactory(created_by_team=cls.team)
        cls.encounter = EncounterFactory(team=cls.team, person=cls.person)

    def login(self, role):
        from django.contrib.auth.models import Group

        user = staff(role, team=self.team if role in (Role.RESPONDER, Role.SUPERVISOR) else None)
        user.groups.add(Group.objects.get(name=role))
        self.client.force_login(user)
        return user

    def test_supervisor_can_list_and_inspect_but_not_edit(self):
        from staff.models import AuditEvent

        user = self.login(Role.SUPERVISOR)
        self.assertEqual(self.client.get("/admin/outreach_person/").status_code, 200)
        self.assertEqual(
            self.client.get(f"/admin/outreach_person/inspect/{self.person.pk}/").status_code, 200
        )
        self.assertEqual(self.client.get("/admin/outreach_auditevent/").status_code, 200)
        self.assertTrue(
            AuditEvent.objects.filter(
                user=user, action="admin_view", person_id=self.person.pk
            ).exists()
        )
        for url in (
            f"/admin/outreach_person/edit/{self.person.pk}/",
            "/admin/outreach_encounter/add/",
            f"/admin/outreach_person/delete/{self.person.pk}/",
        ):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (302, 403, 404))

    def test_others_see_nothing(self):
        for role in (Role.RESPONDER, Role.MODERATOR, Role.PROVIDER):
            self.login(role)
            for url in (
                "/admin/outreach_person/",
                "/admin/outreach_encounter/",
                "/admin/outreach_auditevent/",
            ):
                with self.subTest(role=role, url=url):
                    self.assertIn(self.client.get(url).status_code, (302, 403, 404))
