"""Listing costs a fixed number of queries whatever the page number and size (no N+1)."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from directory.api import bench
from directory.models import Taxonomy
from tests.factories import build_directory

API = "/api/hsds"
SERVICES = 200


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()  # every kind of related row, so every prefetch has work
        cls.orgs = bench.build_services(SERVICES, organizations=4)

    def count(self, url):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def assertConstant(self, path, query=""):
        """Page 1 of 10, a late page of 10, and one page of 200: the same number of queries."""
        first = self.count(f"{API}/{path}?per_page=10{query}")
        with self.assertNumQueries(first):
            self.client.get(f"{API}/{path}?per_page=10&page=19{query}")
        with self.assertNumQueries(first):
            self.client.get(f"{API}/{path}?per_page=200{query}")
        return first

    def test_services(self):
        self.assertLessEqual(self.assertConstant("services"), 5)
        self.assertConstant("services", "&full=true")
        self.assertLessEqual(self.assertConstant("services", "&minimal=true"), 5)
        bench_taxonomy = Taxonomy.objects.get(name=bench.BENCH_TAXONOMY)
        self.assertConstant(
            "services", f"&taxonomy_id={bench_taxonomy.hsds_id}&search=bench&full=true"
        )

    def test_service_at_locations(self):
        self.assertConstant("service_at_locations")
        self.assertConstant("service_at_locations", "&full=true")
        self.assertConstant("service_at_locations", "&proximity=41.76,-72.69,50000")

    def test_organizations(self):
        # Six organizations of different shapes: a prefetch chain stops early when an
        # organization has, say, no locations, so one at a time the counts differ a little. All
        # six on one page must cost no more than the dearest one alone.
        for query in ("", "&full=true", "&full_service=true"):
            with self.subTest(query=query):
                singles = [
                    self.count(f"{API}/organizations?per_page=1&page={n}{query}")
                    for n in range(1, 7)
                ]
                self.assertLessEqual(
                    self.count(f"{API}/organizations?per_page=100{query}"), max(singles)
                )

    def test_taxonomy_terms(self):
        one = self.count(f"{API}/taxonomy_terms?per_page=1")
        with self.assertNumQueries(one):
            self.client.get(f"{API}/taxonomy_terms?per_page=100")

    def test_ndjson_queries_grow_with_chunks_not_rows(self):
        # 50 and 200 services with the same kinds of related rows: one chunk each.
        few = self.count(
            f"{API}/services?format=ndjson&full=true&organization_id={self.orgs[0].hsds_id}"
        )
        bench_taxonomy = Taxonomy.objects.get(name=bench.BENCH_TAXONOMY)
        every = self.count(
            f"{API}/services?format=ndjson&full=true&taxonomy_id={bench_taxonomy.hsds_id}"
        )
        self.assertEqual(few, every)

    def test_every_page_of_the_walk_costs_the_same(self):
        timings = bench.walk_pages(per_page=25)
        self.assertEqual(len(timings), 9)
        self.assertEqual(len({t.queries for t in timings}), 1)
        self.assertEqual(sum(t.size for t in timings), SERVICES + 5)
