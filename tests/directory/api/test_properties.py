"""Property test: no query string makes any list endpoint answer 500."""

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import build_directory

from .openapi import errors, response_schema

API = "/api/hsds"
PATHS = ["/services", "/organizations", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]
PARAMS = [
    "search",
    "page",
    "per_page",
    "format",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
    "full_service",
    "postcode",
    "proximity",
    "parent_id",
    "top_only",
]
UUIDS = st.uuids().map(str)
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(
        [
            "true",
            "false",
            "1",
            "0",
            "ndjson",
            "json",
            "",
            "06106",
            "06106-1234",
            "00000",
            "2026-11-01",
            "2026-11-01T08:00:00+05:00",
            "2026-02-30",
            "5000",
            "41.76,-72.69,5000",
            "nan",
            "inf",
            "-1",
            "1e308",
            "41.76,-72.69,1e9",
            "NaN,NaN,5",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    UUIDS,
)


class NoServerErrorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        path=st.sampled_from(PATHS),
        query=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=5),
    )
    def test_lists_answer_200_or_400(self, path, query):
        response = self.client.get(API + path, query)
        self.assertIn(response.status_code, (200, 400), (path, query, response.content[:300]))
        if response.streaming:
            b"".join(response.streaming_content)
        elif response.status_code == 200:
            self.assertEqual(errors(response.json(), response_schema(path)), [])
        else:
            self.assertEqual(response.json()["error"]["code"], "invalid_parameter")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(path=st.sampled_from(PATHS), ident=st.one_of(UUIDS, st.text(min_size=1, max_size=40)))
    def test_details_answer_200_400_or_404(self, path, ident):
        response = self.client.get(f"{API}{path}/{quote(ident, safe='')}")
        self.assertIn(response.status_code, (200, 400, 404), (path, ident, response.content[:300]))
        self.assertEqual(response["Content-Type"], "application/json")
