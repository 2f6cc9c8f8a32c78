"""Bad input is a 400 in the contract's error shape; what is not public is a 404 (contracts §4)."""

import uuid

from django.http import QueryDict
from django.test import TestCase

from directory.api import geo
from directory.api.errors import MESSAGE_NO_ENDPOINT, MESSAGE_NOT_FOUND
from directory.api.pagination import MAX_PER_PAGE, MAX_PER_PAGE_MINIMAL
from directory.api.params import (
    MESSAGE_BOOLEAN,
    MESSAGE_CONTROL,
    MESSAGE_DATETIME,
    MESSAGE_UUID,
    QueryParams,
)
from directory.api.views import MESSAGE_MINIMAL_AND_FULL, _listing
from tests.factories import build_directory

API = "/api/hsds"


class ErrorShapeMixin:
    def assertError(self, response, status, code, fields=None):
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message", "fields"})
        self.assertEqual(body["error"]["code"], code)
        self.assertTrue(body["error"]["message"])
        if fields is not None:
            self.assertEqual(body["error"]["fields"], fields)
        return body["error"]


class BadParameterTests(ErrorShapeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()

    def test_bad_paging(self):
        for query, field in (
            ("page=-1", "page"),
            ("page=0", "page"),
            ("page=1.5", "page"),
            ("page=99999999999999999999999", "page"),
            ("per_page=abc", "per_page"),
            ("per_page=0", "per_page"),
            ("per_page=-5", "per_page"),
            ("per_page=99999999999999999999999", "per_page"),
            ("format=xml", "format"),
        ):
            with self.subTest(query=query):
                error = self.assertError(
                    self.client.get(f"{API}/services?{query}"), 400, "invalid_parameter"
                )
                self.assertEqual(list(error["fields"]), [field])

    def test_every_bad_parameter_is_named_at_once(self):
        error = self.assertError(
            self.client.get(f"{API}/services?page=-1&per_page=abc&full=maybe&taxonomy_id=x"),
            400,
            "invalid_parameter",
        )
        self.assertEqual(set(error["fields"]), {"page", "per_page", "full", "taxonomy_id"})
        self.assertEqual(error["fields"]["full"], [MESSAGE_BOOLEAN])
        self.assertEqual(error["fields"]["taxonomy_id"], [MESSAGE_UUID])

    def test_minimal_and_full_together(self):
        self.assertError(
            self.client.get(f"{API}/services?minimal=true&full=true"),
            400,
            "invalid_parameter",
            {"minimal": [MESSAGE_MINIMAL_AND_FULL]},
        )

    def test_per_page_above_the_maximum_is_capped(self):
        for query in (
            "per_page=1001",
            "per_page=5000&minimal=true",
            "per_page=123456&format=ndjson",
        ):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"{API}/services?{query}").status_code, 200)
        body = self.client.get(f"{API}/services?per_page=1001").json()
        self.assertEqual((body["total_items"], body["total_pages"], body["size"]), (5, 1, 5))
        for maximum, minimal in ((MAX_PER_PAGE, "false"), (MAX_PER_PAGE_MINIMAL, "true")):
            listing = _listing(
                QueryParams(QueryDict(f"per_page={maximum * 7}&minimal={minimal}")),
                minimal=minimal == "true",
            )
            self.assertEqual(listing.per_page, maximum)

    def test_minimal_allows_one_big_page(self):
        self.assertEqual(
            self.client.get(f"{API}/services?minimal=true&per_page=10000").status_code, 200
        )

    def test_bad_ids_in_filters(self):
        for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
            with self.subTest(name=name):
                self.assertError(
                    self.client.get(f"{API}/services?{name}=emergency-shelter"),
                    400,
                    "invalid_parameter",
                    {name: [MESSAGE_UUID]},
                )
        for name in ("parent_id", "taxonomy_id"):
            with self.subTest(name=name):
                self.assertError(
                    self.client.get(f"{API}/taxonomy_terms?{name}=1"), 400, "invalid_parameter"
                )

    def test_bad_modified_after(self):
        for value in ("yesterday", "2026-13-01", "0001-01-01T00:00:00%2B14:00", "2026-02-30"):
            with self.subTest(value=value):
                self.assertError(
                    self.client.get(f"{API}/services?modified_after={value}"),
                    400,
                    "invalid_parameter",
                    {"modified_after": [MESSAGE_DATETIME]},
                )

    def test_bad_proximity_and_postcode(self):
        for query, fields in (
            ("proximity=garbage", {"proximity": [geo.MESSAGE_PROXIMITY]}),
            ("proximity=41.7,-72.6", {"proximity": [geo.MESSAGE_PROXIMITY]}),
            ("proximity=91,0,1000", {"proximity": [geo.MESSAGE_PROXIMITY]}),
            ("proximity=41.7,-72.6,nan", {"proximity": [geo.MESSAGE_PROXIMITY]}),
            ("proximity=41.7,-72.6,-5", {"proximity": [geo.MESSAGE_PROXIMITY]}),
            ("proximity=inf", {"proximity": [geo.MESSAGE_PROXIMITY]}),
            ("proximity=1000", {"proximity": [geo.MESSAGE_PROXIMITY_NEEDS_POINT]}),
            ("postcode=hartford", {"postcode": [geo.MESSAGE_POSTCODE]}),
            ("postcode=00000&proximity=1000", {"postcode": [geo.MESSAGE_POSTCODE_UNKNOWN]}),
        ):
            with self.subTest(query=query):
                self.assertError(
                    self.client.get(f"{API}/service_at_locations?{query}"),
                    400,
                    "invalid_parameter",
                    fields,
                )

    def test_control_characters_are_refused(self):
        self.assertError(
            self.client.get(f"{API}/services", {"search": "shel\x00ter"}),
            400,
            "invalid_parameter",
            {"search": [MESSAGE_CONTROL]},
        )

    def test_ids_that_are_not_uuids(self):
        for path in (
            "services",
            "organizations",
            "service_at_locations",
            "taxonomies",
            "taxonomy_terms",
        ):
            with self.subTest(path=path):
                self.assertError(
                    self.client.get(f"{API}/{path}/not-a-uuid"),
                    400,
                    "invalid_parameter",
                    {"id": [MESSAGE_UUID]},
                )

    def test_unknown_path_and_method(self):
        error = self.assertError(self.client.get(f"{API}/programs"), 404, "not_found")
        self.assertEqual(error["message"], MESSAGE_NO_ENDPOINT)
        self.assertError(self.client.post(f"{API}/services", {}), 405, "method_not_allowed")
        self.assertError(
            self.client.delete(f"{API}/services/{self.data.night.hsds_id}"),
            405,
            "method_not_allowed",
        )


