"""Signing in lands each role on its own home, second factor included, from /admin/login/ or the
public footer's "Staff sign in"; the admin menu links the homes of the roles that use the admin;
responder pages carry the bottom bar with Today's count."""

import re
from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from referrals.models import FollowUp, FollowUpKind
from staff.models import Role
from tests.factories import (
    PASSWORD,
    FollowUpFactory,
    OrganizationPageFactory,
    ReferralTestData,
    home_page,
    staff_for_every_role,
)

from .helpers import current_code, totp_device

HOMES = {
    Role.RESPONDER: "/outreach/",
    Role.SUPERVISOR: "/outreach/dashboard/",
    Role.PROVIDER: "/provider/",
    Role.MODERATOR: "/admin/directory-reports/pending/",
}


@override_settings(WAYPOINT_REQUIRE_2FA=True)
class SignInLandsOnTheRoleHomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home_page()
        organization = OrganizationPageFactory(title="Riverbend")
        cls.users = staff_for_every_role(organization=organization, suffix="one")

    def sign_in(self, role, login_url="/admin/login/"):
        """Password, then the second factor where the role needs one; the page it ends on."""
        user = self.users[role]
        device = totp_device(user) if role != Role.MODERATOR else None
        response = self.client.post(login_url, {"username": user.username, "password": PASSWORD})
        self.assertEqual(response.status_code, 302, response.content[:300])
        response = self.client.get(response["Location"])
        if device is not None:
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith("/account/2fa/verify/?next="))
            verify = self.client.get(response["Location"])
            next_url = re.search(r'name="next" value="([^"]*)"', verify.content.decode()).group(1)
            response = self.client.post(
                "/account/2fa/verify/", {"token": current_code(device), "next": next_url}
            )
            self.assertEqual(response.status_code, 302)
            response = self.client.get(response["Location"])
        self.assertEqual(response.status_code, 200, response.request["PATH_INFO"])
        return response.request["PATH_INFO"]

    def test_each_role_lands_on_its_home_from_the_admin_sign_in(self):
        for role, home in HOMES.items():
            with self.subTest(role=role):
                self.client.logout()
                self.assertEqual(self.sign_in(role), home)

    def test_the_public_footer_links_staff_sign_in_which_lands_on_the_home(self):
        page = self.client.get("/search/").content.decode()
        link = re.search(r'<a href="([^"]+)">Staff sign in</a>', page)
        self.assertIsNotNone(link, "no Staff sign in link in the public footer")
        for role, home in HOMES.items():
            with self.subTest(role=role):
                self.client.logout()
                self.assertEqual(self.sign_in(role, login_url=link.group(1)), home)

    def test_a_page_asked_for_before_sign_in_still_wins(self):
        user = self.users[Role.RESPONDER]
        response = self.client.post(
            "/admin/login/?next=/outreach/people/",
            {"username": user.username, "password": PASSWORD, "next": "/outreach/people/"},
        )
        self.assertEqual(response["Location"], "/outreach/people/")

    def test_signed_in_staff_see_their_home_in_the_footer_not_the_sign_in_link(self):
        self.client.force_login(self.users[Role.MODERATOR])
        page = self.client.get("/search/").content.decode()
        self.assertNotIn("Staff sign in", page)
        self.assertIn(f'<a href="{HOMES[Role.MODERATOR]}">My work</a>', page)


class AdminMenuTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home_page()
        organization = OrganizationPageFactory(title="Riverbend")
        cls.users = staff_for_every_role(organization=organization, suffix="menu")

    def test_the_admin_menu_links_each_admin_role_home(self):
        expected = {
            Role.SUPERVISOR: ("Supervisor dashboard", "/outreach/dashboard/"),
            Role.PROVIDER: ("Referral inbox", "/provider/referrals/"),
            Role.MODERATOR: ("Moderation queue", "/admin/directory-reports/pending/"),
        }
        for role, (label, url) in expected.items():
            with self.subTest(role=role):
                self.client.force_login(self.users[role])
                page = self.client.get("/admin/")
                self.assertEqual(page.status_code, 200)
                text = page.content.decode()
                self.assertIn(label, text)
                self.assertIn(url, text)
                for other, (other_label, _url) in expected.items():
                    if other != role:
                        self.assertNotIn(other_label, text)

    def test_a_responder_opening_the_admin_goes_to_the_quick_log(self):
        self.client.force_login(self.users[Role.RESPONDER])
        response = self.client.get("/admin/")
        self.assertRedirects(response, "/outreach/", fetch_redirect_response=False)

    def test_the_public_gets_the_admin_sign_in(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/admin/login/"))


class BottomBarTests(ReferralTestData, TestCase):
    def test_responder_pages_have_the_bar_with_todays_count(self):
        referral = self.make_referral()
        FollowUp.objects.all().delete()  # only the ones made here
        now = timezone.now()
        for due in (now - timedelta(hours=1), now + timedelta(minutes=1), now + timedelta(days=2)):
            FollowUpFactory(
                referral=referral,
                kind=FollowUpKind.OTHER,
                label="Call back",
                due_at=due,
                owner=self.responder,
            )
        self.client.force_login(self.responder)
        for url in ("/outreach/", "/outreach/people/", "/outreach/today/", "/search/"):
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                bar = re.search(r'<nav class="bottom-bar".*?</nav>', page, re.S)
                self.assertIsNotNone(bar, url)
                for label in ("Log", "Search", "Today", "People"):
                    self.assertIn(f">{label}", bar.group(0))
                self.assertIn('data-count="2"', bar.group(0))

    def test_the_public_has_no_bar(self):
        self.assertNotIn('class="bottom-bar"', self.client.get("/search/").content.decode())
