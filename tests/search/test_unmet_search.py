"""Searches that find nothing that fits are kept, without free text, as the city's unmet-need signal."""

from django.test import TestCase

from search.models import UnmetSearch
from tests.factories import PARK_ST, rebuild, service

MONDAY_9PM = "2026-11-23T21:00:00-05:00"


class UnmetSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        service(
            "Daytime Detox Clinic",
            categories=("detox",),
            hours=("MO,TU,WE,TH,FR", "08:00", "16:00"),
        )
        service(
            "Night Shelter",
            categories=("emergency-shelter",),
            hours=("MO,TU,WE,TH,FR,SA,SU", "19:00", "07:00"),
        )
        rebuild()

    def search(self, q):
        return self.client.get(
            "/api/search", {"q": q, "lat": PARK_ST[0], "lng": PARK_ST[1], "at": MONDAY_9PM}
        )

    def test_nothing_open_tonight_is_kept_with_the_need_and_no_words(self):
        response = self.search("detox tonight for Maria Lopez")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["message"])
        unmet = UnmetSearch.objects.get()
        self.assertEqual(
            (unmet.categories, unmet.open, unmet.needs_bed), ("detox", "tonight", False)
        )
        self.assertEqual(unmet.neighbourhood, "Frog Hollow")
        stored = " ".join(str(getattr(unmet, f.attname)) for f in UnmetSearch._meta.fields)
        self.assertNotIn("Maria", stored)
        self.assertNotIn("Lopez", stored)

    def test_a_search_that_finds_an_open_place_is_not_kept(self):
        response = self.search("shelter tonight")
        self.assertFalse(response.json().get("message"))
        self.assertFalse(UnmetSearch.objects.exists())

    def test_a_search_that_asked_for_nothing_specific_is_not_kept(self):
        self.search("zzzz qqqq")
        self.assertFalse(UnmetSearch.objects.exists())
