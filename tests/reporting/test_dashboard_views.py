"""The dashboard and its downloads: who may see them, what they show, and the audit log."""

import csv
import io

from django.contrib.auth import get_user_model
from django.test import TestCase

from staff.models import AuditEvent, Role
from tests.factories import PASSWORD, build_fortnight, staff

URL = "/outreach/dashboard/"
QUERY = "?start=2025-11-03&end=2025-11-16"
DOWNLOADS = ("figures.csv", "hmis.csv", "encounters-deidentified.csv")


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


class DashboardAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rows = build_fortnight()
        cls.supervisor = staff(Role.SUPERVISOR, team=None)
        cls.superuser = get_user_model().objects.create_superuser(
            "root", "root@example.org", PASSWORD
        )
        cls.refused = {
            "responder": staff(Role.RESPONDER, team=cls.rows["team"]),
            "moderator": staff(Role.MODERATOR),
            "provider": staff(Role.PROVIDER),
            "plain": get_user_model().objects.create_user("plain", password=PASSWORD),
        }

    def test_anonymous_is_sent_to_login(self):
        for path in ("",) + DOWNLOADS:
            response = self.client.get(URL + path + QUERY)
            self.assertEqual(response.status_code, 302, path)
            self.assertIn("login", response["Location"])

    def test_other_roles_are_refused(self):
        for name, user in self.refused.items():
            self.client.force_login(user)
            for path in ("",) + DOWNLOADS:
                self.assertEqual(
                    self.client.get(URL + path + QUERY).status_code, 403, f"{name} {path}"
                )
        self.assertFalse(AuditEvent.objects.filter(action__startswith="export.").exists())

    def test_supervisor_and_superuser_see_the_dashboard(self):
        for user in (self.supervisor, self.superuser):
            self.client.force_login(user)
            response = self.client.get(URL + QUERY)
            self.assertEqual(response.status_code, 200)
            html = response.content.decode()
            self.assertEqual(html.count("<h1"), 1)
            self.assertIn("<svg", html)
            self.assertIn("<title>Frog Hollow: 3</title>", html)
            self.assertIn("Calls handled without police", html)
            self.assertIn("33%", html)  # 1 of 3 dispatch calls
            self.assertEqual(response.context["e"]["total"], 5)
            self.assertNotIn("Alma", html)

    def test_bad_dates_fall_back_with_a_message(self):
        self.client.force_login(self.supervisor)
        response = self.client.get(URL + "?start=2025-13-01&end=x")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["errors"])
        response = self.client.get(URL + "?start=2025-11-16&end=2025-11-03")
        self.assertTrue(response.context["errors"])

    def test_every_download_is_audited(self):
        self.client.force_login(self.supervisor)
        for path in DOWNLOADS:
            response = self.client.get(URL + path + QUERY)
            self.assertEqual(response.status_code, 200, path)
            self.assertTrue(response["Content-Type"].startswith("text/csv"))
            read_csv(response)
        actions = set(
            AuditEvent.objects.filter(user=self.supervisor).values_list("action", flat=True)
        )
        self.assertEqual(
            actions, {"export.figures_csv", "export.hmis_csv", "export.deidentified_csv"}
        )

    def test_figures_csv(self):
        self.client.force_login(self.supervisor)
        rows = read_csv(self.client.get(URL + "figures.csv" + QUERY))
        self.assertEqual(rows[0], ["section", "figure", "value"])
        values = {(s, k): v for s, k, v in rows[1:]}
        self.assertEqual(values[("contacts", "total")], "5")
        self.assertEqual(values[("contacts", "arrests")], "1")
        self.assertEqual(values[("referrals", "arrived")], "2")
        self.assertEqual(values[("unmet_need", "declined_capacity")], "1")

    def test_hmis_csv(self):
        self.client.force_login(self.supervisor)
        rows = read_csv(self.client.get(URL + "hmis.csv" + QUERY))
        header, body = rows[0], rows[1:]
        self.assertEqual(
            header[:6],
            [
                "CurrentLivingSitID",
                "PersonalID",
                "InformationDate",
                "CurrentLivingSituation",
                "CurrentLivingSituationLabel",
                "DateOfEngagement",
            ],
        )
        self.assertEqual(len(body), 4)  # e1, e2, e3, e5 (e4 is anonymous)
        by_id = {r[0]: r for r in body}
        e3 = by_id[str(self.rows["e3"].pk)]
        self.assertEqual(e3[2:4], ["2025-11-05", "116"])
        self.assertEqual(e3[5], "2025-11-05")
        e5 = by_id[str(self.rows["e5"].pk)]
        self.assertEqual(e5[2], "2025-11-16")  # 23:50 local, 04:50 UTC next day
        self.assertEqual(e5[3], "99")
        self.assertEqual(e5[5], "2025-11-02")  # A's first contact: 23:59 local on 2 Nov
