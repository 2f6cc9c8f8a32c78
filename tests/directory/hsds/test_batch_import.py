"""Statewide feeds: pages written many at a time stay a valid Wagtail tree, an unchanged record is
skipped, and a changed one (or one edited here since) is written again."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from directory import models as d
from directory.hsds.importer import import_paths, import_records
from directory.hsds.sample import sample_services, write_sample_file


class BatchImportTests(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def test_pages_written_in_bulk_make_a_valid_tree(self):
        records = list(sample_services(45))
        self.assertTrue(import_records(records[:25]).ok)
        self.assertTrue(import_records(records[25:]).ok)  # appended under the same organizations
        self.assertEqual(tuple(map(list, Page.find_problems())), ([], [], [], [], []))
        self.assertEqual(d.ServicePage.objects.count(), 45)
        for org in d.OrganizationPage.objects.all():
            children = org.get_children()
            self.assertEqual(org.numchild, children.count())
            self.assertEqual(
                set(children.values_list("pk", flat=True)),
                set(org.services.values_list("pk", flat=True)),
            )
        service = d.ServicePage.objects.get(hsds_id=records[30]["id"])
        self.assertEqual(service.url_path, f"{service.get_parent().url_path}{service.slug}/")
        self.assertTrue(service.live)
        self.assertEqual(self.client.get(service.get_url()).status_code, 200)

    def test_slugs_stay_unique_among_siblings(self):
        records = list(sample_services(3))
        for record in records:
            record["name"] = "Night Shelter"
        self.assertTrue(import_records(records).ok)
        slugs = sorted(d.ServicePage.objects.values_list("slug", flat=True))
        self.assertEqual(slugs, ["night-shelter", "night-shelter-2", "night-shelter-3"])

    def test_numbered_slugs_carry_on_past_those_already_stored(self):
        records = list(sample_services(30))
        for record in records:
            record["name"] = "Night Shelter"
            record["organization"] = records[0]["organization"]
            record["organization_id"] = records[0]["organization_id"]
        self.assertTrue(import_records(records[:3]).ok)
        self.assertTrue(import_records(records[3:]).ok)  # more than one window of numbers
        slugs = set(d.ServicePage.objects.values_list("slug", flat=True))
        self.assertEqual(slugs, {"night-shelter"} | {f"night-shelter-{n}" for n in range(2, 31)})

    def test_siblings_are_found_by_index_not_by_a_scan_of_the_tree(self):
        """A path LIKE cannot use SQLite's path index: each batch read every page, so an import
        slowed down as the directory grew."""
        records = list(sample_services(25))
        self.assertTrue(import_records(records[:10]).ok)
        with CaptureQueriesContext(connection) as queries:
            self.assertTrue(import_records(records[10:]).ok)
        page_reads = [q["sql"] for q in queries if 'FROM "wagtailcore_page"' in q["sql"]]
        self.assertTrue(page_reads)
        self.assertEqual([sql for sql in page_reads if " LIKE " in sql], [])

    def test_an_unchanged_record_is_skipped_and_a_changed_one_written(self):
        records = list(sample_services(12))
        self.assertEqual(import_records(records).created, 12)
        again = import_records(records)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 12))
        records[3]["name"] = "Renamed"
        changed = import_records(records)
        self.assertEqual((changed.updated, changed.unchanged), (1, 11))
        self.assertEqual(d.ServicePage.objects.get(hsds_id=records[3]["id"]).title, "Renamed")

    def test_a_change_made_here_is_overwritten_by_the_next_import(self):
        records = list(sample_services(2))
        self.assertTrue(import_records(records).ok)
        page = d.ServicePage.objects.get(hsds_id=records[0]["id"])
        page.title = "Edited by a provider"
        page.save_revision().publish()
        report = import_records(records)
        self.assertEqual((report.updated, report.unchanged), (1, 1))
        self.assertEqual(d.ServicePage.objects.get(pk=page.pk).title, records[0]["name"])

    def test_a_record_the_writer_refuses_is_named_alone(self):
        """Its batch is written again record by record, so the problem is put down to it."""
        records = list(sample_services(30))
        sal = records[17]["service_at_locations"][0]
        sal.pop("location")
        sal["location_id"] = "7d3f1c2e-0000-4000-8000-000000000001"  # known nowhere
        report = import_records(records, partial=True)
        self.assertEqual((report.created, report.rejected_records), (29, 1))
        (rejection,) = report.rejected
        self.assertEqual(
            (rejection.record_id, rejection.field),
            (records[17]["id"], "service_at_locations[0].location_id"),
        )
        all_or_nothing = import_records(records)
        self.assertTrue(all_or_nothing.rolled_back)
        self.assertEqual(d.ServicePage.objects.count(), 29)

    def test_bench_import_prints_the_baseline_beside_both_imports_and_rolls_back(self):
        out = StringIO()
        call_command("bench_import", "--services", "30", stdout=out)
        text = out.getvalue()
        self.assertIn("baseline (load + validate):", text)
        self.assertIn("first import (create):", text)
        self.assertIn("30 created", text)
        self.assertIn("second import (unchanged):", text)
        self.assertIn("30 unchanged", text)
        self.assertIn("x baseline", text)
        self.assertEqual(d.ServicePage.objects.count(), 0)

    def test_a_file_import_and_a_second_one_of_the_same_file(self):
        path = write_sample_file(self.tmp / "s.json", 40)
        first = import_paths([path])
        second = import_paths([path])
        self.assertEqual((first.created, second.unchanged), (40, 40))


class ReindexAfterImportTests(TestCase):
    def test_one_task_indexes_what_the_import_wrote_once_it_commits(self):
        from search.models import ServiceSearchDocument

        records = list(sample_services(4))
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            self.assertTrue(import_records(records).ok)
        self.assertEqual(len(callbacks), 1)
        indexed = set(ServiceSearchDocument.objects.values_list("service_hsds_id", flat=True))
        self.assertEqual({str(i) for i in indexed}, {r["id"] for r in records})
        from wagtail.search.backends import get_search_backend

        found = get_search_backend().search("Sample Service 2", d.ServicePage)
        self.assertIn(records[2]["id"], {str(p.hsds_id) for p in found})

    def test_a_rolled_back_import_enqueues_nothing(self):
        records = list(sample_services(2))
        records[1]["minimum_age"] = "old"
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            self.assertTrue(import_records(records).rolled_back)
        self.assertEqual(callbacks, [])
