"""A walk over /api/hsds/ as an outside conformance script makes it (in the order of Open Referral
UK's validator): the index, then each listing (envelope, paging, every item against the served
OpenAPI document with formats asserted, ids), each detail found from a listing, the filters alone
and AND-combined, incremental sync, and bad values. Every check is counted; all must pass."""

import json
import uuid
from datetime import datetime

from django.test import TestCase
from django.utils import timezone

from directory.models import ServicePage
from tests.factories import build_directory

from .openapi import errors, item_schema, response_schema

API = "/api/hsds"
ENVELOPE = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
LISTINGS = {
    "/services": "/services/{id}",
    "/organizations": "/organizations/{id}",
    "/service_at_locations": "/service_at_locations/{id}",
    "/taxonomies": "/taxonomies/{id}",
    "/taxonomy_terms": "/taxonomy_terms/{id}",
}


class Walk:
    """The checks made, each (name, passed, detail)."""

    def __init__(self, client):
        self.client = client
        self.checks = []

    def check(self, name, passed, detail=""):
        self.checks.append((name, bool(passed), detail))
        return passed

    def get(self, path, params=None):
        return self.client.get(f"{API}{path}", params or {})

    def valid(self, name, body, schema):
        problems = errors(body, schema)
        return self.check(name, not problems, problems[:3])

    def is_uuid(self, value):
        try:
            return str(uuid.UUID(value)) == value
        except (TypeError, ValueError, AttributeError):
            return False

    def listing(self, path, params=None):
        """A listing: status, envelope and its arithmetic, each item against the document."""
        response = self.get(path, params)
        label = f"GET {path} {params or ''}"
        if not self.check(
            f"{label}: 200 JSON",
            response.status_code == 200 and response["Content-Type"] == "application/json",
            response.status_code,
        ):
            return None
        body = response.json()
        self.check(f"{label}: envelope", set(body) == ENVELOPE, sorted(body))
        self.valid(f"{label}: schema", body, response_schema(path))
        per_page = int((params or {}).get("per_page", 50))
        self.check(f"{label}: size", body["size"] == len(body["contents"]) <= per_page)
        self.check(
            f"{label}: total_pages", body["total_pages"] == -(-body["total_items"] // per_page)
        )
        self.check(
            f"{label}: flags",
            (body["first_page"], body["empty"]) == (body["page_number"] == 1, not body["contents"]),
        )
        self.check(f"{label}: ids", all(self.is_uuid(item.get("id")) for item in body["contents"]))
        return body


class ConformanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()

    def setUp(self):
        self.walk = Walk(self.client)

    def tearDown(self):
        failed = [(name, detail) for name, passed, detail in self.walk.checks if not passed]
        print(
            f"\n{self._testMethodName}: {len(self.walk.checks) - len(failed)} of {len(self.walk.checks)} checks passed"
        )

    def assertAllPassed(self):
        failed = [(name, detail) for name, passed, detail in self.walk.checks if not passed]
        self.assertEqual(failed, [])
        self.assertGreater(len(self.walk.checks), 0)

    def test_index_listings_and_details(self):
        walk = self.walk
        index = walk.get("/")
        walk.check("GET /: 200", index.status_code == 200)
        walk.valid("GET /: schema", index.json(), response_schema("/"))
        document = self.client.get(index.json()["openapi_url"])
        walk.check(
            "openapi_url serves the document",
            document.status_code == 200 and "paths" in document.json(),
        )
        for listing, detail in LISTINGS.items():
            body = walk.listing(listing)
            walk.check(f"GET {listing}: not empty", body and body["total_items"] > 0)
            # Paging: a page of one, the second page, a page past the end.
            one = walk.listing(listing, {"per_page": 1})
            if one and one["total_pages"] > 1:
                second = walk.listing(listing, {"per_page": 1, "page": 2})
                walk.check(
                    f"GET {listing}: page 2 differs",
                    second["contents"][0]["id"] != one["contents"][0]["id"],
                )
            past = walk.listing(listing, {"per_page": 1, "page": 999})
            walk.check(
                f"GET {listing}: past the end is empty",
                past and past["empty"] and past["last_page"],
            )
            for item in (body or {}).get("contents", []):
                response = walk.get(detail.replace("{id}", item["id"]))
                walk.check(f"GET {detail} {item['id']}: 200", response.status_code == 200)
                walk.valid(
                    f"GET {detail} {item['id']}: schema", response.json(), response_schema(detail)
                )
                walk.check(
                    f"GET {detail} {item['id']}: same id", response.json().get("id") == item["id"]
                )
        for listing, query in (
            ("/services", {"full": "true"}),
            ("/services", {"minimal": "true"}),
            ("/organizations", {"full": "true", "full_service": "true"}),
            ("/service_at_locations", {"full": "true"}),
        ):
            walk.listing(listing, query)
        lines = (
            b"".join(walk.get("/services", {"format": "ndjson"}).streaming_content)
            .decode()
            .splitlines()
        )
        walk.check(
            "ndjson: one service a line", len(lines) == walk.get("/services").json()["total_items"]
        )
        for line in lines:
            walk.valid("ndjson line: schema", json.loads(line), item_schema("/services"))
        self.assertAllPassed()

    def test_filters_alone_and_combined(self):
        walk, d = self.walk, self.data

        def ids(path, **params):
            body = walk.listing(path, {**params, "per_page": 100})
            return (
                {item.get("service_id", item["id"]) for item in body["contents"]} if body else set()
            )

        every = ids("/services")
        filters = {
            "search": "shelter",
            "taxonomy_term_id": str(d.adults.hsds_id),
            "taxonomy_id": str(d.categories.hsds_id),
            "organization_id": str(d.alliance.hsds_id),
            "modified_after": "2026-10-15T00:00:00Z",
        }
        alone = {name: ids("/services", **{name: value}) for name, value in filters.items()}
        for name, found in alone.items():
            walk.check(f"services?{name}: a proper subset", found and found < every, found)
        for a in filters:
            for b in filters:
                if a < b:
                    both = ids("/services", **{a: filters[a], b: filters[b]})
                    walk.check(
                        f"services?{a}&{b}: AND",
                        both == alone[a] & alone[b],
                        (both, alone[a] & alone[b]),
                    )
        sal_filters = {**filters, "postcode": "06106"}
        sal_every = ids("/service_at_locations")
        for name, value in sal_filters.items():
            found = ids("/service_at_locations", **{name: value})
            walk.check(f"service_at_locations?{name}", found <= sal_every and found, found)
        near = walk.listing("/service_at_locations", {"proximity": "41.7599,-72.6925,3000"})
        walk.check(
            "proximity: nearest first",
            near and near["contents"][0]["location_id"] == str(d.park.hsds_id),
        )
        terms = walk.listing("/taxonomy_terms", {"parent_id": str(d.food.hsds_id)})
        walk.check(
            "taxonomy_terms?parent_id",
            [t["id"] for t in terms["contents"]] == [str(d.meals.hsds_id)],
        )
        top = walk.listing(
            "/taxonomy_terms", {"top_only": "true", "taxonomy_id": str(d.categories.hsds_id)}
        )
        walk.check(
            "taxonomy_terms?top_only&taxonomy_id",
            str(d.meals.hsds_id) not in {t["id"] for t in top["contents"]},
        )
        self.assertAllPassed()

    def test_sync_semantics(self):
        walk, d = self.walk, self.data
        cursor = timezone.now()
        minimal = walk.listing("/services", {"minimal": "true"})
        walk.check(
            "minimal: id, name, status, last_modified",
            all(
                set(item) == {"id", "name", "status", "last_modified"}
                for item in minimal["contents"]
            ),
        )
        served = {item["id"]: item["last_modified"] for item in minimal["contents"]}
        since = walk.listing("/services", {"modified_after": cursor.isoformat()})
        walk.check("nothing changed since the cursor", since["total_items"] == 0)
        page = ServicePage.objects.get(pk=d.night.pk)
        page.status = ServicePage.Status.DEFUNCT
        page.save_revision().publish()
        since = walk.listing("/services", {"modified_after": cursor.isoformat(), "minimal": "true"})
        changed = {item["id"]: item for item in since["contents"]}
        walk.check(
            "a closed service is in the sync", set(changed) == {str(d.night.hsds_id)}, set(changed)
        )
        item = changed.get(str(d.night.hsds_id), {})
        walk.check("with its status", item.get("status") == "defunct")
        walk.check(
            "and a later last_modified",
            item.get("last_modified", "") > served[str(d.night.hsds_id)],
        )
        walk.check(
            "which the cursor compares", datetime.fromisoformat(item["last_modified"]) >= cursor
        )
        detail = walk.get(f"/services/{d.night.hsds_id}").json()
        walk.check(
            "the detail serves the same date", detail["last_modified"] == item["last_modified"]
        )
        self.assertAllPassed()

    def test_bad_values(self):
        walk = self.walk
        for path, query, field in (
            ("/services", {"page": "0"}, "page"),
            ("/services", {"per_page": "0"}, "per_page"),
            ("/services", {"format": "xml"}, "format"),
            ("/services", {"taxonomy_id": "nope"}, "taxonomy_id"),
            ("/services", {"modified_after": "yesterday"}, "modified_after"),
            ("/services", {"full": "maybe"}, "full"),
            ("/service_at_locations", {"postcode": "ABC"}, "postcode"),
            ("/service_at_locations", {"proximity": "far"}, "proximity"),
            ("/taxonomy_terms", {"top_only": "2"}, "top_only"),
        ):
            response = walk.get(path, query)
            body = response.json()
            walk.check(
                f"{path}?{query}: 400 naming {field}",
                response.status_code == 400 and field in body.get("error", {}).get("fields", {}),
                body,
            )
        capped = walk.listing("/services", {"per_page": "5000"})
        walk.check("per_page above the maximum is capped", capped is not None)
        for detail in LISTINGS.values():
            missing = walk.get(detail.replace("{id}", str(uuid.uuid4())))
            walk.check(
                f"{detail}: unknown id is 404",
                missing.status_code == 404 and missing.json()["error"]["code"] == "not_found",
            )
            bad = walk.get(detail.replace("{id}", "not-a-uuid"))
            walk.check(f"{detail}: bad id is 400", bad.status_code == 400)
        walk.check("unknown path is a JSON 404", walk.get("/nothing-here").status_code == 404)
        walk.check("POST is a 405", self.client.post(f"{API}/services").status_code == 405)
        self.assertAllPassed()
