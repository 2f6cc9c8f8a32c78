"""The behaviour both engines must show. Subclassed once per engine (test_behaviour_*.py).

Each test builds a small directory with the factories, indexes it through the engine's own
path (``index()``), and asks ``search_services`` with an explicit SearchIntent.
"""

from search.selectors import search_services
from tests.factories import PARK_ST, asked, foreign_term, intent, km_north, service, stale_time, tag

CONTRACT_KEYS = {
    "service_id",
    "service_at_location_id",
    "name",
    "organization",
    "distance_km",
    "open_now",
    "opens_at",
    "closes_at",
    "beds_available",
    "availability_updated_at",
    "languages",
    "phone",
    "url",
}


class SearchBehaviour:
    engine = "database"

    def index(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def search(self, the_intent, limit=20):
        response = search_services(intent=the_intent, limit=limit)
        self.assertEqual(response.backend, self.engine)
        self.assertFalse(response.degraded)
        return response

    def names(self, response):
        return [r["name"] for r in response.results]

    # --- shape -------------------------------------------------------------------------------

    def test_response_has_the_contract_shape(self):
        page = service("Shape Shelter", languages=["en", "es"], hours="24/7", beds=3)
        self.index()
        data = self.search(
            intent(categories=["emergency-shelter"], open="tonight", needs_bed=True)
        ).to_json()
        self.assertEqual(
            set(data) - {"message", "fallback"}, {"query", "backend", "degraded", "results"}
        )
        self.assertEqual(data["query"]["near"]["source"], "gazetteer")
        (row,) = data["results"]
        self.assertLessEqual(CONTRACT_KEYS, set(row))
        self.assertEqual(row["service_id"], str(page.hsds_id))
        self.assertEqual(
            row["service_at_location_id"], str(page.service_at_locations.get().hsds_id)
        )
        self.assertEqual(row["phone"], "+18605550100")
        self.assertEqual(row["languages"], ["en", "es"])
        self.assertEqual(row["beds_available"], 3)
        self.assertTrue(row["open_now"])
        self.assertIsNone(row["closes_at"])  # 24/7
        self.assertEqual(row["distance_km"], 0.0)
        self.assertEqual(row["url"], f"/services/{page.hsds_id}/")

    # --- filters -----------------------------------------------------------------------------

    def test_only_the_asked_categories(self):
        service("Shelter A", categories=["emergency-shelter"])
        service("Pantry B", categories=["food-pantry"])
        service("Detox C", categories=["detox"])
        self.index()
        self.assertEqual(self.names(self.search(intent(categories=["food-pantry"]))), ["Pantry B"])
        self.assertEqual(
            sorted(self.names(self.search(intent(categories=["food-pantry", "detox"])))),
            ["Detox C", "Pantry B"],
        )

    def test_free_text_finds_words_in_name_and_description(self):
        service("Methadone Clinic", categories=["medication-treatment"])
        service(
            "Recovery Centre",
            categories=["medication-treatment"],
            description="We offer methadone daily.",
        )
        service("Soup Kitchen", categories=["meals"], description="Hot meals.")
        self.index()
        names = self.names(self.search(intent(text="methadone")))
        self.assertEqual(names, ["Methadone Clinic", "Recovery Centre"])  # the name match first

    def test_query_syntax_is_just_text(self):
        service("Plain Shelter")
        self.index()
        for text in [
            '" OR 1=1 --',
            "name:*",
            "\\",
            "*",
            "AND OR NOT",
            "🏠🛏️",
            "(",
            "'; DROP TABLE x; --",
        ]:
            response = self.search(intent(text=text))
            self.assertIsInstance(response.results, list)

    # --- ranking -----------------------------------------------------------------------------

    def test_nearer_ranks_higher_all_else_equal(self):
        service("Far", lat=km_north(6)[0])
        service("Near", lat=km_north(0.5)[0])
        service("Middle", lat=km_north(2)[0])
        self.index()
        response = self.search(intent(categories=["emergency-shelter"]))
        self.assertEqual(self.names(response), ["Near", "Middle", "Far"])
        distances = [r["distance_km"] for r in response.results]
        self.assertAlmostEqual(distances[0], 0.5, delta=0.05)
        self.assertAlmostEqual(distances[2], 6.0, delta=0.1)

    def test_closed_tonight_never_outranks_open_tonight(self):
        # Closed tonight, but at the very spot, with free beds and the asked language.
        service(
            "Day Centre",
            lat=PARK_ST[0],
            hours=("MO,TU,WE,TH,FR", "09:00", "17:00"),
            languages=["es"],
            beds=5,
        )
        service(
            "Night Shelter",
            lat=km_north(12)[0],
            hours=("MO,TU,WE,TH,FR,SA,SU", "19:00", "07:00"),
            languages=["en"],
        )
        service("Open 24/7", lat=km_north(15)[0], hours="24/7")
        self.index()
        response = self.search(
            intent(
                categories=["emergency-shelter"], open="tonight", languages=["es"], needs_bed=True
            )
        )
        self.assertEqual(self.names(response)[-1], "Day Centre")
        by_name = {r["name"]: r for r in response.results}
        self.assertFalse(by_name["Day Centre"]["open_in_window"])
        self.assertTrue(by_name["Night Shelter"]["open_in_window"])
        self.assertFalse(by_name["Day Centre"]["open_now"])
        self.assertIsNotNone(by_name["Day Centre"]["opens_at"])
        self.assertTrue(by_name["Night Shelter"]["open_now"])
        self.assertTrue(by_name["Night Shelter"]["closes_at"].startswith("2026-11-24T07:00"))

    def test_unknown_hours_rank_between_open_and_closed_and_say_call(self):
        service("Closed", hours=("MO,TU,WE,TH,FR", "09:00", "17:00"))
        service("Unknown hours", lat=km_north(3)[0], hours=None)
        service("Open", lat=km_north(6)[0], hours="24/7")
        self.index()
        response = self.search(intent(categories=["emergency-shelter"], open="tonight"))
        self.assertEqual(self.names(response), ["Open", "Unknown hours", "Closed"])
        unknown = response.results[1]
        self.assertIsNone(unknown["open_now"])
        self.assertTrue(unknown["call_to_confirm"])
        self.assertFalse(response.results[0]["call_to_confirm"])

    def test_unknown_language_ranks_below_match_and_above_mismatch(self):
        service("Speaks English", languages=["en"], hours="24/7")
        service("Never said", languages=None, hours="24/7")
        service("Habla español", languages=["en", "es"], hours="24/7")
        self.index()
        response = self.search(intent(categories=["emergency-shelter"], languages=["es"]))
        self.assertEqual(self.names(response), ["Habla español", "Never said", "Speaks English"])
        confirmed = [r["language_confirmed"] for r in response.results]
        self.assertEqual(confirmed, [True, None, False])
        self.assertEqual([r["call_to_confirm"] for r in response.results], [False, True, False])

    def test_a_free_bed_ranks_first_and_a_stale_count_counts_less(self):
        service("Full", beds=0, hours="24/7")
        service("Stale count", beds=4, beds_updated=stale_time(), hours="24/7", lat=km_north(1)[0])
        service("Fresh bed", beds=2, hours="24/7", lat=km_north(2)[0])
        service("No count", hours="24/7", lat=km_north(0.2)[0])
        self.index()
        response = self.search(intent(categories=["emergency-shelter"], needs_bed=True))
        self.assertEqual(self.names(response), ["Fresh bed", "Stale count", "No count", "Full"])
        by_name = {r["name"]: r for r in response.results}
        self.assertTrue(by_name["Stale count"]["stale"])
        self.assertFalse(by_name["Fresh bed"]["stale"])
        self.assertIsNone(by_name["No count"]["beds_available"])
        self.assertTrue(by_name["No count"]["call_to_confirm"])
        self.assertEqual(by_name["Full"]["beds_available"], 0)

    def test_24_7_asked_means_round_the_clock(self):
        service("Night only", hours=(("MO,TU,WE,TH,FR,SA,SU"), "19:00", "07:00"))
        service("Always", hours="24/7", lat=km_north(8)[0])
        self.index()
        response = self.search(intent(categories=["emergency-shelter"], open="24/7"))
        self.assertEqual(self.names(response), ["Always"])  # round-the-clock places only
        self.assertEqual([r["open_in_window"] for r in response.results], [True])

    def test_population_match_ranks_higher(self):
        service("For men", populations=["men"], hours="24/7")
        service("For youth", populations=["youth"], hours="24/7", lat=km_north(2)[0])
        self.index()
        response = self.search(intent(categories=["emergency-shelter"], populations=["youth"]))
        self.assertEqual(self.names(response), ["For youth", "For men"])

    def test_a_broader_group_takes_a_man_but_a_womens_shelter_does_not(self):
        # Order by distance alone would be women's, families, adults, men's.
        service("Women's shelter", populations=["adults", "women"], hours="24/7")
        service("Family shelter", populations=["families"], hours="24/7", lat=km_north(0.3)[0])
        service("Adults' shelter", populations=["adults"], hours="24/7", lat=km_north(0.6)[0])
        service("Men's shelter", populations=["men"], hours="24/7", lat=km_north(1.2)[0])
        self.index()
        response = self.search(intent(categories=["emergency-shelter"], populations=["men"]))
        self.assertEqual(self.names(response)[:2], ["Men's shelter", "Adults' shelter"])
        self.assertEqual(set(self.names(response)[2:]), {"Women's shelter", "Family shelter"})

    def test_a_group_asked_alone_finds_its_services_beyond_a_crowd_of_nearer_ones(self):
        # More nearer rows than the engine's candidate pool (40): distance alone would bury it.
        for i in range(41):
            service(f"Drop-in {i}", categories=["youth-services"], lat=km_north(0.01 * i)[0])
        service(
            "Rainbow Youth Drop-In",
            categories=["youth-services"],
            populations=["lgbtq", "youth"],
            lat=km_north(1.5)[0],
        )
        self.index()
        response = self.search(intent(populations=["lgbtq", "youth"]))
        self.assertEqual(self.names(response)[0], "Rainbow Youth Drop-In")

    def test_a_service_for_some_people_only_ranks_below_one_open_to_all_unless_asked_for(self):
        service("Safe House", categories=["emergency-shelter", "domestic-violence"], hours="24/7")
        service("Youth Beds", categories=["emergency-shelter", "youth-services"], hours="24/7")
        service("City Shelter", categories=["emergency-shelter"], hours="24/7", lat=km_north(1)[0])
        self.index()
        self.assertEqual(
            self.names(self.search(intent(categories=["emergency-shelter"])))[0], "City Shelter"
        )
        youth = self.search(intent(categories=["emergency-shelter"], populations=["youth"]))
        self.assertEqual(self.names(youth)[0], "Youth Beds")
        safety = self.search(intent(categories=["emergency-shelter", "domestic-violence"]))
        self.assertEqual(self.names(safety)[0], "Safe House")

    def test_a_phone_line_without_location_is_found_and_has_no_distance(self):
        service("Crisis Line", categories=["crisis-line"], located=False, hours="24/7")
        self.index()
        response = self.search(intent(categories=["crisis-line"]))
        (row,) = response.results
        self.assertIsNone(row["distance_km"])
        self.assertIsNone(row["service_at_location_id"])

    def test_far_away_places_are_left_out(self):
        service("Boston Shelter", lat=42.36, lng=-71.06)
        service("Hartford Shelter")
        self.index()
        self.assertEqual(
            self.names(self.search(intent(categories=["emergency-shelter"]))), ["Hartford Shelter"]
        )

    def test_limit(self):
        for i in range(7):
            service(f"Shelter {i}", lat=km_north(i)[0])
        self.index()
        response = self.search(intent(categories=["emergency-shelter"]), limit=3)
        self.assertEqual(self.names(response), ["Shelter 0", "Shelter 1", "Shelter 2"])

    # --- nothing fits ------------------------------------------------------------------------

    def test_nothing_open_tonight_says_so_and_offers_24_7_lines(self):
        service("Day Detox", categories=["detox"], hours=("MO,TU,WE,TH,FR", "08:00", "16:00"))
        service(
            "Crisis Line",
            categories=["crisis-line"],
            located=False,
            hours="24/7",
            phone="860-555-0199",
        )
        service(
            "Access Line",
            categories=["access-line"],
            located=False,
            hours="24/7",
            phone="800-563-4086",
        )
        service("Unrelated 24/7 pantry", categories=["food-pantry"], hours="24/7")
        self.index()
        response = self.search(intent(categories=["detox"], open="tonight"))
        self.assertIn("Nothing open tonight", response.message)
        self.assertEqual([r["name"] for r in response.fallback], ["Access Line", "Crisis Line"])
        self.assertEqual(response.fallback[0]["phone"], "+18005634086")
        data = response.to_json()
        self.assertEqual(data["message"], response.message)
        self.assertEqual(len(data["fallback"]), 2)
        # The closed detox is still listed below, with when it opens.
        self.assertEqual(self.names(response), ["Day Detox"])

    def test_no_match_at_all_offers_crisis_lines_but_not_the_access_line_for_food(self):
        service("Crisis Line", categories=["crisis-line"], located=False, hours="24/7")
        service("Access Line", categories=["access-line"], located=False, hours="24/7")
        self.index()
        response = self.search(intent(categories=["food-pantry"], open="tonight"))
        self.assertEqual(response.results, [])
        self.assertTrue(response.message)
        self.assertEqual([r["name"] for r in response.fallback], ["Crisis Line"])

    def test_when_something_fits_there_is_no_fallback(self):
        service("Night Shelter", hours="24/7")
        service("Crisis Line", categories=["crisis-line"], located=False, hours="24/7")
        self.index()
        response = self.search(intent(categories=["emergency-shelter"], open="tonight"))
        self.assertEqual(response.message, "")
        self.assertEqual(response.fallback, [])

    # --- a directory in another taxonomy ------------------------------------------------------

    def test_a_foreign_taxonomy_term_is_read_as_waypoints_category(self):
        food = foreign_term("Food", code="102")
        tag(
            service("Noon Meal", categories=(), description="A hot lunch."),
            foreign_term("Free Meals", code="102-05", parent=food),
        )
        tag(
            service("Parish Pantry", categories=(), lat=km_north(0.2)[0]),
            foreign_term("Food Pantry", code="102-04", parent=food),
        )
        tag(
            service("Coat Giveaway", categories=(), lat=km_north(0.1)[0]),
            foreign_term("Clothing", code="104-02"),
        )
        self.index()
        self.assertEqual(self.names(self.search(asked("soup kitchen"))), ["Noon Meal"])
        self.assertEqual(self.names(self.search(asked("groceries"))), ["Parish Pantry"])

    def test_a_service_tagged_only_at_a_broad_parent_takes_its_own_words(self):
        addiction = foreign_term("Addiction & Recovery", code="106-01")
        tag(service("Evening Methadone Slot", categories=()), addiction)
        tag(
            service(
                "Recovery Café",
                categories=(),
                description="Peer coffee hour.",
                lat=km_north(0.1)[0],
            ),
            addiction,
        )
        self.index()
        self.assertEqual(self.names(self.search(asked("methadone")))[0], "Evening Methadone Slot")

    def test_a_category_filters_only_where_categories_are_known(self):
        service(
            "Hygiene Station",
            categories=(),
            description="Hot showers and a change of socks.",
            lat=km_north(1.0)[0],
        )
        service(
            "Food Closet", categories=("food-pantry",), description="Groceries; showers next door."
        )
        service("Night Shelter", categories=("emergency-shelter",), lat=km_north(0.5)[0])
        self.index()
        names = self.names(self.search(asked("shower")))
        self.assertEqual(names[0], "Hygiene Station")  # no category, found by its words
        self.assertIn("Food Closet", names)  # listed elsewhere, its words mention showers: after
        self.assertNotIn("Night Shelter", names)

    def test_an_empty_filtered_answer_shows_what_the_words_found_and_says_why(self):
        service(
            "Food Closet", categories=("food-pantry",), description="Groceries; showers next door."
        )
        self.index()
        response = self.search(asked("shower"))
        self.assertEqual(self.names(response), ["Food Closet"])
        self.assertEqual(response.results[0]["matched"], "text")
        self.assertIn("shower", response.message)

    def test_a_query_that_names_a_service_finds_it_first_whatever_category_words_its_name_holds(
        self,
    ):
        service(
            "Serenity Recovery House", categories=("mental-health-walk-in",), lat=km_north(3)[0]
        )
        for i in range(3):
            service(f"Sober house {i}", categories=("recovery-housing",), lat=km_north(0.1 * i)[0])
        self.index()
        response = self.search(asked("serenity recovery house"))
        self.assertEqual(self.names(response)[0], "Serenity Recovery House")
        self.assertEqual(response.results[0]["matched"], "name")

    def test_eligibility_as_hsds_writes_it_leaves_out_who_it_does_not_take(self):
        mens = service("Men's Lodge", hours="24/7")
        mens.eligibility_description = "Single adult men."
        mens.save()
        womens = service("Mary House", hours="24/7", lat=km_north(2)[0])
        womens.eligibility_description = "Para mujeres, con o sin hijos."
        womens.save()
        teens = service("Teen Beds", hours="24/7", lat=km_north(1)[0])
        teens.minimum_age, teens.maximum_age = 12, 17
        teens.save()
        self.index()
        self.assertEqual(
            self.names(self.search(asked("shelter for a woman tonight")))[0], "Mary House"
        )
        self.assertEqual(self.names(self.search(asked("mens shelter tonight")))[0], "Men's Lodge")
        self.assertEqual(
            self.names(self.search(asked("shelter for a 15 year old tonight")))[0], "Teen Beds"
        )
        self.assertEqual(
            set(self.names(self.search(asked("shelter for a 40 year old man tonight")))[-2:]),
            {"Teen Beds", "Mary House"},
        )

    def test_a_population_word_steers_to_its_groups_services(self):
        for i, name in enumerate(["Warming Centre", "Mothers' Recovery Home", "Pantry"]):
            service(name, categories=(), lat=km_north(0.1 * i)[0])
        for i in range(3):
            vets = service(f"Veterans House {i}", categories=(), lat=km_north(2 + i)[0])
            vets.eligibility_description = "Veterans of any era."
            vets.save()
        self.index()
        names = self.names(self.search(asked("veteran housing")))
        self.assertEqual(
            set(names[:3]), {"Veterans House 0", "Veterans House 1", "Veterans House 2"}
        )

    def test_a_bed_asked_means_the_kinds_of_service_with_beds(self):
        service("Youth Club", categories=("youth-services",), populations=("youth",))
        service(
            "Youth Shelter",
            categories=("youth-services", "emergency-shelter"),
            populations=("youth",),
            lat=km_north(2)[0],
        )
        self.index()
        self.assertEqual(
            self.names(self.search(asked("kicked out teen needs a bed")))[0], "Youth Shelter"
        )
