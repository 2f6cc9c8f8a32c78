"""import_hsds sorts the imported directory into Waypoint's categories and reports the terms of the
211's taxonomy that map to none."""

import json
import tempfile
from pathlib import Path

from django.test import TestCase

from directory.models import ServiceClassification, ServicePage
from tests.directory.hsds.helpers import clone, run
from tests.factories import example_on_globe

OPEN_ELIGIBILITY = {
    "id": "c7c7f40f-ddca-55f7-9ef0-9901d072c867",
    "name": "Open Eligibility",
    "description": "OE",
}


def oe_attribute(n, code, name):
    return {
        "id": f"00000000-0000-4000-8000-00000000000{n}",
        "link_type": "service_category",
        "link_entity": "service",
        "taxonomy_term": {
            "id": f"00000000-0000-4000-9000-00000000000{n}",
            "code": code,
            "name": name,
            "description": "",
            "taxonomy": "Open Eligibility",
            "taxonomy_id": OPEN_ELIGIBILITY["id"],
            "taxonomy_detail": OPEN_ELIGIBILITY,
            "language": "en",
        },
    }


class ImportCrosswalkReportTests(TestCase):
    def test_report_lists_unmapped_terms_and_services_sorted_by_their_own_words(self):
        record = clone(example_on_globe())
        record["name"] = (
            "Northside Help Desk"  # its alternate name is "MyCity Counselling Services"
        )
        record["attributes"] = [
            oe_attribute(1, "102-05", "Free Meals"),
            oe_attribute(2, "107-03", "Tax Preparation"),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "services.json"
            path.write_text(json.dumps([record]), encoding="utf-8")
            status, out, err = run("import_hsds", path)
        self.assertEqual(status, 0, err)
        lines = out.splitlines()
        self.assertEqual(
            lines[0],
            "1 record(s) read from 1 file(s): 1 created, 0 updated, 0 unchanged, 0 rejected.",
        )
        lines = lines[
            lines.index(
                "Taxonomy terms: 1 mapped to Waypoint categories, 1 unmapped (1 service uses them):"
            ) :
        ]
        self.assertEqual(lines[1], "  Tax Preparation (Open Eligibility 107-03): 1 service(s)")
        self.assertEqual(
            lines[2], "1 service(s) got a category from their own name or description."
        )
        service = ServicePage.objects.get(title="Northside Help Desk")
        rows = ServiceClassification.objects.filter(
            service=service, kind=ServiceClassification.Kind.CATEGORY
        )
        self.assertEqual(
            {(r.code, r.source) for r in rows},
            {("meals", "term"), ("mental-health-walk-in", "name")},
        )
