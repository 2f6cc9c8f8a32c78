"""import → export → import is lossless: two exports from two databases are equal."""

import json
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase

from demo import SERVICES_FILE
from directory.hsds.importer import import_paths, import_records
from directory.hsds.sample import write_sample_file
from tests import factories as fx
from tests.factories import example_on_globe

from .helpers import run, wipe_directory


class RoundTripTests(TestCase):
    def tmpdir(self) -> Path:
        path = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, path, ignore_errors=True)
        return path

    def round_trip(self, import_first):
        """Import, export, wipe, import the export, export again; both exports must be equal."""
        self.assertTrue(import_first().ok)
        out1, out2 = self.tmpdir(), self.tmpdir()
        status, stdout, err = run("export_hsds", out1)
        self.assertEqual(status, 0, err)
        first = json.loads((out1 / "services.json").read_text())
        wipe_directory()
        status, _out, err = run("import_hsds", out1 / "services.json")
        self.assertEqual(status, 0, err)
        self.assertEqual(run("export_hsds", out2)[0], 0)
        second = json.loads((out2 / "services.json").read_text())
        self.assertEqual(first, second)
        return first

    def test_official_example(self):
        exported = self.round_trip(lambda: import_records([example_on_globe()]))
        self.assertEqual(len(exported), 1)
        self.assertEqual(exported[0]["organization"]["locations"][0]["latitude"], 41.7637)

    def test_demo_data(self):
        exported = self.round_trip(lambda: import_paths([SERVICES_FILE]))
        self.assertEqual(len(exported), len(json.loads(SERVICES_FILE.read_text())))

    def test_generated_data(self):
        path = write_sample_file(self.tmpdir() / "s.json", 25)
        self.assertEqual(len(self.round_trip(lambda: import_paths([path]))), 25)

    def test_export_of_factory_data_validates(self):
        fx.ServiceCapacityFactory()
        fx.ScheduleFactory()
        out = self.tmpdir()
        status, stdout, _err = run("export_hsds", out)
        self.assertEqual(status, 0)
        self.assertIn("Wrote 2 service(s)", stdout)
