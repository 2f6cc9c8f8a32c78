"""The OpenAPI document the API serves is the vendored copy of ../shared/hsds/openapi.json."""

import json

from django.test import TestCase

from directory.api.document import DOCUMENT_PATH, upstream_document

from .openapi import shared_hsds_dir

API = "/api/hsds"


class DocumentTests(TestCase):
    def test_vendored_copy_is_the_shared_one(self):
        shared = json.loads((shared_hsds_dir() / "openapi.json").read_text(encoding="utf-8"))
        self.assertEqual(upstream_document(), shared)
        self.assertTrue((DOCUMENT_PATH.parent / "LICENSE").exists())

    def test_served_document_keeps_paths_and_components(self):
        served = self.client.get(f"{API}/openapi.json").json()
        upstream = upstream_document()
        self.assertEqual(served["components"], upstream["components"])
        self.assertEqual(set(served["paths"]), set(upstream["paths"]))

        # One upstream slip is put right: the detail of a service_at_location is one.
        def schema(doc):
            return doc["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]["content"][
                "application/json"
            ]["schema"]["$ref"]

        self.assertTrue(schema(upstream).endswith("/compiled/service.json"))
        self.assertTrue(schema(served).endswith("/compiled/service_at_location.json"))
        for path in set(upstream["paths"]) - {"/service_at_locations/{id}"}:
            self.assertEqual(served["paths"][path], upstream["paths"][path], path)
        self.assertEqual(served["openapi"], "3.1.0")
        self.assertIn("CC BY-SA 4.0", served["info"]["description"])
        self.assertNotIn("REQUIRED", json.dumps(served["info"]))
        self.assertEqual(
            served["servers"],
            [{"url": "http://testserver/api/hsds", "description": "This Waypoint deployment"}],
        )

    def test_public_cors_and_trailing_slash(self):
        response = self.client.get(f"{API}/taxonomies/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
