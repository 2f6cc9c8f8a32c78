"""GET /api/search (contracts §4.2) and the /search/ page."""

import gzip

from django.test import TestCase, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.factories import PARK_ST, km_north, rebuild, service

NASTY = [
    '" OR 1=1 --',
    "name:*",
    "\\",
    "🛏️🏠 detox 😀",
    "'; DROP TABLE search_servicesearchdocument; --",
    "AND OR NOT (",
    "*:*",
    "x" * 5000,
    "",
    "   ",
    "\x00",
    "near",
    "%",
    "_",
    "detox~2^3",
]


@override_settings(ELASTICSEARCH_URL="")
class ApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        service("Night Shelter", hours="24/7", languages=["en", "es"], beds=3)
        service("Day Centre", hours=("MO,TU,WE,TH,FR", "09:00", "17:00"), lat=km_north(1)[0])
        service(
            "Crisis Line",
            categories=["crisis-line"],
            located=False,
            hours="24/7",
            phone="860-555-0199",
        )
        rebuild()

    def get(self, **params):
        return self.client.get("/api/search", params)

    def test_contract_shape(self):
        response = self.get(
            q="shelter tonight Spanish",
            lat=PARK_ST[0],
            lng=PARK_ST[1],
            at="2026-11-23T21:00:00-05:00",
        )
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["backend"], "database")
        self.assertIs(data["degraded"], False)
        query = data["query"]
        self.assertEqual(query["categories"], ["emergency-shelter"])
        self.assertEqual(query["languages"], ["es"])
        self.assertEqual(query["open"], "tonight")
        self.assertEqual(query["near"]["source"], "device")
        self.assertEqual([r["name"] for r in data["results"]], ["Night Shelter", "Day Centre"])
        first = data["results"][0]
        self.assertEqual(first["phone"], "+18605550100")
        self.assertEqual(first["distance_km"], 0.0)
        self.assertTrue(first["open_now"])

    def test_limit(self):
        self.assertEqual(len(self.get(q="shelter", limit=1).json()["results"]), 1)
        for bad in ("0", "101", "abc", "-1", "1.5"):
            response = self.get(q="shelter", limit=bad)
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("limit", response.json()["error"]["fields"])

    def test_bad_coordinates_and_time_are_400_with_the_field(self):
        cases = [
            ({"lat": "200", "lng": "-72.69"}, "lat"),
            ({"lat": "41.7", "lng": "-500"}, "lng"),
            ({"lat": "41.7"}, "lng"),
            ({"lat": "nan", "lng": "1"}, "lat"),
            ({"lat": "north", "lng": "1"}, "lat"),
            ({"at": "tonight-ish"}, "at"),
        ]
        for params, field in cases:
            response = self.get(q="shelter", **params)
            self.assertEqual(response.status_code, 400, params)
            error = response.json()["error"]
            self.assertEqual(error["code"], "invalid")
            self.assertTrue(error["message"])
            self.assertIn(field, error["fields"])

    def test_odd_text_is_an_answer_not_an_error(self):
        for q in NASTY:
            response = self.get(q=q)
            if len(q) > 5000:
                self.assertEqual(response.status_code, 400)
                continue
            self.assertEqual(response.status_code, 200, repr(q[:30]))
            self.assertIsInstance(response.json()["results"], list)

    def test_5000_characters_is_read_and_5001_is_refused(self):
        self.assertEqual(self.get(q="shelter " * 625).status_code, 200)
        response = self.get(q="s" * 5001)
        self.assertEqual(response.status_code, 400)
        self.assertIn("q", response.json()["error"]["fields"])

    def test_unknown_place_says_so(self):
        data = self.get(q="shelter", near="Xyzzyville Plaza 99").json()
        self.assertTrue(any("Xyzzyville" in w for w in data["query"]["warnings"]))
        self.assertEqual(len(data["results"]), 2)

    def test_nothing_matches_offers_lines(self):
        data = self.get(q="zzzzqqq").json()
        self.assertEqual(data["results"], [])
        self.assertTrue(data["message"])
        self.assertEqual([r["name"] for r in data["fallback"]], ["Crisis Line"])

    def test_post_is_refused(self):
        self.assertEqual(self.client.post("/api/search", {"q": "x"}).status_code, 405)


@override_settings(ELASTICSEARCH_URL="")
class PageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for i in range(12):
            service(
                f"Shelter number {i}",
                hours="24/7",
                languages=["en", "es"],
                beds=i % 4,
                lat=km_north(i * 0.3)[0],
            )
        rebuild()

    def test_page_shows_results_for_a_phone(self):
        response = self.client.get(
            "/search/", {"q": "shelter tonight Spanish", "lat": PARK_ST[0], "lng": PARK_ST[1]}
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Shelter number 0", html)
        self.assertIn('href="tel:+18605550100"', html)
        self.assertIn("Open 24/7", html)
        self.assertIn("0.0 km", html)
        self.assertIn("English, Spanish", html)  # names, not codes
        self.assertNotIn("en, es", html)
        self.assertIn("beds free", html)
        self.assertIn("updated just now", html)  # how fresh the bed count is
        # Chips link to the same search without themselves.
        self.assertIn('class="button secondary chip" href="?q=shelter+Spanish', html)
        self.assertIn("Remove", html)

    def test_ten_results_fit_in_40_kb_over_the_wire(self):
        response = self.client.get(
            "/search/",
            {"q": "shelter tonight Spanish", "lat": PARK_ST[0], "lng": PARK_ST[1], "limit": 10},
            HTTP_ACCEPT_ENCODING="gzip",
        )
        self.assertEqual(response.status_code, 200)
        body = response.content
        self.assertEqual(response.get("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(body).decode().count('<li class="card">'), 10)
        self.assertLessEqual(len(body), 40 * 1024)
        self.assertLessEqual(len(gzip.decompress(body)), 40 * 1024)  # even uncompressed

    def test_empty_page_and_bad_input(self):
        self.assertEqual(self.client.get("/search/").status_code, 200)
        response = self.client.get("/search/", {"q": "shelter", "lat": "200", "lng": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("lat", response.content.decode())


@override_settings(ELASTICSEARCH_URL="")
class ApiPropertyTests(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        service("Night Shelter", hours="24/7")
        rebuild()

    @hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        q=st.one_of(st.text(max_size=300), st.sampled_from(NASTY)),
        lat=st.one_of(
            st.none(), st.floats(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=10)
        ),
        lng=st.one_of(st.none(), st.floats(-200, 200).map(str), st.text(max_size=10)),
        near=st.one_of(st.none(), st.text(max_size=60)),
        limit=st.one_of(st.none(), st.integers(-5, 200).map(str), st.text(max_size=4)),
        at=st.one_of(st.none(), st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=20)),
    )
    def test_any_input_is_a_200_or_a_400_never_a_500(self, q, lat, lng, near, limit, at):
        params = {
            k: v
            for k, v in dict(q=q, lat=lat, lng=lng, near=near, limit=limit, at=at).items()
            if v is not None
        }
        params = {k: v.replace("\x00", "") for k, v in params.items()}
        response = self.client.get("/api/search", params)
        self.assertIn(response.status_code, (200, 400))
        data = response.json()
        if response.status_code == 400:
            self.assertTrue(data["error"]["fields"])
        else:
            self.assertIn("results", data)