class NotPublicTests(ErrorShapeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()

    def assertNotFound(self, path):
        error = self.assertError(self.client.get(f"{API}/{path}"), 404, "not_found")
        self.assertEqual(error["message"], MESSAGE_NOT_FOUND)

    def test_unknown_ids(self):
        for path in (
            "services",
            "organizations",
            "service_at_locations",
            "taxonomies",
            "taxonomy_terms",
        ):
            with self.subTest(path=path):
                self.assertNotFound(f"{path}/{uuid.uuid4()}")

    def test_draft_and_hidden_services_are_not_found(self):
        for service in (self.data.draft, self.data.hidden_service):
            with self.subTest(service=service.title):
                self.assertNotFound(f"services/{service.hsds_id}")
        for sal in (self.data.draft_at, self.data.hidden_at):
            with self.subTest(sal=str(sal)):
                self.assertNotFound(f"service_at_locations/{sal.hsds_id}")
        self.assertNotFound(f"organizations/{self.data.hidden_org.hsds_id}")

    def test_closed_services_are_served_with_their_status(self):
        """An aggregator syncing by id or modified_after must learn that a service closed."""
        for service, status in ((self.data.defunct, "defunct"), (self.data.inactive, "inactive")):
            with self.subTest(status=status):
                response = self.client.get(f"{API}/services/{service.hsds_id}")
                self.assertEqual((response.status_code, response.json()["status"]), (200, status))
                listed = {
                    item["id"]: item["status"]
                    for item in self.client.get(f"{API}/services?minimal=true").json()["contents"]
                }
                self.assertEqual(listed[str(service.hsds_id)], status)

    def test_unpublishing_takes_a_service_out_at_once(self):
        path = f"services/{self.data.detox_unit.hsds_id}"
        self.assertEqual(self.client.get(f"{API}/{path}").status_code, 200)
        self.data.detox_unit.unpublish()
        self.assertNotFound(path)

    def test_private_sections_are_not_served(self):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(page=self.data.food_bank, restriction_type="login")
        self.assertNotFound(f"services/{self.data.pantry.hsds_id}")
        self.assertNotFound(f"organizations/{self.data.food_bank.hsds_id}")

    def test_listings_hold_public_services_only(self):
        hidden = {str(s.hsds_id) for s in (self.data.draft, self.data.hidden_service)}
        for path in (
            "services",
            "services?full=true",
            "services?minimal=true",
            "services?search=shelter",
            f"services?taxonomy_term_id={self.data.shelter.hsds_id}",
        ):
            with self.subTest(path=path):
                ids = {item["id"] for item in self.client.get(f"{API}/{path}").json()["contents"]}
                self.assertTrue(ids)
                self.assertFalse(ids & hidden)
        sal_services = {
            item["service_id"]
            for item in self.client.get(f"{API}/service_at_locations?per_page=100").json()[
                "contents"
            ]
        }
        self.assertFalse(sal_services & hidden)
        orgs = [o["name"] for o in self.client.get(f"{API}/organizations").json()["contents"]]
        self.assertNotIn("Hidden Org", orgs)
