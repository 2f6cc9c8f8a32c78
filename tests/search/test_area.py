"""Any city: places are learned from the directory's own data and resolved only inside the
deployment's area (the directory's extent, or SEARCH_AREA), and no text says Hartford elsewhere."""

from django.test import TestCase, override_settings

from search import geocode as geo
from search.geocode import area, geocode, geocode_offline
from search.intent import parse_query
from tests.factories import (
    OUTER_SUNSET,
    AddressFactory,
    LocationFactory,
    san_francisco,
)


class DirectoryElsewhereTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        san_francisco()

    def test_the_area_is_the_directory_s_city(self):
        where = area()
        self.assertEqual((where.name, where.state), ("San Francisco", ("CA",)))
        self.assertTrue(where.contains(*OUTER_SUNSET))
        self.assertFalse(where.contains(41.7658, -72.6734))

    def test_places_named_in_the_directory_resolve_there(self):
        civic = geocode("civic center")
        self.assertEqual(
            (civic.label, civic.kind, civic.source), ("Civic Center", "neighbourhood", "gazetteer")
        )
        self.assertAlmostEqual(civic.lat, 37.7797, places=4)
        mission = geocode("Mission Street")
        self.assertEqual((mission.label, mission.kind), ("Mission St", "street"))
        self.assertAlmostEqual(mission.lng, -122.4185, places=4)
        self.assertEqual(geocode("Polk St, San Francisco, CA").label, "Polk St")
        self.assertEqual(geocode("Daly Vista").kind, "city")
        self.assertEqual(geocode("sunset wound care").label, "Dune Road Clinic")
        self.assertEqual(geocode("Civic Centre").label, "Civic Center")  # a small typo

    def test_a_query_names_them_with_or_without_near(self):
        for text, label in [
            ("pantry near Mission St", "Mission St"),
            ("pantry Mission St", "Mission St"),
            ("shelter in civic center", "Civic Center"),
            ("food soma", "SoMa"),
        ]:
            with self.subTest(text=text):
                intent = parse_query(text)
                self.assertEqual((intent.near.label, intent.text), (label, ""))
                self.assertEqual(intent.warnings, [])

    def test_a_hartford_name_is_not_a_place_here(self):
        for text in [
            "Frog Hollow",
            "Park St",
            "Union Station",
            "Albany and Woodland",
            "Hartford Hospital",
        ]:
            with self.subTest(text=text):
                self.assertIsNone(geocode_offline(text))
        intent = parse_query("shelter near Frog Hollow")
        self.assertIsNone(intent.near)
        self.assertIn(
            "We could not find 'Frog Hollow'; showing results from all of San Francisco.",
            intent.warnings,
        )
        self.assertIsNone(parse_query("meals Albany and Woodland").near)

    def test_zips_of_any_state(self):
        here = parse_query("food 94103")
        self.assertEqual((here.near.source, here.near.label), ("zip", "94103 (San Francisco, CA)"))
        self.assertEqual(here.warnings, [])
        far = parse_query("food 06106")
        self.assertEqual(far.near.label, "06106 (Hartford, CT)")
        self.assertIn(
            "06106 (Hartford, CT) is far from San Francisco; results are sorted by distance from it.",
            far.warnings,
        )
        own = geocode("99999")
        self.assertEqual((own.label, own.lat), ("99999 (Daly Vista, CA)", OUTER_SUNSET[0]))

    def test_no_text_says_hartford(self):
        texts = [
            *parse_query("pantry near me").warnings,
            *parse_query("bed near Zzyzx St").warnings,
        ]
        self.assertTrue(texts)
        for text in texts:
            self.assertNotIn("Hartford", text)
            self.assertIn("San Francisco", text)

    @override_settings(SEARCH_AREA_NAME="the Bay Area")
    def test_the_area_name_can_be_set(self):
        self.assertIn(
            "We could not find 'Frog Hollow'; showing results from all of the Bay Area.",
            parse_query("bed near Frog Hollow").warnings,
        )


@override_settings(SEARCH_AREA="37.70,-122.52,37.82,-122.35", SEARCH_AREA_NAME="San Francisco")
class ConfiguredAreaTests(TestCase):
    def test_the_setting_is_the_area_without_any_directory(self):
        where = area()
        self.assertEqual(
            (where.south, where.west, where.north, where.east), (37.70, -122.52, 37.82, -122.35)
        )
        self.assertIsNone(geocode("Frog Hollow"))
        self.assertEqual(parse_query("food 94103").warnings, [])
        self.assertTrue(parse_query("food 06106").warnings)

    def test_a_directory_place_outside_the_setting_is_not_found(self):
        LocationFactory(name="Brightwater Lodge", latitude=41.79, longitude=-72.68)
        self.assertIsNone(geocode_offline("Brightwater Lodge"))

    @override_settings(SEARCH_AREA="north of here")
    def test_a_bad_setting_is_ignored(self):
        self.assertEqual(area().name, "San Francisco")
        self.assertTrue(area().contains(41.7658, -72.6734))


class HartfordTests(TestCase):
    def test_without_a_directory_the_area_is_the_gazetteer_s_city(self):
        where = area()
        self.assertEqual((where.name, where.geocoder_suffix), ("Hartford", ", Hartford, CT"))
        self.assertTrue(where.contains(41.7686, -72.6819))  # Union Station
        self.assertFalse(where.is_far(41.6, -72.7))
        self.assertTrue(where.is_far(40.7128, -74.0060))

    def test_a_hartford_directory_keeps_the_whole_gazetteer(self):
        LocationFactory(name="Corner Site", latitude=41.7599, longitude=-72.6925)
        self.assertTrue(area().contains(41.8000, -72.6965))  # the north end of Main St
        self.assertEqual(geocode("Keney Park").neighbourhood, "Northeast")

    def test_streets_of_the_directory_s_addresses(self):
        loc = LocationFactory(name="Corner Site", latitude=41.7790, longitude=-72.6950)
        AddressFactory(
            location=loc, address_1="250 Quillfeather Ave", city="Hartford", state_province="CT"
        )
        place = parse_query("pantry near Quillfeather Ave").near
        self.assertEqual((place.label, place.lat), ("Quillfeather Ave", 41.7790))
        self.assertIsNone(geocode("Hartford"))  # the area's own city is not a place in it

    def test_street_of(self):
        cases = {
            "1 Polk St": "Polk St",
            "1100-1120 Mission St, Suite 4": "Mission St",
            "55B Main St #3": "Main St",
            "PO Box 12": "",
            "P.O. Box 7": "",
            "12": "",
            "Broadway": "Broadway",
        }
        for line, street in cases.items():
            with self.subTest(line=line):
                self.assertEqual(geo.street_of(line), street)
