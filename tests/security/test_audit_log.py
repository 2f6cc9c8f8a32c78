"""Issue 9 item 3: the audit log is append-only for everybody, searchable and exportable by supervisors."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import TestCase
from django.utils import timezone

from staff.audit import audit_log
from staff.models import AuditEvent, Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, staff


class AppendOnlyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.person = PersonFactory(created_by_team=cls.team)
        cls.users = {
            role: staff(role, team=cls.team if role in (Role.RESPONDER, Role.SUPERVISOR) else None)
            for role in Role.values
        }
        cls.event = audit_log(
            user=cls.users[Role.RESPONDER], action=AuditEvent.Action.VIEW_PERSON, obj=cls.person
        )

    def test_orm_refuses_every_change(self):
        e = AuditEvent.objects.get(pk=self.event.pk)
        e.detail = "tampered"
        with self.assertRaises(PermissionDenied):
            e.save()
        with self.assertRaises(PermissionDenied):
            e.delete()
        with self.assertRaises(PermissionDenied):
            AuditEvent.objects.filter(pk=e.pk).update(detail="tampered")
        with self.assertRaises(PermissionDenied):
            AuditEvent.objects.all().delete()
        with self.assertRaises(PermissionDenied):
            AuditEvent.objects.bulk_update([e], ["detail"])
        self.assertEqual(AuditEvent.objects.get(pk=e.pk).detail, "")

    def test_raw_sql_refused_on_postgresql(self):
        table = AuditEvent._meta.db_table
        if connection.vendor != "postgresql":
            # SQLite has no trigger; the ORM guard above is what protects it. Nothing more to prove here.
            self.assertEqual(connection.vendor, "sqlite")
            return
        for sql in (f"UPDATE {table} SET detail = 'x'", f"DELETE FROM {table}"):
            with (
                self.assertRaises(DatabaseError),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql)
        self.assertEqual(AuditEvent.objects.count(), 1)

    def test_no_role_holds_a_change_or_delete_permission(self):
        for role, user in self.users.items():
            for group in Group.objects.filter(name=role):
                user.groups.add(group)
            for perm in (
                "staff.change_auditevent",
                "staff.delete_auditevent",
                "staff.add_auditevent",
            ):
                self.assertFalse(user.has_perm(perm), (role, perm))

    def test_admin_has_no_edit_or_delete_screen_for_any_role(self):
        for role, user in self.users.items():
            self.client.force_login(user)
            for url in (
                f"/admin/outreach/auditevent/edit/{self.event.pk}/",
                f"/admin/outreach/auditevent/delete/{self.event.pk}/",
                f"/admin/snippets/outreach/auditevent/edit/{self.event.pk}/",
                f"/admin/snippets/outreach/auditevent/delete/{self.event.pk}/",
                f"/django-admin/outreach/auditevent/{self.event.pk}/delete/",
            ):
                response = self.client.post(url, {"detail": "tampered"})
                self.assertIn(
                    response.status_code, (302, 403, 404, 405), (role, url, response.status_code)
                )
        self.assertEqual(AuditEvent.objects.filter(detail="tampered").count(), 0)
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())


class AuditSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.supervisor = staff(Role.SUPERVISOR, team=cls.team, username="sup")
        cls.ana = staff(Role.RESPONDER, team=cls.team, username="ana")
        cls.bo = staff(Role.RESPONDER, team=cls.team, username="bo")
        cls.p1 = PersonFactory(created_by_team=cls.team)
        cls.p2 = PersonFactory(created_by_team=cls.team)
        cls.e1 = audit_log(user=cls.ana, action=AuditEvent.Action.VIEW_PERSON, obj=cls.p1)
        cls.e2 = audit_log(user=cls.bo, action=AuditEvent.Action.VIEW_PERSON, obj=cls.p2)
        encounter = EncounterFactory(team=cls.team, person=cls.p1)
        cls.e3 = audit_log(user=cls.bo, action=AuditEvent.Action.VIEW_ENCOUNTER, obj=encounter)
        # An old event, written through the normal path and dated by the database default.
        cls.old = AuditEvent(
            user=cls.ana,
            username="ana",
            action="view_person",
            person_id=cls.p2.pk,
            at=timezone.now() - timedelta(days=40),
        )
        cls.old.save()

    def search(self, **params):
        self.client.force_login(self.supervisor)
        return self.client.get("/account/audit/", params)

    def test_by_person_staff_and_period(self):
        r = self.search(person=str(self.p1.pk))
        self.assertEqual(set(r.context["events"]), {self.e1, self.e3})
        r = self.search(staff="BO")
        self.assertEqual(set(r.context["events"]), {self.e2, self.e3})
        today = timezone.localdate()
        r = self.search(staff="ana", start=str(today - timedelta(days=1)), end=str(today))
        self.assertEqual(list(r.context["events"]), [self.e1])
        r = self.search(staff="ana", end=str(today - timedelta(days=30)))
        self.assertEqual(list(r.context["events"]), [self.old])

    def test_the_search_is_itself_audited(self):
        self.search(person=str(self.p1.pk))
        event = AuditEvent.objects.filter(user=self.supervisor).get()
        self.assertEqual(event.person_id, self.p1.pk)
        self.assertEqual(event.path, "/account/audit/")

    def test_csv_export_is_filtered_and_audited(self):
        self.client.force_login(self.supervisor)
        r = self.client.get("/account/audit/export.csv", {"person": str(self.p2.pk)})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
        # oldest first; the export is logged before it runs, so it lists itself too
        self.assertEqual([row["username"] for row in rows], ["ana", "bo", "sup"])
        self.assertTrue(all(row["person_id"] == str(self.p2.pk) for row in rows))
        export = AuditEvent.objects.get(user=self.supervisor)
        self.assertIn("exported the audit log", export.detail)

    def test_only_supervisors(self):
        for user in (self.ana, staff(Role.PROVIDER), staff(Role.MODERATOR)):
            self.client.force_login(user)
            self.assertEqual(self.client.get("/account/audit/", {"staff": "ana"}).status_code, 403)
            self.assertEqual(self.client.get("/account/audit/export.csv").status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get("/account/audit/").status_code, 302)

    def test_bad_filters_are_400_free_and_show_nothing(self):
        r = self.search(person="not-a-uuid", start="yesterday")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(list(r.context["events"]), [])
