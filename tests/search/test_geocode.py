"""search.geocode: ZIPs, the shipped gazetteer, directory locations, and a real geopy geocoder
talking to a tiny Nominatim-compatible server on 127.0.0.1 (fast, slow, failing, far away)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from django.core.cache import cache
from django.test import SimpleTestCase, TestCase, override_settings

from geo import neighbourhood_at
from search import geocode as geo
from search.geocode import Place, geocode, geocode_offline, geocode_remote
from search.intent import parse_query
from tests.factories import LocationFactory, ServiceAtLocationFactory, san_francisco

OFFICIAL_NEIGHBOURHOODS = [
    "Asylum Hill",
    "Barry Square",
    "Behind the Rocks",
    "Blue Hills",
    "Clay-Arsenal",
    "Downtown",
    "Frog Hollow",
    "North Meadows",
    "Northeast",
    "Parkville",
    "Sheldon-Charter Oak",
    "South End",
    "South Green",
    "South Meadows",
    "Southwest",
    "Upper Albany",
    "West End",
]


def km(a: Place, lat: float, lng: float) -> float:
    import math

    dy = (a.lat - lat) * 111.2
    dx = (a.lng - lng) * 111.2 * math.cos(math.radians(lat))
    return math.hypot(dx, dy)


class ZipTests(SimpleTestCase):
    def test_hartford_zip_is_its_centroid(self):
        place = geocode("06106")
        self.assertEqual(place.source, "zip")
        self.assertIn("06106", place.label)
        self.assertLess(km(place, 41.7498, -72.6947), 0.5)

    def test_zip_plus_four_and_padding(self):
        self.assertEqual(geocode(" 06120-1234 ").source, "zip")

    def test_zip_outside_connecticut_comes_from_the_package(self):
        place = geocode("90210")
        self.assertEqual(place.source, "zip")
        self.assertIn("CA", place.label)

    def test_unknown_zip_is_none(self):
        self.assertIsNone(geocode("00000"))


class GazetteerTests(TestCase):
    def test_all_seventeen_official_neighbourhoods(self):
        for name in OFFICIAL_NEIGHBOURHOODS:
            with self.subTest(name=name):
                place = geocode(name)
                self.assertIsNotNone(place)
                self.assertEqual(
                    (place.source, place.kind, place.label), ("gazetteer", "neighbourhood", name)
                )
                # The centroid lies in its own neighbourhood (none of Hartford's is that concave).
                self.assertEqual(neighbourhood_at(place.lat, place.lng), name)

    def test_neighbourhood_spellings(self):
        for text in [
            "South West",
            "southwest",
            "Clay Arsenal",
            "sheldon charter oak",
            "FROG HOLLOW",
            "the West End",
        ]:
            with self.subTest(text=text):
                self.assertEqual(geocode(text).kind, "neighbourhood")
        self.assertEqual(geocode("South West").label, "Southwest")

    def test_street_abbreviations(self):
        a, b, c = geocode("Park St"), geocode("park street"), geocode("Park St., Hartford, CT")
        self.assertEqual(a, b)
        self.assertEqual(a, c)
        self.assertEqual(a.kind, "street")
        self.assertEqual(geocode("Farmington Av").label, "Farmington Ave")

    def test_intersections_in_every_spelling(self):
        spellings = [
            "Albany and Woodland",
            "Albany Ave & Woodland St",
            "albany & woodland",
            "Woodland St and Albany Avenue",
            "corner of Albany and Woodland",
            "Albany @ Woodland",
        ]
        places = [geocode(s) for s in spellings]
        for text, place in zip(spellings, places):
            with self.subTest(text=text):
                self.assertIsNotNone(place)
                self.assertEqual(place.kind, "intersection")
                self.assertEqual(place.label, "Albany Ave & Woodland St")
        self.assertEqual(places[0].neighbourhood, "Upper Albany")

    def test_intersection_of_bike_lane_streets(self):
        place = geocode("Broad and Park")
        self.assertEqual(place.kind, "intersection")
        self.assertEqual(place.neighbourhood, "Frog Hollow")

    def test_landmarks(self):
        expected = {
            "Union Station": "Downtown",
            "Hartford Hospital": "South Green",
            "St. Francis Hospital": "Asylum Hill",
            "Connecticut Children's": "South Green",
            "State Capitol": "Downtown",
            "City Hall": "Downtown",
            "Hartford Public Library": "Downtown",
            "Dunkin' Park": "Downtown",
            "XL Center": "Downtown",
            "Bushnell Park": "Downtown",
            "Keney Park": "Northeast",
            "Trinity College": "Barry Square",
        }
        for text, neighbourhood in expected.items():
            with self.subTest(text=text):
                place = geocode(text)
                self.assertIsNotNone(place)
                self.assertEqual(place.source, "gazetteer")
                self.assertEqual(place.neighbourhood, neighbourhood)

    def test_small_typos(self):
        self.assertEqual(geocode("Frog Holow").label, "Frog Hollow")
        self.assertEqual(geocode("Union Staton").label, "Union Station")
        self.assertEqual(geocode("Albany & Woodlnd").label, "Albany Ave & Woodland St")

    def test_unknown_and_odd_input_is_none_without_raising(self):
        for text in [
            "Zzyzx St",
            "",
            "   ",
            None,
            "🙂🙂",
            "x" * 5000,
            "\\",
            '" OR 1=1 --',
            "name:*",
            "\x00",
        ]:
            with self.subTest(text=str(text)[:20]):
                self.assertIsNone(geocode(text))

    def test_directory_locations_by_location_service_and_organisation_name(self):
        sal = ServiceAtLocationFactory(
            service__title="Quillfeather Overnight Beds",
            service__parent__title="Quillfeather Shelter Society",
            location__name="Quillfeather House",
            location__latitude=41.7412,
            location__longitude=-72.6601,
        )
        for text in [
            "Quillfeather House",
            "quillfeather overnight beds",
            "Quillfeather Shelter Society",
            "Quilfeather House",
        ]:
            with self.subTest(text=text):
                place = geocode_offline(text)
                self.assertIsNotNone(place)
                self.assertEqual((place.lat, place.lng), (41.7412, -72.6601))
                self.assertEqual(place.source, "gazetteer")
                self.assertEqual(place.kind, "location")
        self.assertEqual(sal.location.name, "Quillfeather House")

    def test_new_locations_are_seen_without_a_restart(self):
        self.assertIsNone(geocode_offline("Brightwater Lodge"))
        LocationFactory(name="Brightwater Lodge", latitude=41.79, longitude=-72.68)
        self.assertEqual(geocode_offline("Brightwater Lodge").lat, 41.79)


# ----------------------------------------------------------------------------------------------
# A real geopy geocoder against a local Nominatim-compatible server.


class _NominatimHandler(BaseHTTPRequestHandler):
    mode = "answer"  # answer | slow | error | far | empty
    requests: list = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        url = urlparse(self.path)
        type(self).requests.append((url.path, parse_qs(url.query)))
        mode = type(self).mode
        if mode == "slow":
            time.sleep(2)
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        body = []
        if mode in ("answer", "slow"):
            body = [
                {
                    "lat": "41.7712",
                    "lon": "-72.6801",
                    "display_name": "12 Made Up Street, Hartford, CT",
                    "place_id": 1,
                    "boundingbox": ["41.77", "41.78", "-72.69", "-72.68"],
                }
            ]
        elif mode == "far":
            body = [
                {"lat": "40.7128", "lon": "-74.0060", "display_name": "New York", "place_id": 2}
            ]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class GeocoderTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _NominatimHandler)
        cls.server.daemon_threads = True
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.options = {
            "domain": f"127.0.0.1:{cls.server.server_address[1]}",
            "scheme": "http",
            "proxies": {},
        }

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def setUp(self):
        cache.clear()
        _NominatimHandler.requests = []
        _NominatimHandler.mode = "answer"

    def settings_for(self, **extra):
        values = {
            "GEOCODER": "nominatim",
            "GEOCODER_OPTIONS": self.options,
            "GEOCODER_TIMEOUT_MS": 300,
        }
        values.update(extra)
        return override_settings(**values)

    def test_an_answer_is_a_geocoder_place_bounded_to_hartford_and_cached(self):
        with self.settings_for():
            place = geocode("12 Made Up Street")
            self.assertEqual(place.source, "geocoder")
            self.assertEqual((place.lat, place.lng), (41.7712, -72.6801))
            self.assertEqual(len(_NominatimHandler.requests), 1)
            path, query = _NominatimHandler.requests[0]
            self.assertEqual(path, "/search")
            self.assertIn("Hartford", query["q"][0])
            self.assertEqual(query.get("bounded"), ["1"])
            self.assertIn("viewbox", query)
            again = geocode("12 made up street")
            self.assertEqual(again, place)
            self.assertEqual(
                len(_NominatimHandler.requests), 1, "the second lookup comes from the cache"
            )

    def test_offline_sources_answer_before_the_geocoder(self):
        with self.settings_for():
            self.assertEqual(geocode("Frog Hollow").source, "gazetteer")
            self.assertEqual(geocode("06106").source, "zip")
            self.assertEqual(_NominatimHandler.requests, [])

    def test_a_slow_geocoder_costs_at_most_the_budget_and_fills_the_cache_later(self):
        _NominatimHandler.mode = "slow"
        with self.settings_for():
            started = time.monotonic()
            place = geocode("44 Slow Lane")
            took = time.monotonic() - started
            self.assertIsNone(place)
            self.assertLess(took, 0.45)
            self.assertGreaterEqual(took, 0.25)
            # A whole search with that place is just as quick, and says what happened.
            started = time.monotonic()
            intent = parse_query("detox near 45 Slow Lane", lat=41.76, lng=-72.68)
            self.assertLess(time.monotonic() - started, 0.5)
            self.assertEqual(intent.near.source, "device")
            self.assertIn(
                "We could not find '45 Slow Lane'; showing results near you.", intent.warnings
            )
            # The late answer lands in the cache, so the next search has it at once.
            deadline = time.monotonic() + 5
            while (
                time.monotonic() < deadline and geocode_remote("44 Slow Lane", budget_ms=1) is None
            ):
                time.sleep(0.1)
            self.assertEqual(geocode("44 Slow Lane").source, "geocoder")

    def test_a_failing_geocoder_is_not_found(self):
        _NominatimHandler.mode = "error"
        with self.settings_for():
            self.assertIsNone(geocode("1 Error Road"))
            intent = parse_query("shelter near 1 Error Road")
            self.assertIsNone(intent.near)
            self.assertEqual(intent.categories, ["emergency-shelter"])

    def test_an_answer_outside_hartford_is_ignored(self):
        _NominatimHandler.mode = "far"
        with self.settings_for():
            self.assertIsNone(geocode("Broadway"))

    def test_an_unreachable_geocoder_is_not_found(self):
        with self.settings_for(
            GEOCODER_OPTIONS={"domain": "127.0.0.1:9", "scheme": "http", "proxies": {}}
        ):
            started = time.monotonic()
            self.assertIsNone(geocode("2 Nowhere Court"))
            self.assertLess(time.monotonic() - started, 0.45)

    def test_an_unknown_geocoder_name_is_not_found(self):
        with self.settings_for(GEOCODER="no-such-geocoder"):
            self.assertIsNone(geocode("3 Nowhere Court"))

    def test_without_geocoder_setting_no_request_is_made(self):
        with self.settings_for(GEOCODER=""):
            self.assertIsNone(geocode("12 Made Up Street"))
        self.assertEqual(_NominatimHandler.requests, [])

    def test_elsewhere_the_geocoder_is_asked_about_that_city_and_bounded_to_it(self):
        san_francisco()
        with self.settings_for(GEOCODER_TIMEOUT_MS=1000):
            self.assertIsNone(
                geocode("12 Made Up Street")
            )  # the answer lies in Hartford, 4,000 km away
            _, query = _NominatimHandler.requests[0]
            self.assertEqual(query["q"], ["12 Made Up Street, San Francisco, CA"])
            west, south, east, north = (float(v) for v in query["viewbox"][0].split(","))
            self.assertTrue(
                south < 37.754 and north > 37.78 and west < -122.504 and east > -122.415
            )

    def test_the_query_suffix_can_be_set(self):
        with self.settings_for(GEOCODER_QUERY_SUFFIX=""):
            self.assertEqual(geocode("12 Made Up Street").source, "geocoder")
            self.assertEqual(_NominatimHandler.requests[0][1]["q"], ["12 Made Up Street"])

    def test_parse_query_uses_the_geocoder_for_a_place_after_near(self):
        with self.settings_for():
            intent = parse_query("shelter near 12 Made Up Street")
            self.assertEqual(intent.near.source, "geocoder")
            self.assertEqual(intent.to_json()["near"]["source"], "geocoder")
            self.assertEqual(intent.text, "")


class GazetteerFileTests(SimpleTestCase):
    def test_the_committed_gazetteer_is_what_the_build_script_makes(self):
        from search.data.build_gazetteer import DEFAULT_GEO, build

        built = json.loads(json.dumps(build(DEFAULT_GEO)))
        shipped = json.loads(geo.GAZETTEER_PATH.read_text())
        self.assertEqual(built, shipped)

    def test_every_point_is_in_or_near_hartford(self):
        data = json.loads(geo.GAZETTEER_PATH.read_text())
        for section in ("neighbourhoods", "parks", "streets", "intersections", "landmarks"):
            for item in data[section]:
                with self.subTest(name=item["name"]):
                    self.assertTrue(41.70 < item["lat"] < 41.83 and -72.76 < item["lng"] < -72.60)
        self.assertEqual(len(data["neighbourhoods"]), 17)
