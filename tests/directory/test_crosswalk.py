"""The category crosswalk: moderators see and correct how a 211's taxonomy is read as Waypoint's
categories; the public category pages, the home tiles and the phone's offline directory follow it."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from directory.categorisation import classify_services
from directory.models import ServiceClassification, TermMapping
from outreach.selectors import directory_snapshot
from search.models import ServiceSearchDocument
from search.services import search_index_sync_service
from staff.accounts import staff_create_or_update
from tests import factories as f

PASSWORD = "correct horse battery staple"
INDEX = "/admin/category-crosswalk/"


def staff(username, role, organization=None):
    return staff_create_or_update(
        username, role=role, password=PASSWORD, organization=organization
    ).user


def categories_of(service):
    return set(
        ServiceClassification.objects.filter(
            service=service, kind=ServiceClassification.Kind.CATEGORY
        ).values_list("code", flat=True)
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
        cls.tax_term = f.TaxonomyTermFactory(
            taxonomy=oe, code="107-03", name="Tax Preparation", description=""
        )
        cls.own_term = f.TaxonomyTermFactory(code="emergency-shelter", name="Emergency shelter")
        cls.kitchen = f.ServicePageFactory(
            title="Tuesday Table", description="Every Tuesday.", parent=cls.org
        )
        cls.desk = f.ServicePageFactory(title="Help Desk", description="Walk in.", parent=cls.org)
        cls.beds = f.ServicePageFactory(title="Night Beds", description="Beds.", parent=cls.org)
        f.AttributeFactory(service=cls.kitchen, taxonomy_term=cls.meals_term)
        f.AttributeFactory(service=cls.desk, taxonomy_term=cls.tax_term)
        f.AttributeFactory(service=cls.beds, taxonomy_term=cls.own_term)
        classify_services([cls.kitchen, cls.desk, cls.beds])
        cls.moderator = staff("moderator", "moderator")
        cls.provider = staff("provider", "provider", cls.org)
        cls.responder = staff("responder", "responder")


@override_settings(ELASTICSEARCH_URL="")
class CrosswalkAdminTests(CrosswalkData, TestCase):
    def test_listing_shows_unmapped_terms_first_with_how_each_was_decided(self):
        self.client.force_login(self.moderator)
        html = self.client.get(INDEX).content.decode()
        self.assertIn("Free Meals", html)
        self.assertIn("Open Eligibility · 102-05 · under Food", html)
        self.assertIn("From the term&#x27;s words", html)
        self.assertIn("No Waypoint category", html)
        self.assertLess(html.index("Tax Preparation"), html.index("Free Meals"), "unmapped first")
        self.assertNotIn("Emergency shelter", html, "Waypoint's own terms are not in the crosswalk")
        self.assertIn(f'href="{INDEX}{self.tax_term.pk}/"', html)

    def test_listing_filters_by_method_and_taxonomy(self):
        self.client.force_login(self.moderator)
        html = self.client.get(INDEX, {"method": "none"}).content.decode()
        self.assertIn("Tax Preparation", html)
        self.assertNotIn("Free Meals", html)
        html = self.client.get(INDEX, {"method": "words"}).content.decode()
        self.assertNotIn("Tax Preparation", html)
        self.assertIn("Free Meals", html)
        html = self.client.get(
            INDEX, {"taxonomy": "Open Eligibility", "q": "meals"}
        ).content.decode()
        self.assertIn("Free Meals", html)
        self.assertNotIn("Tax Preparation", html)

    def test_menu_item_only_for_moderators(self):
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), "Category crosswalk")
        self.client.force_login(self.provider)
        self.assertNotContains(self.client.get("/admin/"), "Category crosswalk")

    def assertRefused(self, response):
        """Forbidden, or sent away (Wagtail redirects a refused admin view to its home or login)."""
        self.assertIn(response.status_code, (302, 403))
        if response.status_code == 302:
            self.assertFalse(response["Location"].startswith(INDEX), response["Location"])

    def test_provider_responder_and_visitor_are_refused(self):
        edit = f"{INDEX}{self.tax_term.pk}/"
        for user in (self.provider, self.responder, None):
            if user is None:
                self.client.logout()
            else:
                self.client.force_login(user)
            self.assertRefused(self.client.get(INDEX))
            self.assertRefused(self.client.get(edit))
            self.assertRefused(self.client.post(edit, {"categories": ["id-benefits"]}))
            self.assertEqual(
                TermMapping.objects.get(term=self.tax_term).method, TermMapping.Method.NONE
            )

    def test_moderator_correction_reclassifies_and_reindexes_the_services(self):
        search_index_sync_service(service_page_id=self.desk.pk)
        self.assertNotIn(
            "id-benefits",
            ServiceSearchDocument.objects.get(service_page_id=self.desk.pk).categories,
        )
        self.client.force_login(self.moderator)
        edit = f"{INDEX}{self.tax_term.pk}/"
        form = self.client.get(edit).content.decode()
        self.assertIn('value="id-benefits"', form)
        self.assertIn("Help Desk", form, "the services behind the term")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                edit, {"categories": ["id-benefits"], "populations": ["adults"]}, follow=True
            )
        self.assertRedirects(response, INDEX)
        self.assertContains(
            response, "“Tax Preparation” now means ID and benefits; 1 service re-sorted."
        )
        mapping = TermMapping.objects.get(term=self.tax_term)
        self.assertEqual(
            (mapping.method, mapping.decided_by), (TermMapping.Method.MODERATOR, self.moderator)
        )
        self.assertEqual(categories_of(self.desk), {"id-benefits"})
        document = ServiceSearchDocument.objects.get(service_page_id=self.desk.pk)
        self.assertIn("|id-benefits|", document.categories)
        self.assertIn("adults", document.populations)
        self.assertEqual(self.client.get("/categories/id-benefits/").status_code, 200)
        self.assertContains(self.client.get("/categories/id-benefits/"), "Help Desk")

    def test_unknown_category_and_waypoints_own_terms_are_refused(self):
        self.client.force_login(self.moderator)
        self.assertEqual(self.client.get(f"{INDEX}{self.own_term.pk}/").status_code, 404)
        response = self.client.post(f"{INDEX}{self.tax_term.pk}/", {"categories": ["made-up"]})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            TermMapping.objects.get(term=self.tax_term).method, TermMapping.Method.NONE
        )


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
