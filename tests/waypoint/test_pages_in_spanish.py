"""Every page a Spanish reader opens is in Spanish: the public site, search, the provider screens
and the Wagtail admin of a Spanish-preferring user (issue 17 item 6). ``english_in`` lists the
English left on a page; names and listing text are marked ``translate="no"``/``lang="en"``."""

from datetime import timedelta

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from directory.categorisation import classify_service
from search.services import search_index_rebuild_database
from staff.accounts import staff_create_or_update
from tests import factories as f
from tests.waypoint.english import english_in


def spanish_speaker(username, role, organization=None):
    """A staff account as create_staff makes it (groups and all), preferring Spanish."""
    user = staff_create_or_update(
        username, role=role, password="correct horse battery staple", organization=organization
    ).user
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    return user


class PagesInSpanishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        listing = f.shelter_listing(
            assured_date=timezone.localdate() - timedelta(days=3),
            latitude=41.7637,
            longitude=-72.6851,
        )
        cls.org, cls.service = listing.org, listing.service
        f.ScheduleFactory(service=cls.service, freq="DAILY", byday="", opens_at=None,
                          closes_at=None, description="Open 24 hours, every day.")  # fmt: skip
        f.ScheduleFactory(service=cls.service, byday="SA,SU", opens_at="10:00", closes_at="14:00")
        f.LanguageFactory(service=cls.service, code="en", name="English")
        f.RequiredDocumentFactory(service=cls.service, document="Photo ID")
        f.ServiceCapacityFactory(service=cls.service, available=4, maximum=20)
        classify_service(cls.service)
        search_index_rebuild_database()
        cls.provider = spanish_speaker("proveedor", "provider", cls.org)
        cls.moderator = spanish_speaker("moderadora", "moderator")

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    def assert_spanish(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        html = response.content.decode()
        self.assertIn('lang="es"', html, url)
        self.assertEqual(english_in(html), [], url)
        return html

    def test_public_pages(self):
        self.assert_spanish("/")
        self.assert_spanish(self.org.get_url())
        html = self.assert_spanish(self.service.get_url())
        self.assertIn("Abierto las 24 horas, todos los días.", html)

    def test_search_results_name_languages_and_hours(self):
        html = self.assert_spanish("/search/?q=shelter")
        self.assertIn("Night Shelter", html)
        self.assertIn("inglés, español", html)

    def test_not_found(self):
        self.assert_spanish("/no-such-page/", status=404)

    def test_provider_screens(self):
        self.client.force_login(self.provider)
        self.assert_spanish(reverse("directory:provider"))
        self.assert_spanish(reverse("directory:provider_service", args=[self.service.pk]))

    def test_admin_page_edit_and_moderation_queue(self):
        self.client.cookies.clear()  # the admin follows the user's own preference
        self.client.force_login(self.provider)
        self.assert_spanish(f"/admin/pages/{self.service.pk}/edit/")
        self.client.force_login(self.moderator)
        self.assert_spanish(reverse("directory_reports:pending"))
