"""Every endpoint of the HSDS 3.0 OpenAPI document answers with what the document describes."""

import json

from django.test import TestCase

from tests.factories import build_directory

from .openapi import OpenAPIAssertions, upstream_document

API = "/api/hsds"


def ndjson(response):
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


class EndpointSchemaTests(OpenAPIAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()

    def test_every_documented_path_is_served_and_validated(self):
        """The paths this test class covers are exactly the document's paths."""
        covered = {
            "/",
            "/services",
            "/services/{id}",
            "/organizations",
            "/organizations/{id}",
            "/service_at_locations",
            "/service_at_locations/{id}",
            "/taxonomies",
            "/taxonomies/{id}",
            "/taxonomy_terms",
            "/taxonomy_terms/{id}",
        }
        self.assertEqual(set(upstream_document()["paths"]), covered)

    def test_index_names_the_served_document(self):
        body = self.assertValidResponse(self.client.get(f"{API}/"), "/")
        self.assertEqual(body["version"], "3.0")
        self.assertEqual(body["openapi_url"], "http://testserver/api/hsds/openapi.json")
        document = self.client.get(body["openapi_url"])
        self.assertEqual(document.status_code, 200)
        self.assertEqual(set(document.json()["paths"]), set(upstream_document()["paths"]))
        self.assertEqual(document.json()["servers"][0]["url"], "http://testserver/api/hsds")

    def test_services_list(self):
        for query in ("", "?full=true", "?minimal=true", "?per_page=1&page=2"):
            with self.subTest(query=query):
                body = self.assertValidResponse(
                    self.client.get(f"{API}/services{query}"), "/services"
                )
                self.assertGreater(body["size"], 0)

    def test_services_list_shapes(self):
        listed = self.client.get(f"{API}/services").json()["contents"][0]
        self.assertNotIn("service_at_locations", listed)
        self.assertIn("organization", listed)
        self.assertNotIn("locations", listed["organization"])
        full = self.client.get(f"{API}/services?full=true").json()["contents"][0]
        self.assertIn("service_at_locations", full)
        minimal = self.client.get(f"{API}/services?minimal=true").json()["contents"]
        night = next(item for item in minimal if item["id"] == str(self.data.night.hsds_id))
        self.assertEqual(
            night,
            {
                "id": str(self.data.night.hsds_id),
                "name": "Night Shelter",
                "status": "active",
                "last_modified": "2026-10-01T12:00:00Z",
            },
        )

    def test_service_detail_is_fully_nested(self):
        body = self.assertValidResponse(
            self.client.get(f"{API}/services/{self.data.night.hsds_id}"), "/services/{id}"
        )
        self.assertEqual(body["id"], str(self.data.night.hsds_id))
        self.assertEqual(body["organization"]["id"], str(self.data.alliance.hsds_id))
        (sal,) = body["service_at_locations"]
        self.assertEqual(sal["location"]["addresses"][0]["postal_code"], "06106")
        self.assertEqual(
            {a["taxonomy_term"]["code"] for a in body["attributes"]},
            {"emergency-shelter", "adults"},
        )
        self.assertEqual(body["capacities"][0]["available"], 3)

    def test_organizations(self):
        for query in ("", "?full=true", "?full_service=true", "?full=true&full_service=true"):
            with self.subTest(query=query):
                body = self.assertValidResponse(
                    self.client.get(f"{API}/organizations{query}"), "/organizations"
                )
                self.assertEqual(
                    [o["name"] for o in body["contents"]],
                    ["Greater Hartford Food Bank", "Hartford Shelter Alliance"],
                )
        path = f"{API}/organizations/{self.data.alliance.hsds_id}"
        for query in ("", "?full_service=true"):
            with self.subTest(query=query):
                body = self.assertValidResponse(
                    self.client.get(path + query), "/organizations/{id}"
                )
                # Published services only (not the draft); the defunct one with its status.
                self.assertEqual(
                    [(s["name"], s["status"]) for s in body["services"]],
                    [
                        ("Closed Shelter", "defunct"),
                        ("Detox Unit", "active"),
                        ("Night Shelter", "active"),
                    ],
                )
                self.assertEqual(len(body["locations"]), 2)

    def test_organization_services_full_or_not(self):
        path = f"{API}/organizations/{self.data.alliance.hsds_id}"
        simple = self.client.get(path).json()["services"][0]
        self.assertNotIn("service_at_locations", simple)
        full = self.client.get(path + "?full_service=true").json()["services"][0]
        self.assertIn("service_at_locations", full)
        self.assertNotIn("organization", full)

    def test_service_at_locations(self):
        for query in (
            "",
            "?full=true",
            "?postcode=06106",
            "?postcode=06106&proximity=5000",
            "?proximity=41.7599,-72.6925,3000",
        ):
            with self.subTest(query=query):
                body = self.assertValidResponse(
                    self.client.get(f"{API}/service_at_locations{query}"), "/service_at_locations"
                )
                self.assertGreater(body["size"], 0)
        body = self.assertValidResponse(
            self.client.get(f"{API}/service_at_locations/{self.data.night_park.hsds_id}"),
            "/service_at_locations/{id}",
        )
        self.assertEqual(body["service"]["id"], str(self.data.night.hsds_id))
        self.assertEqual(body["location"]["id"], str(self.data.park.hsds_id))

    def test_taxonomies(self):
        body = self.assertValidResponse(self.client.get(f"{API}/taxonomies"), "/taxonomies")
        self.assertEqual(
            [t["name"] for t in body["contents"]], ["waypoint-category", "waypoint-population"]
        )
        self.assertValidResponse(
            self.client.get(f"{API}/taxonomies/{self.data.categories.hsds_id}"), "/taxonomies/{id}"
        )

    def test_taxonomy_terms(self):
        for query in (
            "",
            "?top_only=true",
            f"?parent_id={self.data.food.hsds_id}",
            f"?taxonomy_id={self.data.populations.hsds_id}",
        ):
            with self.subTest(query=query):
                self.assertValidResponse(
                    self.client.get(f"{API}/taxonomy_terms{query}"), "/taxonomy_terms"
                )
        body = self.assertValidResponse(
            self.client.get(f"{API}/taxonomy_terms/{self.data.meals.hsds_id}"),
            "/taxonomy_terms/{id}",
        )
        self.assertEqual(body["parent_id"], str(self.data.food.hsds_id))

    def test_ndjson_lines_are_list_items(self):
        for path, query in (
            ("/services", ""),
            ("/services", "&full=true"),
            ("/services", "&minimal=true"),
            ("/organizations", "&full=true"),
            ("/service_at_locations", ""),
            ("/taxonomies", ""),
            ("/taxonomy_terms", ""),
        ):
            with self.subTest(path=path, query=query):
                response = self.client.get(f"{API}{path}?format=ndjson{query}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "application/x-ndjson")
                lines = ndjson(response)
                paged = self.client.get(f"{API}{path}?per_page=1000{query}").json()
                self.assertEqual(
                    [item["id"] for item in lines], [item["id"] for item in paged["contents"]]
                )
                for item in lines:
                    self.assertValidItem(item, path)

    def test_page_envelope(self):
        body = self.client.get(f"{API}/services?per_page=2&page=3").json()
        self.assertEqual(
            {k: v for k, v in body.items() if k != "contents"},
            {
                "total_items": 5,
                "total_pages": 3,
                "page_number": 3,
                "size": 1,
                "first_page": False,
                "last_page": True,
                "empty": False,
            },
        )
        past = self.client.get(f"{API}/services?per_page=2&page=9").json()
        self.assertEqual(
            (past["size"], past["empty"], past["last_page"], past["contents"]), (0, True, True, [])
        )
        none = self.client.get(f"{API}/services?search=nothing-matches-this").json()
        self.assertEqual((none["total_items"], none["total_pages"], none["empty"]), (0, 0, True))
