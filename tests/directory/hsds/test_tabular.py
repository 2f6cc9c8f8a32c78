"""The HSDS tabular format: CSV data packages in and out, under the same rules as JSON."""

import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from directory import models as d
from directory.hsds.tabular import DESCRIPTORS
from tests.factories import example_on_globe, with_extensions

from .helpers import directory_counts, run, wipe_directory

EXAMPLES = settings.SHARED_DIR / "hsds"
CSV_30 = EXAMPLES / "examples-3.0" / "csv"
CSV_31 = EXAMPLES / "examples-3.1-dev-csv"


class TabularTests(TestCase):
    def tmpdir(self) -> Path:
        path = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, path, ignore_errors=True)
        return path

    def package(self, source: Path, *, on_globe=True) -> Path:
        """A copy of an official example package (its placeholder coordinates moved to Hartford)."""
        folder = self.tmpdir() / "package"
        shutil.copytree(source, folder)
        if on_globe:
            locations = folder / "locations.csv"
            locations.write_text(
                locations.read_text(encoding="utf-8").replace(",100,101,", ",41.7637,-72.6851,"),
                encoding="utf-8",
            )
        return folder

    def files(self, folder: Path) -> dict:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    def test_vendored_descriptors_are_the_official_ones(self):
        for name, source in (
            ("datapackage-3.0.json", CSV_30),
            ("datapackage-3.1-dev.json", CSV_31),
        ):
            self.assertEqual(
                json.loads((DESCRIPTORS / name).read_text()),
                json.loads((source / "datapackage.json").read_text()),
            )

    def test_the_official_package_is_read_like_the_json_example(self):
        status, out, err = run("import_hsds", self.package(CSV_30))
        self.assertEqual(status, 0, err)
        self.assertIn("1 record(s) read from 1 file(s): 1 created", out)
        service = d.ServicePage.objects.get()
        record = example_on_globe()
        self.assertEqual(
            (service.hsds_id.hex, service.title), (record["id"].replace("-", ""), record["name"])
        )
        self.assertEqual(service.organization.title, record["organization"]["name"])
        self.assertEqual(d.Location.objects.get().latitude, 41.7637)
        self.assertEqual(d.Schedule.objects.count(), 1)
        self.assertEqual(service.hsds_extra["program"]["name"], record["program"]["name"])
        self.assertEqual(service.hsds_extra["funding"][0]["source"], record["funding"][0]["source"])
        # Rows the package holds for records it does not have are named, not dropped in silence.
        self.assertIn(
            "a meta_table_description row that belongs to no service in the package: not imported",
            out,
        )
        self.assertIn("a attribute row", out)

    def test_the_31_package_names_the_bed_count_it_cannot_place(self):
        status, out, err = run("import_hsds", self.package(CSV_31) / "datapackage.json")
        self.assertEqual(status, 0, err)
        self.assertIn(
            "8896b788-7b3e-11ef-8db9-7f3d040352b3: a service_capacity row that belongs to no service",
            out,
        )

    def test_the_package_round_trips(self):
        first, second = self.tmpdir(), self.tmpdir()
        self.assertEqual(run("import_hsds", self.package(CSV_30))[0], 0)
        self.assertEqual(run("export_hsds", first, "--tabular")[0], 0)
        wipe_directory()
        status, _out, err = run("import_hsds", first)
        self.assertEqual(status, 0, err)
        self.assertEqual(run("export_hsds", second, "--tabular")[0], 0)
        self.assertEqual(self.files(first), self.files(second))
        self.assertIn("programs.csv", self.files(first))
        self.assertEqual(len((first / "programs.csv").read_text().splitlines()), 2)

    def test_json_to_csv_to_json_keeps_everything(self):
        source = self.tmpdir() / "feed.json"
        source.write_text(json.dumps([with_extensions(example_on_globe())]))
        as_json, as_csv, again = self.tmpdir(), self.tmpdir(), self.tmpdir()
        self.assertEqual(run("import_hsds", source)[0], 0)
        self.assertEqual(run("export_hsds", as_json)[0], 0)
        status, out, err = run("export_hsds", as_csv, "--tabular")
        self.assertEqual(status, 0, err)
        self.assertIn("Wrote 1 service(s)", out)
        self.assertTrue((as_csv / "service_capacity.csv").exists())
        descriptor = json.loads((as_csv / "datapackage.json").read_text())
        services = next(r for r in descriptor["resources"] if r["name"] == "service")
        self.assertIn({"name": "x_referral_line", "type": "object"}, services["schema"]["fields"])
        wipe_directory()
        status, _out, err = run("import_hsds", as_csv / "datapackage.json")
        self.assertEqual(status, 0, err)
        self.assertEqual(run("export_hsds", again)[0], 0)
        self.assertEqual(
            json.loads((again / "services.json").read_text()),
            json.loads((as_json / "services.json").read_text()),
        )

    def test_a_bad_record_in_a_package_is_refused_like_json(self):
        before = directory_counts()
        status, _out, err = run(
            "import_hsds", self.package(CSV_30, on_globe=False)
        )  # latitude 100, as published
        self.assertEqual(status, 1)
        self.assertIn(
            "record ac148810-d857-441c-9679-408f346de14b: service_at_locations[0].location.latitude: latitude must be",
            err,
        )
        self.assertEqual(directory_counts(), before)

    def test_a_broken_package_gets_a_clear_message(self):
        folder = self.package(CSV_30)
        (folder / "datapackage.json").write_text("{not json")
        status, _out, err = run("import_hsds", folder)
        self.assertEqual(status, 1)
        self.assertIn("cannot read datapackage.json", err)
        folder = self.package(CSV_30)
        services = folder / "services.csv"
        services.write_text(
            services.read_text().replace("id,organization_id,", "ident,organization_id,", 1)
        )
        status, _out, err = run("import_hsds", folder)
        self.assertEqual(status, 1)
        self.assertIn("services.csv has no id column", err)

    def test_partial_applies_to_packages(self):
        folder = self.package(CSV_30, on_globe=False)
        status, _out, err = run("import_hsds", folder, "--partial")
        self.assertEqual(status, 0)
        self.assertIn("latitude must be", err)
        self.assertEqual(d.ServicePage.objects.count(), 0)
