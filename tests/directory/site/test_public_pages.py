import re
from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from directory.categorisation import classify_service
from directory.models import Closure
from tests import factories as f


def build_listing():
    listing = f.shelter_listing(
        assured_date=timezone.localdate() - timedelta(days=3), latitude=41.7637, longitude=-72.6851
    )
    service = listing.service
    f.ScheduleFactory(service=service)
    f.RequiredDocumentFactory(service=service, document="Photo ID")
    capacity = f.ServiceCapacityFactory(service=service, available=4, maximum=20)
    classify_service(service)  # as publishing (the search sync) or an import does
    return listing.home, listing.org, service, listing.term, capacity


class PublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.org, cls.service, cls.term, cls.capacity = build_listing()

    def get(self, url, **kwargs):
        response = self.client.get(url, **kwargs)
        self.assertEqual(response.status_code, 200, url)
        html = response.content.decode()
        self.assertEqual(len(re.findall(r"<h1[ >]", html)), 1, f"one <h1> on {url}")
        self.assertNotRegex(
            html,
            r'(src|href)="(https?:)?//(?!www\.openstreetmap\.org)',
            "nothing from another origin",
        )
        return html

    def test_home_has_search_box_and_category_tiles(self):
        html = self.get("/")
        self.assertIn('action="/search/"', html)
        self.assertIn('name="q"', html)
        self.assertIn("/categories/emergency-shelter/", html)
        self.assertIn("Emergency shelter", html)

    def test_category_page_lists_its_services(self):
        html = self.get("/categories/emergency-shelter/")
        self.assertIn("Night Shelter", html)
        self.assertIn("4 of 20 beds free", html)
        self.assertEqual(self.client.get("/categories/nope/").status_code, 404)

    def test_organization_page(self):
        html = self.get(self.org.url)
        self.assertIn("Night Shelter", html)

    def test_service_page_at_a_glance(self):
        html = self.get(self.service.get_url())
        self.assertIn("4 of 20 beds free", html)
        self.assertIn("updated", html)
        self.assertIn('href="tel:+18605550100"', html)
        self.assertIn('href="geo:41.763700,-72.685100', html)
        self.assertIn("openstreetmap.org/?mlat=41.763700", html)
        self.assertIn("Spanish", html)
        self.assertIn("Adults 18+", html)
        self.assertIn("Photo ID", html)
        self.assertIn("Free", html)
        self.assertIn("Last verified on", html)
        self.assertIn('href="sms:?&amp;body=', html)
        self.assertIn("Report a problem", html)

    def test_stale_bed_count_is_not_shown_as_fact(self):
        type(self.capacity).objects.filter(pk=self.capacity.pk).update(
            updated=timezone.now() - timedelta(hours=30)
        )
        html = self.get(self.service.get_url())
        self.assertNotIn("4 of 20 beds free", html)
        self.assertIn("Bed count not updated for 30 h", html)
        self.assertIn("beds-stale", html)

    def test_unknown_languages_are_not_english_only(self):
        self.service.languages.all().delete()
        html = self.get(self.service.get_url())
        self.assertIn("Not listed: call to ask", html)

    def test_closed_today_is_shown(self):
        today = timezone.localdate()
        Closure.objects.create(
            service=self.service, starts_on=today, ends_on=today, reason="Closed today"
        )
        html = self.get(self.service.get_url())
        self.assertIn("status-closed", html)
        self.assertIn("Closed today", html)

    def test_print_list_and_sms(self):
        html = self.get(f"/list/?s={self.service.hsds_id}&s=not-a-uuid")
        self.assertIn("Night Shelter", html)
        self.assertIn('href="sms:?&amp;body=Night%20Shelter', html)

    def test_permalink_redirects_to_page(self):
        response = self.client.get(f"/services/{self.service.hsds_id}/")
        self.assertRedirects(response, self.service.get_url(), fetch_redirect_response=False)

    def test_404_page(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>", count=1, status_code=404)


class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.org, cls.service, cls.term, cls.capacity = build_listing()

    def test_language_switch_sticks_and_sets_lang(self):
        html = self.client.get("/").content.decode()
        self.assertIn('<html lang="en">', html)
        self.assertIn('href="/language/es/?next=%2F"', html)
        response = self.client.get("/language/es/?next=/categories/emergency-shelter/")
        self.assertRedirects(
            response, "/categories/emergency-shelter/", fetch_redirect_response=False
        )
        html = self.client.get(self.service.get_url()).content.decode()
        self.assertIn('<html lang="es">', html)
        self.assertIn("Llamar", html)
        # listing content stays as the provider wrote it, marked as such
        self.assertIn('<h1 lang="en">Night Shelter</h1>', html)
        # still Spanish on the next page: the choice sticks
        html = self.client.get("/").content.decode()
        self.assertIn('<html lang="es">', html)
        self.assertIn('hreflang="en"', html)

    def test_language_switch_refuses_offsite_next(self):
        response = self.client.get("/language/es/?next=https://evil.example/")
        self.assertEqual(response["Location"], "/")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "reports",
        }
    }
)
class ProblemReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.org, cls.service, cls.term, cls.capacity = build_listing()

    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    def url(self):
        return f"/services/{self.service.hsds_id}/report/"

    def test_anonymous_report_lands_in_queue(self):
        response = self.client.post(
            self.url(), {"kinds": ["wrong_phone", "full"], "note": "Line busy"}
        )
        self.assertContains(response, "Thank you")
        report = self.service.problem_reports.get()
        self.assertEqual(report.kinds, ["wrong_phone", "full"])
        self.assertEqual(report.source, "public")
        self.assertIsNone(report.reported_by)

    def test_empty_report_is_refused(self):
        response = self.client.post(self.url(), {"note": " "})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.service.problem_reports.exists())

    def test_rate_limited_per_address(self):
        for _ in range(5):
            self.client.post(self.url(), {"kinds": ["closed"]})
        response = self.client.post(self.url(), {"kinds": ["closed"]})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Please wait an hour", status_code=429)
        self.assertEqual(self.service.problem_reports.count(), 5)
        other = self.client.post(self.url(), {"kinds": ["closed"]}, REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 200)


class PreviewTests(TestCase):
    """A moderator's preview shows the provider's draft, not the live page."""

    def test_preview_renders_the_draft(self):
        _home, _org, service, _term, _capacity = build_listing()
        service.description = "DRAFT DESCRIPTION FROM THE PROVIDER"
        response = service.make_preview_request()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "DRAFT DESCRIPTION FROM THE PROVIDER")
        self.assertContains(response, "4 of 20 beds free")
