"""The person search keeps names out of URLs: it posts (with CSRF), works without JavaScript, and
no address the flow produces — links, form actions, redirects, the login's ``next``, the audit
log's paths — holds the name that was searched for."""

import re
from urllib.parse import quote, quote_plus

from django.test import Client, TestCase, override_settings

from staff.models import AuditEvent, Role
from tests.factories import PersonFactory, TeamFactory, staff

NAME = "Marisol Quintero"
URL_ATTR = re.compile(r'\b(?:href|action|src|formaction|data-[a-z-]+)\s*=\s*"([^"]*)"', re.I)


def name_forms():
    words = [w.lower() for w in NAME.split()]
    return {*words, quote(NAME).lower(), quote_plus(NAME).lower()}


class PersonSearchPrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.user = staff(Role.RESPONDER, team=cls.team)
        cls.person = PersonFactory(created_by_team=cls.team, name=NAME, alias="Blue Heron")
        # More matches than one answer shows: no "next page" link may carry the query.
        cls.others = [
            PersonFactory(created_by_team=cls.team, name=f"Marisol Quinteros {i}")
            for i in range(25)
        ]

    def setUp(self):
        self.client.force_login(self.user)

    def assert_no_name_in_urls(self, response):
        urls = [response.get("Location", ""), response.get("Link", ""), response.get("Refresh", "")]
        urls += [getattr(r, "url", "") for r in [response]] + [
            u for u, _ in getattr(response, "redirect_chain", [])
        ]
        if response.get("Content-Type", "").startswith("text/html"):
            urls += URL_ATTR.findall(response.content.decode())
        for url in urls:
            for form in name_forms():
                self.assertNotIn(form, url.lower(), f"{form!r} in URL {url!r}")
        return urls

    def test_search_posts_and_answers_in_the_same_response(self):
        page = self.client.get("/outreach/people/")
        self.assertContains(page, 'method="post"')
        self.assertContains(page, "csrfmiddlewaretoken")
        response = self.client.post("/outreach/people/", {"q": NAME}, follow=True)
        self.assertEqual(response.redirect_chain, [])
        self.assertContains(response, NAME)
        self.assertContains(response, f"/outreach/people/{self.person.pk}/")
        urls = self.assert_no_name_in_urls(response)
        self.assertFalse([u for u in urls if "page=" in u or "?q" in u], urls)
        self.assertEqual(response.content.decode().count('class="people-list"'), 1)

    def test_a_name_in_the_address_is_ignored(self):
        response = self.client.get("/outreach/people/", {"q": NAME})
        self.assertNotContains(response, f"/outreach/people/{self.person.pk}/")
        self.assertFalse(
            AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_PERSONS).exists()
        )

    def test_csrf_is_checked(self):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.user)
        self.assertEqual(strict.post("/outreach/people/", {"q": NAME}).status_code, 403)
        page = strict.get("/outreach/people/")
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()
        ).group(1)
        self.assertContains(
            strict.post("/outreach/people/", {"q": NAME, "csrfmiddlewaretoken": token}), NAME
        )

    def test_signed_out_or_unverified_redirects_drop_the_name(self):
        anonymous = Client()
        response = anonymous.post("/outreach/people/", {"q": NAME})
        self.assertEqual(response.status_code, 302)
        self.assert_no_name_in_urls(response)
        with override_settings(WAYPOINT_REQUIRE_2FA=True):
            response = self.client.post("/outreach/people/", {"q": NAME})
            self.assertEqual(response.status_code, 302)
            self.assertIn("/account/2fa/", response["Location"])
            self.assert_no_name_in_urls(response)

    def test_merge_search_and_merge(self):
        duplicate = self.others[0]
        merge_url = f"/outreach/people/{duplicate.pk}/merge/"
        self.assertContains(self.client.get(merge_url), 'method="post"')
        found = self.client.post(merge_url, {"q": NAME})
        self.assertContains(found, "Merge into this record")
        self.assert_no_name_in_urls(found)
        other = re.search(r'name="other" value="([0-9a-f-]{36})"', found.content.decode()).group(1)
        merged = self.client.post(merge_url, {"other": other}, follow=True)
        self.assertEqual(merged.redirect_chain, [(f"/outreach/people/{duplicate.pk}/", 302)])
        self.assert_no_name_in_urls(merged)

    def test_audit_log_paths_and_details_hold_no_name(self):
        self.client.post("/outreach/people/", {"q": NAME})
        self.client.post(f"/outreach/people/{self.others[0].pk}/merge/", {"q": NAME})
        events = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_PERSONS)
        self.assertGreaterEqual(events.count(), 2)
        for event in AuditEvent.objects.all():
            for form in name_forms():
                self.assertNotIn(form, event.path.lower())
                self.assertNotIn(form, event.detail.lower())
