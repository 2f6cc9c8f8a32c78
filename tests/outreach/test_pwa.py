import json

from django.test import TestCase

from outreach.models import LivingSituation
from staff.models import Role
from tests.factories import (
    AddressFactory,
    PhoneFactory,
    ServiceAtLocationFactory,
    TeamFactory,
    staff,
)


class InstallableAppTests(TestCase):
    def test_manifest(self):
        data = json.loads(self.client.get("/outreach/manifest.webmanifest").content)
        self.assertEqual(
            (data["start_url"], data["scope"], data["display"]),
            ("/outreach/", "/outreach/", "standalone"),
        )
        self.assertEqual({i["sizes"] for i in data["icons"]}, {"192x192", "512x512"})

    def test_service_worker(self):
        r = self.client.get("/outreach/sw.js")
        self.assertEqual(r["Service-Worker-Allowed"], "/outreach/")
        self.assertTrue(r["Content-Type"].startswith("text/javascript"))
        body = r.content.decode()
        self.assertIn("/static/outreach/queue.js", body)
        self.assertIn("encounter-sync", body)

    def test_directory_snapshot(self):
        sal = ServiceAtLocationFactory(service__title="Night Shelter")
        PhoneFactory(service=sal.service, number="860-555-0199")
        AddressFactory(location=sal.location, address_1="10 Main St")
        self.client.force_login(staff(Role.RESPONDER, team=TeamFactory()))
        data = self.client.get("/outreach/directory.json").json()
        row = next(s for s in data["services"] if s["name"] == "Night Shelter")
        self.assertIn("555", row["phone"])
        self.assertIn("10 Main St", row["address"])
        page = self.client.get("/outreach/directory/")
        self.assertContains(page, "Night Shelter")


class LivingSituationCodeTests(TestCase):
    def test_hud_fy2024_codes(self):
        self.assertEqual(
            set(LivingSituation.values),
            {
                "116",
                "101",
                "118",
                "215",
                "206",
                "207",
                "225",
                "204",
                "205",
                "302",
                "329",
                "314",
                "332",
                "335",
                "336",
                "410",
                "435",
                "421",
                "411",
                "17",
                "37",
                "8",
                "9",
                "99",
            },
        )
        self.assertEqual(
            LivingSituation("116").label.split(" (")[0], "Place not meant for habitation"
        )
