"""The document's filters, each alone and AND-combined."""

from django.test import TestCase

from geo import haversine_m
from tests.factories import (
    NEW_HAVEN,
    PARK_STREET_HOUSE,
    ServiceAreaFactory,
    ServiceAtLocationFactory,
    ServicePageFactory,
    build_directory,
)

API = "/api/hsds"


class FilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_directory()

    def names(self, path, **params):
        response = self.client.get(f"{API}/{path}", params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return [item.get("name") or item["id"] for item in response.json()["contents"]]

    def sal_services(self, **params):
        response = self.client.get(f"{API}/service_at_locations", params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return [(item["service_id"], item["location_id"]) for item in response.json()["contents"]]

    def test_services_each_filter(self):
        d = self.data
        self.assertEqual(
            self.names("services"),
            ["Closed Shelter", "Detox Unit", "Night Shelter", "Summer Meals", "Youth Pantry"],
        )
        self.assertEqual(self.names("services", search="beds"), ["Night Shelter"])
        self.assertEqual(
            self.names("services", search="food bank"), ["Summer Meals", "Youth Pantry"]
        )  # organization name
        self.assertEqual(self.names("services", search="DETOX"), ["Detox Unit"])
        self.assertEqual(self.names("services", search="100%_"), [])
        self.assertEqual(
            self.names("services", taxonomy_term_id=d.shelter.hsds_id),
            ["Closed Shelter", "Night Shelter"],
        )
        self.assertEqual(
            self.names("services", taxonomy_id=d.populations.hsds_id),
            ["Detox Unit", "Night Shelter", "Youth Pantry"],
        )
        self.assertEqual(
            self.names("services", organization_id=d.food_bank.hsds_id),
            ["Summer Meals", "Youth Pantry"],
        )
        self.assertEqual(self.names("services", modified_after="2026-11-01"), ["Detox Unit"])

    def test_services_filters_are_and_combined(self):
        d = self.data
        self.assertEqual(
            self.names(
                "services", taxonomy_term_id=d.adults.hsds_id, organization_id=d.alliance.hsds_id
            ),
            ["Detox Unit", "Night Shelter"],
        )
        self.assertEqual(
            self.names("services", taxonomy_term_id=d.adults.hsds_id, search="beds"),
            ["Night Shelter"],
        )
        self.assertEqual(
            self.names(
                "services", taxonomy_term_id=d.adults.hsds_id, organization_id=d.food_bank.hsds_id
            ),
            [],
        )
        self.assertEqual(
            self.names(
                "services",
                organization_id=d.alliance.hsds_id,
                modified_after="2026-10-15T00:00:00-04:00",
            ),
            ["Detox Unit"],
        )
        self.assertEqual(
            self.names("services", search="shelter night"), ["Night Shelter"]
        )  # every word

    def test_modified_after_takes_a_time_and_an_unencoded_plus(self):
        self.assertEqual(
            self.names("services", modified_after="2026-10-01T12:00:00Z"),
            ["Detox Unit", "Night Shelter"],
        )
        response = self.client.get(f"{API}/services?modified_after=2026-10-01T08:00:01+04:00")
        self.assertEqual(
            [s["name"] for s in response.json()["contents"]], ["Detox Unit", "Night Shelter"]
        )

    def test_modified_after_also_sees_publication(self):
        """A published edit moves last_modified, as served and as filtered."""
        self.data.pantry.save_revision().publish()
        self.assertIn("Youth Pantry", self.names("services", modified_after="2026-11-01"))

    def test_service_at_location_filters(self):
        d = self.data
        every = self.sal_services(per_page=100)
        self.assertEqual(len(every), 4)
        self.assertEqual(
            self.sal_services(taxonomy_term_id=d.food.hsds_id),
            [
                (str(d.pantry.hsds_id), str(d.pantry_haven.location.hsds_id)),
                (str(d.pantry.hsds_id), str(d.pantry_west.location.hsds_id)),
            ],
        )
        self.assertEqual(len(self.sal_services(organization_id=d.alliance.hsds_id)), 2)
        self.assertEqual(len(self.sal_services(search="chapel")), 1)  # location name
        self.assertEqual(
            len(
                self.sal_services(
                    taxonomy_id=d.categories.hsds_id,
                    search="pantry",
                    organization_id=d.alliance.hsds_id,
                )
            ),
            0,
        )

    def test_postcode_is_address_or_service_area(self):
        d = self.data
        self.assertEqual(
            self.sal_services(postcode="06120"), [(str(d.detox_unit.hsds_id), str(d.north.hsds_id))]
        )
        # ZIP+4 on either side matches the 5-digit ZIP.
        self.assertEqual(len(self.sal_services(postcode="06107")), 1)
        self.assertEqual(len(self.sal_services(postcode="06107-9999")), 1)
        # Night Shelter's area names 06114; nothing sits there.
        self.assertEqual(
            self.sal_services(postcode="06114"), [(str(d.night.hsds_id), str(d.park.hsds_id))]
        )
        self.assertEqual(
            self.sal_services(postcode="06114", organization_id=d.food_bank.hsds_id), []
        )

    def test_postcode_finds_services_whose_area_is_the_whole_city(self):
        d = self.data
        crisis = ServicePageFactory(parent=d.alliance, title="Mobile Crisis", status="active")
        ServiceAtLocationFactory(service=crisis, location=d.north)
        ServiceAreaFactory(service=crisis, name="City of Hartford", extent="", extent_type="")
        suburb = ServicePageFactory(parent=d.alliance, title="Suburban Rides")
        ServiceAtLocationFactory(service=suburb, location=d.north)
        ServiceAreaFactory(service=suburb, name="West Hartford", extent="")
        by_text = ServicePageFactory(parent=d.alliance, title="Citywide Meals")
        ServiceAtLocationFactory(service=by_text, location=d.north)
        ServiceAreaFactory(
            service=by_text, name="Delivery area", extent="hartford, ct", extent_type="text"
        )
        for postcode in ("06114", "06106", "06105-1234"):
            with self.subTest(postcode=postcode):
                found = {service for service, _location in self.sal_services(postcode=postcode)}
                self.assertIn(str(crisis.hsds_id), found)
                self.assertIn(str(by_text.hsds_id), found)
                self.assertNotIn(str(suburb.hsds_id), found)
        # 06107 is West Hartford: the city-wide Hartford services do not cover it.
        west = {service for service, _location in self.sal_services(postcode="06107")}
        self.assertEqual(west, {str(d.pantry.hsds_id), str(suburb.hsds_id)})

    def test_proximity_from_the_postcode_centroid(self):
        d = self.data
        # 06106's centroid is ~1.2 km from Park St and ~4.5 km from the North End clinic.
        near = self.sal_services(postcode="06106", proximity="2000")
        self.assertEqual(near, [(str(d.night.hsds_id), str(d.park.hsds_id))])
        wider = self.sal_services(postcode="06106", proximity="10000")
        self.assertEqual(len(wider), 3)
        self.assertNotIn(str(d.pantry_haven.location.hsds_id), [loc for _, loc in wider])

    def test_proximity_from_a_point_sorted_by_distance(self):
        lat, lng = NEW_HAVEN
        response = self.client.get(
            f"{API}/service_at_locations", {"proximity": f"{lat},{lng},100000"}
        )
        contents = response.json()["contents"]
        distances = [
            haversine_m(lat, lng, item["location"]["latitude"], item["location"]["longitude"])
            for item in contents
        ]
        self.assertEqual(len(contents), 4)
        self.assertEqual(distances, sorted(distances))
        self.assertEqual(contents[0]["location_id"], str(self.data.pantry_haven.location.hsds_id))
        # With a point of its own, postcode still filters by coverage (AND).
        self.assertEqual(
            self.sal_services(
                proximity=f"{PARK_STREET_HOUSE[0]},{PARK_STREET_HOUSE[1]},100000", postcode="06510"
            ),
            [(str(self.data.pantry.hsds_id), str(self.data.pantry_haven.location.hsds_id))],
        )

    def test_proximity_pages(self):
        lat, lng = PARK_STREET_HOUSE
        first = self.client.get(
            f"{API}/service_at_locations?proximity={lat},{lng},100000&per_page=3"
        ).json()
        second = self.client.get(
            f"{API}/service_at_locations?proximity={lat},{lng},100000&per_page=3&page=2"
        ).json()
        self.assertEqual(
            (first["total_items"], first["total_pages"], first["size"], second["size"]),
            (4, 2, 3, 1),
        )
        self.assertEqual(
            second["contents"][0]["location_id"], str(self.data.pantry_haven.location.hsds_id)
        )

    def test_organizations_search(self):
        self.assertEqual(self.names("organizations", search="food"), ["Greater Hartford Food Bank"])
        self.assertEqual(self.names("organizations", search="detox"), ["Hartford Shelter Alliance"])

    def test_taxonomy_filters(self):
        d = self.data
        self.assertEqual(self.names("taxonomies", search="population"), ["waypoint-population"])
        self.assertEqual(
            self.names("taxonomy_terms", taxonomy_id=d.populations.hsds_id), ["Adults", "Youth"]
        )
        self.assertEqual(self.names("taxonomy_terms", parent_id=d.food.hsds_id), ["Meals"])
        top = self.names("taxonomy_terms", top_only="true")
        self.assertNotIn("Meals", top)
        self.assertIn("Food pantry", top)
        self.assertEqual(
            self.names(
                "taxonomy_terms", top_only="true", taxonomy_id=d.categories.hsds_id, search="d"
            ),
            ["Detox", "Food pantry"],
        )
        self.assertEqual(len(self.names("taxonomy_terms", top_only="false")), 6)
