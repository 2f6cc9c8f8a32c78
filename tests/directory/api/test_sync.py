"""Incremental sync by last_modified: one date, served and filtered, that every change moves."""

from datetime import UTC, datetime

from django.test import TestCase
from django.utils import timezone

from directory import services
from directory.hsds.importer import import_records
from directory.models import ServicePage
from staff.accounts import staff_create_or_update
from tests.factories import build_directory, example_on_globe

API = "/api/hsds"
CURSOR = "2026-10-19T00:00:00Z"


class SyncTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()
        cls.provider = staff_create_or_update(
            "sync.provider",
            role="provider",
            password="pw-123-long-enough",
            organization=cls.data.alliance,
        ).user

    def since(self, cursor=CURSOR, **params):
        response = self.client.get(
            f"{API}/services", {"modified_after": cursor, "per_page": 100, **params}
        )
        self.assertEqual(response.status_code, 200, response.content[:300])
        return {item["id"]: item.get("last_modified") for item in response.json()["contents"]}

    def served(self, service):
        return self.client.get(f"{API}/services/{service.hsds_id}").json()["last_modified"]

    def minimal(self, service):
        contents = self.client.get(f"{API}/services", {"minimal": "true"}).json()["contents"]
        return next(
            item["last_modified"] for item in contents if item["id"] == str(service.hsds_id)
        )

    def test_an_import_today_keeps_the_feed_date(self):
        record = example_on_globe()
        self.assertTrue(import_records([record]).ok)
        self.assertEqual(
            self.served(ServicePage.objects.get(hsds_id=record["id"])), "2023-03-15T10:30:45.123Z"
        )
        self.assertNotIn(record["id"], self.since())
        self.assertIn(record["id"], self.since("2023-03-15T10:30:00Z"))

    def test_a_published_edit_moves_last_modified_everywhere(self):
        night = self.data.night
        before = self.served(night)
        self.assertNotIn(str(night.hsds_id), self.since())
        revision = ServicePage.objects.get(pk=night.pk).save_revision()
        revision.publish()
        night.refresh_from_db()
        self.assertGreater(night.last_modified, datetime.fromisoformat(before))
        moved = self.served(night)
        self.assertEqual(self.minimal(night), moved)
        self.assertEqual(self.since()[str(night.hsds_id)], moved)
        self.assertNotIn(str(night.hsds_id), self.since(timezone.now().isoformat()))

    def test_publishing_the_organization_moves_its_services(self):
        self.data.food_bank.save_revision().publish()
        moved = self.since()
        self.assertIn(str(self.data.pantry.hsds_id), moved)
        self.assertIn(str(self.data.inactive.hsds_id), moved)
        self.assertNotIn(str(self.data.night.hsds_id), moved)

    def test_a_bed_count_moves_last_modified(self):
        capacity = self.data.night.capacities.get()
        self.assertNotIn(str(self.data.night.hsds_id), self.since())
        services.capacity_update(capacity=capacity, available=2, user=self.provider)
        capacity.refresh_from_db()
        changed = self.since()
        self.assertIn(str(self.data.night.hsds_id), changed)
        self.assertEqual(
            datetime.fromisoformat(changed[str(self.data.night.hsds_id)]), capacity.updated
        )

    def test_quick_updates_move_last_modified(self):
        for update in (
            lambda: services.service_closed_today_set(
                service=self.data.detox_unit, closed=True, user=self.provider
            ),
            lambda: services.listing_confirm(service=self.data.detox_unit, user=self.provider),
        ):
            cursor = timezone.now().isoformat()
            update()
            self.assertIn(str(self.data.detox_unit.hsds_id), self.since(cursor))

    def test_a_closed_service_stays_in_the_sync_with_its_status(self):
        defunct = self.data.defunct
        self.assertNotIn(str(defunct.hsds_id), self.since())
        page = ServicePage.objects.get(pk=self.data.night.pk)
        page.status = ServicePage.Status.INACTIVE
        page.save_revision().publish()
        contents = self.client.get(
            f"{API}/services", {"modified_after": CURSOR, "minimal": "true"}
        ).json()["contents"]
        self.assertIn(
            {"id": str(page.hsds_id), "status": "inactive"},
            [{"id": c["id"], "status": c["status"]} for c in contents],
        )

    def test_modified_after_is_inclusive_and_compares_instants(self):
        self.assertIn(str(self.data.night.hsds_id), self.since("2026-10-01T12:00:00Z"))
        self.assertIn(str(self.data.night.hsds_id), self.since("2026-10-01T08:00:00-04:00"))
        self.assertNotIn(str(self.data.night.hsds_id), self.since("2026-10-01T08:00:01-04:00"))
        self.assertEqual(self.data.night.last_modified, datetime(2026, 10, 1, 12, tzinfo=UTC))
