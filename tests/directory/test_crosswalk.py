"""Waypoint's categories for a 211's taxonomy: the public category pages, the home tiles and the
phone's offline directory read each service's classification."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from directory.categorisation import classify_services
from directory.models import ServiceClassification
from outreach.selectors import directory_snapshot
from tests import factories as f

def categories_of(service):
    return set(
        ServiceClassification.objects.filter(service=service, kind=ServiceClassification.Kind.CATEGORY).values_list(
            "code", flat=True
        )
    )


class CrosswalkData:
    """An Open Eligibility directory: "Free Meals" (under "Food") maps by its words, "Tax
    Preparation" maps to nothing; one Waypoint term that the crosswalk leaves out."""

    @classmethod
    def setUpTestData(cls):
        cls.home = f.home_page()
        cls.org = f.OrganizationPageFactory(title="Northside Neighbours", parent=cls.home)
        oe = f.TaxonomyFactory(name="Open Eligibility", description="Open Eligibility")
        food = f.TaxonomyTermFactory(taxonomy=oe, code="102", name="Food", description="")
        cls.meals_term = f.TaxonomyTermFactory(
            taxonomy=oe, code="102-05", name="Free Meals", description="", parent=food
        )
        cls.tax_term = f.TaxonomyTermFactory(taxonomy=oe, code="107-03", name="Tax Preparation", description="")
        cls.own_term = f.TaxonomyTermFactory(code="emergency-shelter", name="Emergency shelter")
        cls.kitchen = f.ServicePageFactory(title="Tuesday Table", description="Every Tuesday.", parent=cls.org)
        cls.desk = f.ServicePageFactory(title="Help Desk", description="Walk in.", parent=cls.org)
        cls.beds = f.ServicePageFactory(title="Night Beds", description="Beds.", parent=cls.org)
        f.AttributeFactory(service=cls.kitchen, taxonomy_term=cls.meals_term)
        f.AttributeFactory(service=cls.desk, taxonomy_term=cls.tax_term)
        f.AttributeFactory(service=cls.beds, taxonomy_term=cls.own_term)
        classify_services([cls.kitchen, cls.desk, cls.beds])


class PublicCategoryTests(CrosswalkData, TestCase):
    def test_a_foreign_tagged_service_is_under_its_waypoint_category(self):
        self.assertEqual(categories_of(self.kitchen), {"meals"})
        home = self.client.get("/").content.decode()
        self.assertIn('href="/categories/meals/"', home)
        page = self.client.get("/categories/meals/")
        self.assertContains(page, "Tuesday Table")
        self.assertContains(page, "Hot meals and soup kitchens.")
        self.assertNotContains(page, "Help Desk")

    def test_offline_snapshot_carries_category_codes(self):
        rows = {row["name"]: row for row in directory_snapshot()}
        self.assertEqual(rows["Tuesday Table"]["categories"], ["meals"])
        self.assertEqual(rows["Help Desk"]["categories"], [])
        self.assertEqual(rows["Night Beds"]["categories"], ["emergency-shelter"])

    def test_a_known_category_without_services_is_empty_and_an_unknown_one_404(self):
        self.assertContains(self.client.get("/categories/veterans/"), "No services listed.")
        self.assertEqual(self.client.get("/categories/free-meals/").status_code, 404)

    def test_query_counts_do_not_grow_with_the_services(self):
        def queries(url):
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(captured)

        def snapshot_queries():
            with CaptureQueriesContext(connection) as captured:
                directory_snapshot()
            return len(captured)

        before = (queries("/categories/meals/"), queries("/"), snapshot_queries())
        for n in range(3):
            more = f.ServicePageFactory(title=f"Soup Kitchen {n}", parent=self.org)
            f.AttributeFactory(service=more, taxonomy_term=self.meals_term)
            classify_services([more])
        self.assertEqual((queries("/categories/meals/"), queries("/"), snapshot_queries()), before)
