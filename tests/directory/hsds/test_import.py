import json
import uuid

from django.test import TestCase

from directory import models as d
from directory.hsds.importer import import_records
from tests.factories import example_on_globe

from .helpers import clone


class ImportUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.record = example_on_globe()
        report = import_records([cls.record])
        assert report.ok, report.rejected

    def service(self):
        return d.ServicePage.objects.get(hsds_id=self.record["id"])

    def test_first_import_builds_the_tree(self):
        service = self.service()
        org = d.OrganizationPage.objects.get(hsds_id=self.record["organization"]["id"])
        self.assertEqual(service.get_parent().specific, org)
        self.assertEqual(service.organization, org)
        self.assertTrue(service.live)
        self.assertEqual(d.HomePage.objects.get().get_children().count(), 1)
        phone = d.Phone.objects.get()  # one id used in five places: one row, five links
        links = [
            phone.service_id,
            phone.organization_id,
            phone.location_id,
            phone.service_at_location_id,
            phone.contact_id,
        ]
        self.assertNotIn(None, links)

    def test_same_id_with_different_content_is_rejected(self):
        record = clone(self.record)
        record["phones"][0]["number"] = "860-555-0199"  # the other four copies still say +44…
        report = import_records([record])
        self.assertEqual(report.rejected[0].field, "phones[0]")
        self.assertIn("appears twice with different 'number'", report.rejected[0].reason)

    def test_reimport_updates_in_place_and_never_duplicates(self):
        # The phone appears in five places; it is one row, so it changes everywhere at once.
        record = json.loads(
            json.dumps(self.record).replace('"\\"+44 1234 234567\\""', '"860-555-0199"')
        )
        record["name"] = "Community Counselling (renamed)"
        report = import_records([record])
        self.assertEqual((report.created, report.updated), (0, 1))
        self.assertEqual(d.ServicePage.objects.count(), 1)
        self.assertEqual(d.OrganizationPage.objects.count(), 1)
        self.assertEqual(d.Phone.objects.count(), 1)
        self.assertEqual(self.service().title, "Community Counselling (renamed)")
        self.assertEqual(d.Phone.objects.get().e164, "+18605550199")

    def test_rows_dropped_from_the_feed_are_removed(self):
        record = clone(self.record)
        record["cost_options"] = []
        record["schedules"] = []
        record["service_at_locations"][0]["schedules"] = []
        record["service_at_locations"][0]["location"]["schedules"] = []
        record["organization"]["locations"][0]["schedules"] = []
        self.assertTrue(import_records([record]).ok)
        self.assertEqual(d.CostOption.objects.count(), 0)
        self.assertEqual(d.Schedule.objects.count(), 0)

    def test_service_moves_when_its_organization_changes(self):
        record = clone(self.record)
        record["organization"] = {
            "id": str(uuid.uuid4()),
            "name": "New Home Inc.",
            "description": "Took it over.",
        }
        record.pop("organization_id", None)
        self.assertTrue(import_records([record]).ok)
        service = self.service()
        self.assertEqual(service.get_parent().specific.title, "New Home Inc.")
        self.assertEqual(service.organization.title, "New Home Inc.")

    def test_organization_id_of_a_known_organization_is_enough(self):
        record = clone(self.record)
        record["id"] = str(uuid.uuid4())
        record["organization_id"] = record.pop("organization")["id"]
        for key in (
            "phones",
            "contacts",
            "languages",
            "schedules",
            "service_at_locations",
            "attributes",
            "cost_options",
            "required_documents",
            "service_areas",
        ):
            record.pop(key)
        report = import_records([record])
        self.assertTrue(report.ok, report.rejected)
        self.assertEqual(
            d.ServicePage.objects.get(hsds_id=record["id"]).organization.hsds_id,
            uuid.UUID(record["organization_id"]),
        )

    def test_capacity_and_closures_extensions(self):
        record = clone(self.record)
        record["capacities"] = [
            {
                "id": str(uuid.uuid4()),
                "unit": {"id": str(uuid.uuid4()), "name": "bed"},
                "available": 4,
                "maximum": 10,
                "updated": "2026-11-23T18:05:00-05:00",
            }
        ]
        record["closures"] = [
            {"starts_on": "2026-12-25", "ends_on": "2026-12-26", "reason": "Holiday"}
        ]
        self.assertTrue(import_records([record]).ok)
        capacity = d.ServiceCapacity.objects.get()
        self.assertEqual((capacity.available, capacity.maximum, capacity.unit.name), (4, 10, "bed"))
        self.assertEqual(capacity.changes.count(), 1)
        self.assertEqual(d.Closure.objects.get().reason, "Holiday")

    def with_capacity(self, available, maximum) -> dict:
        record = clone(self.record)
        record["capacities"] = [
            {
                "id": str(uuid.uuid4()),
                "unit": {"id": str(uuid.uuid4()), "name": "bed"},
                "available": available,
                "maximum": maximum,
                "updated": "2026-11-23T18:05:00Z",
            }
        ]
        return record

    def test_capacity_above_maximum_is_stored_with_a_warning(self):
        record = self.with_capacity(
            12, 10
        )  # as in the HSDS 3.1-dev example: a provider over capacity
        report = import_records([record])
        self.assertTrue(report.ok, report.rejected)
        (warning,) = [w for w in report.warnings if w.field.startswith("capacities")]
        self.assertEqual(
            (warning.record_id, warning.field), (record["id"], "capacities[0].available")
        )
        self.assertIn("over capacity", warning.reason)
        self.assertEqual(
            d.ServiceCapacity.objects.values_list("available", "maximum").get(), (12, 10)
        )

    def test_non_integer_capacity_counts_whole_and_exports_as_given(self):
        record = self.with_capacity(2.5, 10.0)
        report = import_records([record])
        self.assertTrue(report.ok, report.rejected)
        self.assertEqual(
            [w.field for w in report.warnings if w.field.startswith("capacities")],
            ["capacities[0].available"],
        )
        self.assertEqual(
            d.ServiceCapacity.objects.values_list("available", "maximum").get(), (2, 10)
        )
        served = self.client.get(f"/api/hsds/services/{record['id']}").json()["capacities"][0]
        self.assertEqual((served["available"], served["maximum"]), (2.5, 10))
        # A provider's new count replaces the fraction: the model's value is served again.
        d.ServiceCapacity.objects.update(available=3)
        served = self.client.get(f"/api/hsds/services/{record['id']}").json()["capacities"][0]
        self.assertEqual(served["available"], 3)

    def test_impossible_values_stay_refused_with_record_and_field(self):
        record = clone(self.record)
        record["organization"]["locations"][0]["latitude"] = 100
        report = import_records([record])
        self.assertFalse(report.ok)
        self.assertEqual(
            (report.rejected[0].record_id, report.rejected[0].field),
            (record["id"], "organization.locations[0].latitude"),
        )

    def test_time_with_offset_keeps_clock_time_and_offset(self):
        record = clone(self.record)
        record["schedules"][0]["id"] = str(uuid.uuid4())
        record["schedules"][0]["opens_at"] = "09:00-05:00"
        del record["schedules"][0]["timezone"]
        self.assertTrue(import_records([record]).ok)
        schedule = d.Schedule.objects.get(hsds_id=record["schedules"][0]["id"])
        self.assertEqual((schedule.opens_at.hour, schedule.timezone), (9, -5.0))


