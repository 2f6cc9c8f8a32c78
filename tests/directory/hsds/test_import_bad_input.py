"""Every kind of bad input: a clear message, exit status 1, never a traceback, nothing written."""

import json
import shutil
import tempfile
import uuid
from pathlib import Path

from django.test import TestCase

from directory import models as d
from directory.hsds import checks, plan, reader
from directory.hsds.importer import DUPLICATE_ID, import_paths, import_records
from tests.factories import example_on_globe, published_example

from .helpers import clone, directory_counts, run


class BadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.good = example_on_globe()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.before = directory_counts()

    def write(self, name, content) -> Path:
        path = self.tmp / name
        path.write_text(
            content if isinstance(content, str) else json.dumps(content), encoding="utf-8"
        )
        return path

    def refused(self, content, *, name="feed.json"):
        """Run import_hsds on content; assert status 1, nothing written; return stderr."""
        status, _out, err = run("import_hsds", self.write(name, content))
        self.assertEqual(status, 1, err)
        self.assertNotIn("Traceback", err)
        self.assertEqual(directory_counts(), self.before)
        return err

    def only_rejection(self, record):
        report = import_records([record])
        self.assertFalse(report.ok)
        self.assertTrue(report.rolled_back)
        self.assertEqual(directory_counts(), self.before)
        return report.rejected

    def test_invalid_json_names_line_and_column(self):
        err = self.refused('[\n  {"id": "x",\n   "name": oops}\n]')
        self.assertIn("invalid JSON at line 3, column 12", err)

    def test_not_a_list(self):
        self.assertIn("expected a JSON list", self.refused('"hello"'))

    def test_wrong_type(self):
        record = clone(self.good)
        record["minimum_age"] = "twelve"
        rejected = self.only_rejection(record)
        self.assertEqual(rejected[0].field, "minimum_age")
        self.assertIn("expected number, got a string", rejected[0].reason)
        self.assertEqual(rejected[0].record_id, record["id"])

    def test_missing_required_field(self):
        record = clone(self.good)
        del record["name"]
        err = self.refused([record])
        self.assertIn(f"record {record['id']}: name: required field is missing", err)

    def test_duplicate_id_in_one_file(self):
        second = clone(self.good)
        err = self.refused([self.good, second])
        self.assertIn(
            f"record {second['id']}: id: " + DUPLICATE_ID.format(first="#1", file=""),
            err.replace(str(self.tmp / "feed.json"), ""),
        )

    def test_id_not_a_uuid(self):
        record = clone(self.good)
        record["phones"][0]["id"] = "phone-1"
        rejected = self.only_rejection(record)
        self.assertIn(
            ("phones[0].id", "'phone-1' is not a valid uuid"),
            [(r.field, r.reason) for r in rejected],
        )

    def test_latitude_200(self):
        record = clone(self.good)
        record["service_at_locations"][0]["location"]["latitude"] = 200
        rejected = self.only_rejection(record)
        self.assertEqual(rejected[0].field, "service_at_locations[0].location.latitude")
        self.assertEqual(rejected[0].reason, checks.BAD_LATITUDE.format(value=200))

    def test_opening_hours_25_99(self):
        record = clone(self.good)
        record["schedules"][0]["opens_at"] = "25:99"
        rejected = self.only_rejection(record)
        self.assertEqual(
            (rejected[0].field, rejected[0].reason),
            ("schedules[0].opens_at", checks.BAD_TIME.format(value="'25:99'")),
        )

    def test_bad_date(self):
        record = clone(self.good)
        record["schedules"][0]["valid_to"] = "2005-02-30"
        self.assertEqual(self.only_rejection(record)[0].field, "schedules[0].valid_to")

    def test_published_example_refused(self):
        err = self.refused(published_example(), name="service_full.json")
        self.assertIn("latitude must be between -90 and 90, got 100", err)

    def test_service_without_organization(self):
        record = clone(self.good)
        del record["organization"]
        rejected = self.only_rejection(record)
        self.assertEqual(
            (rejected[0].field, rejected[0].reason), ("organization", plan.NO_ORGANIZATION)
        )

    def test_unknown_organization_id(self):
        record = clone(self.good)
        del record["organization"]
        record["organization_id"] = str(uuid.uuid4())
        rejected = self.only_rejection(record)
        self.assertEqual(rejected[0].field, "organization_id")
        self.assertIn("no organization with id", rejected[0].reason)

    def test_too_long_for_the_database(self):
        record = clone(self.good)
        record["phones"][0]["type"] = "x" * 300
        self.assertIn("at most 20 characters", self.only_rejection(record)[0].reason)

    def test_good_record_then_bad_one_stores_nothing(self):
        bad = clone(self.good)
        bad["id"] = str(uuid.uuid4())
        bad["schedules"][0]["closes_at"] = "25:99"
        err = self.refused([self.good, bad])
        self.assertIn(bad["id"], err)
        self.assertNotIn(f"record {self.good['id']}", err)

    def test_partial_stores_the_good_record_and_reports_the_bad(self):
        bad = clone(self.good)
        bad["id"] = str(uuid.uuid4())
        bad["schedules"][0]["closes_at"] = "25:99"
        status, out, err = run(
            "import_hsds", self.write("feed.json", [self.good, bad]), "--partial"
        )
        self.assertEqual(status, 0)
        self.assertIn("1 created, 0 updated, 0 unchanged, 1 rejected", out)
        self.assertIn(f"record {bad['id']}: schedules[0].closes_at:", err)
        self.assertTrue(d.ServicePage.objects.filter(hsds_id=self.good["id"]).exists())
        self.assertFalse(d.ServicePage.objects.filter(hsds_id=bad["id"]).exists())

    def test_partial_keeps_nothing_from_a_broken_file(self):
        text = "[" + json.dumps(self.good) + ", {"
        report = import_paths([self.write("broken.json", text)], partial=True)
        self.assertEqual(report.rejected[0].record_id, None)
        self.assertIn("invalid JSON", report.rejected[0].reason)
        self.assertEqual(directory_counts(), self.before)

    def test_big_file_is_streamed_not_loaded(self):
        # The reader hands out records one by one (ijson), so the first record is available
        # before the rest of a large file has been read.
        path = self.tmp / "stream.json"
        path.write_text("[" + ",".join([json.dumps(self.good)] * 200) + "]")
        records = reader.read_records(path)
        index, first = next(records)
        self.assertEqual((index, first["id"]), (0, self.good["id"]))

    def test_missing_path(self):
        status, _out, err = run("import_hsds", self.tmp / "nope.json")
        self.assertEqual(status, 1)
        self.assertIn("no such file or folder", err)
