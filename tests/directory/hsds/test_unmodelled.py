"""Nothing is dropped in silence: what Waypoint does not model is kept as it came, exported back,
and named in the import report."""

import json
import shutil
import tempfile
import uuid
from pathlib import Path

from django.test import TestCase

from directory import models as d
from directory.hsds.exporter import exported_services
from directory.hsds.importer import import_records
from tests.factories import EXTENSIONS, example_on_globe, with_extensions

from .helpers import run, wipe_directory


def contains(whole, part, path=""):
    """The places where ``part`` is not found in ``whole`` as given (lists item by item)."""
    if isinstance(part, dict):
        if not isinstance(whole, dict):
            return [path]
        return [
            p
            for key, value in part.items()
            for p in (
                [f"{path}.{key}"]
                if key not in whole
                else contains(whole[key], value, f"{path}.{key}")
            )
        ]
    if isinstance(part, list):
        if not isinstance(whole, list) or len(whole) != len(part):
            return [path]
        return [
            p for i, (w, v) in enumerate(zip(whole, part)) for p in contains(w, v, f"{path}[{i}]")
        ]
    return [] if whole == part else [path]


class UnmodelledTests(TestCase):
    def tmpdir(self) -> Path:
        path = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, path, ignore_errors=True)
        return path

    def export(self) -> dict:
        (record,) = list(exported_services())
        return record

    def test_nothing_in_the_official_example_is_dropped(self):
        record = example_on_globe()
        report = import_records([record])
        self.assertTrue(report.ok, report.rejected)
        exported = self.export()
        # The one value put right is said in the report: the attribute sits under the service.
        self.assertEqual(contains(exported, record), [".attributes[0].link_entity"])
        self.assertEqual([w.field for w in report.warnings], ["attributes[0].link_entity"])
        for key in (
            "program",
            "funding",
            "metadata",
            "fees",
            "organization.funding",
            "organization.programs",
            "organization.organization_identifiers",
        ):
            self.assertEqual(report.unmodelled[key], 1, key)
        self.assertEqual(exported["schedules"][0]["opens_at"], "10:00:00")  # its own spelling

    def test_extension_and_profile_fields_come_back_as_they_came(self):
        record = with_extensions(example_on_globe())
        report = import_records([record])
        self.assertTrue(report.ok, report.rejected)
        exported = self.export()
        self.assertEqual(contains(exported, record), [".attributes[0].link_entity"])
        self.assertEqual(exported["capacities"][0]["updated"], "2026-11-23T18:05:00-05:00")
        for key in (
            "x_referral_line",
            "additional_urls",
            "organization.x_charity_number",
            "organization.locations.x_entrance",
            "attributes.taxonomy_term.term",
            "capacities.x_source",
            "capacities.unit.x_kind",
        ):
            self.assertIn(key, report.unmodelled)
        served = self.client.get(f"/api/hsds/services/{record['id']}").json()
        self.assertEqual(served["x_referral_line"], EXTENSIONS["x_referral_line"])

    def test_the_command_says_what_it_kept(self):
        path = self.tmpdir() / "feed.json"
        path.write_text(json.dumps([with_extensions(example_on_globe())]))
        status, out, err = run("import_hsds", path)
        self.assertEqual(status, 0, err)
        self.assertIn("Kept unmodelled, exported back as given: ", out)
        self.assertIn("x_referral_line (1)", out)
        self.assertIn("organization.organization_identifiers (1)", out)
        self.assertIn("warning: ", out)

    def test_import_export_import_export_is_byte_identical(self):
        source = self.tmpdir() / "feed.json"
        source.write_text(json.dumps([with_extensions(example_on_globe())]))
        first, second = self.tmpdir(), self.tmpdir()
        self.assertEqual(run("import_hsds", source)[0], 0)
        self.assertEqual(run("export_hsds", first)[0], 0)
        wipe_directory()
        self.assertEqual(run("import_hsds", first / "services.json")[0], 0)
        self.assertEqual(run("export_hsds", second)[0], 0)
        self.assertEqual(
            (first / "services.json").read_bytes(), (second / "services.json").read_bytes()
        )

    def test_an_offset_that_contradicts_timezone_is_kept_and_said(self):
        record = example_on_globe()
        schedule = record["schedules"][0]
        schedule["id"] = str(uuid.uuid4())  # the example shares its schedule with the location
        schedule["opens_at"], schedule["timezone"] = "08:00-05:00", 1
        report = import_records([record])
        self.assertTrue(report.ok, report.rejected)
        (warning,) = [w for w in report.warnings if w.field == "schedules[0].opens_at"]
        self.assertIn("timezone says 1", warning.reason)
        stored = d.Schedule.objects.get(hsds_id=schedule["id"])
        self.assertEqual((stored.opens_at.hour, stored.timezone), (8, 1.0))
        self.assertEqual(self.export()["schedules"][0]["opens_at"], "08:00-05:00")

    def test_an_edit_replaces_the_original_spelling(self):
        record = example_on_globe()
        record["schedules"][0]["id"] = str(uuid.uuid4())
        record["schedules"][0]["opens_at"] = "08:00-05:00"
        del record["schedules"][0]["timezone"]
        self.assertTrue(import_records([record]).ok)
        d.Schedule.objects.filter(hsds_id=record["schedules"][0]["id"]).update(opens_at="09:30")
        self.assertEqual(self.export()["schedules"][0]["opens_at"], "09:30")

    def test_one_row_given_twice_with_different_unmodelled_keys_is_refused(self):
        record = example_on_globe()
        record["phones"][0]["x_note"] = "front desk"  # the other copies of this phone say nothing
        record["organization"]["phones"][0]["x_note"] = "back office"
        report = import_records([record])
        self.assertFalse(report.ok)
        self.assertIn(
            "appears twice with different 'x_note'", " ".join(r.reason for r in report.rejected)
        )
