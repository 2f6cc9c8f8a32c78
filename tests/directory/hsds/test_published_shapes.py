"""Files as HSDS is really published: an API Page, one organization with its services, one
service; and files of any size on disk."""

import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from directory import models as d
from directory.hsds.checks import AN_ORGANIZATION
from directory.hsds.reader import PAGE_WITHOUT_CONTENTS
from tests.factories import example_on_globe, on_globe

from .helpers import clone, directory_counts, run

ORGANIZATION_EXAMPLE = settings.SHARED_DIR / "hsds" / "examples-3.0" / "organization_full.json"


class PublishedShapeTests(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def write(self, content, name="feed.json") -> Path:
        path = self.tmp / name
        path.write_text(
            content if isinstance(content, str) else json.dumps(content), encoding="utf-8"
        )
        return path

    def test_an_api_page_is_read_by_its_contents(self):
        first, second = example_on_globe(), example_on_globe()
        second["id"] = "b0e2c5a4-0b5e-4d4e-9b2a-2c7f1f0c6d11"
        for key in (
            "service_at_locations",
            "phones",
            "contacts",
            "schedules",
            "languages",
            "attributes",
        ):
            second.pop(key)
        page = {
            "total_items": 2,
            "total_pages": 1,
            "page_number": 1,
            "size": 2,
            "first_page": True,
            "last_page": True,
            "empty": False,
            "contents": [first, second],
        }
        status, out, err = run("import_hsds", self.write(page))
        self.assertEqual(status, 0, err)
        self.assertIn("2 record(s) read from 1 file(s): 2 created", out)
        self.assertEqual(d.ServicePage.objects.count(), 2)

    def test_contents_after_the_envelope_keys_or_before(self):
        record = example_on_globe()
        body = json.dumps({"contents": [record], "total_items": 1, "page_number": 1})
        status, out, err = run("import_hsds", self.write(body))
        self.assertEqual(status, 0, err)
        self.assertIn("1 created", out)

    def test_a_page_without_contents_is_refused_with_a_message_that_says_so(self):
        before = directory_counts()
        status, _out, err = run(
            "import_hsds", self.write({"total_items": 0, "page_number": 1, "empty": True})
        )
        self.assertEqual(status, 1)
        self.assertIn(PAGE_WITHOUT_CONTENTS.split(" (")[0], err)
        self.assertEqual(directory_counts(), before)

    def test_one_organization_with_its_services(self):
        organization = on_globe(json.loads(ORGANIZATION_EXAMPLE.read_text(encoding="utf-8")))
        status, out, err = run("import_hsds", self.write(organization))
        self.assertEqual(status, 0, err)
        self.assertIn(f"{len(organization['services'])} created", out)
        service = d.ServicePage.objects.get()
        self.assertEqual(service.organization.hsds_id.hex, organization["id"].replace("-", ""))
        self.assertEqual(service.organization.title, organization["name"])

    def test_a_list_of_organizations_with_services(self):
        organization = on_globe(json.loads(ORGANIZATION_EXAMPLE.read_text(encoding="utf-8")))
        status, out, err = run("import_hsds", self.write([organization]))
        self.assertEqual(status, 0, err)
        self.assertEqual(d.ServicePage.objects.count(), len(organization["services"]))

    def test_an_organization_without_services_is_refused_with_a_message_that_says_so(self):
        organization = on_globe(json.loads(ORGANIZATION_EXAMPLE.read_text(encoding="utf-8")))
        del organization["services"]
        before = directory_counts()
        status, _out, err = run("import_hsds", self.write(organization))
        self.assertEqual(status, 1)
        self.assertIn(f"record {organization['id']}: {AN_ORGANIZATION}", err)
        self.assertNotIn("required field is missing", err)
        self.assertEqual(directory_counts(), before)

    def test_one_service_object(self):
        status, out, err = run("import_hsds", self.write(example_on_globe()))
        self.assertEqual(status, 0, err)
        self.assertIn("1 record(s) read from 1 file(s): 1 created", out)

    def test_no_size_limit_for_a_file_on_disk(self):
        """A file far past the 25 MB that used to be refused (here mostly whitespace) is read."""
        record = clone(example_on_globe())
        path = self.tmp / "big.json"
        with path.open("w", encoding="utf-8") as fh:
            fh.write("[" + json.dumps(record))
            fh.write(" " * (30 * 1024 * 1024))
            fh.write("]")
        status, out, err = run("import_hsds", path)
        self.assertEqual(status, 0, err)
        self.assertIn("1 created", out)