class TaxonomyTermParentTests(TestCase):
    """A term's parent_id is kept when the parent is not in the file, and linked when it arrives."""

    def test_parent_kept_then_linked(self):
        child_record = example_on_globe()
        term = child_record["attributes"][0]["taxonomy_term"]
        parent_id = term["parent_id"]
        self.assertFalse(d.TaxonomyTerm.objects.filter(hsds_id=parent_id).exists())
        self.assertTrue(import_records([child_record]).ok)
        child = d.TaxonomyTerm.objects.get(hsds_id=term["id"])
        self.assertEqual((child.parent, str(child.parent_hsds_id)), (None, parent_id))
        served = self.client.get(f"/api/hsds/taxonomy_terms/{term['id']}").json()
        self.assertEqual(served["parent_id"], parent_id)
        listed = self.client.get("/api/hsds/taxonomy_terms", {"parent_id": parent_id}).json()[
            "contents"
        ]
        self.assertEqual([t["id"] for t in listed], [term["id"]])

        parent_record = clone(child_record)
        parent_record["id"] = str(uuid.uuid4())
        parent_record.pop("service_at_locations")
        parent_record["attributes"] = [
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": parent_id,
                    "name": "Parent",
                    "description": "The broader term",
                    "taxonomy_detail": term["taxonomy_detail"],
                },
            }
        ]
        for key in (
            "phones",
            "contacts",
            "schedules",
            "languages",
            "cost_options",
            "required_documents",
            "service_areas",
        ):
            parent_record.pop(key)
        report = import_records([parent_record])
        self.assertTrue(report.ok, report.rejected)
        child.refresh_from_db()
        self.assertEqual(child.parent.hsds_id, uuid.UUID(parent_id))
