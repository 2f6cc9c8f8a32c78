"""Signing out: every way out ends the session and tells the browser to drop cached staff pages."""

from django.contrib.auth import get_user_model
from django.test import Client, TestCase

from staff.models import Role
from tests.factories import PASSWORD, TeamFactory, staff
from waypoint.security.sessions import sessions_of


class SignOutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff(Role.RESPONDER, team=TeamFactory())

    def assert_signed_out_response(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/account/signed-out/")
        # "cache" only: "storage" would also wipe the IndexedDB queue of unsent encounters.
        self.assertEqual(response["Clear-Site-Data"], '"cache"')
        self.assertEqual(sessions_of(self.user), [])
        self.assertEqual(self.client.get("/outreach/").status_code, 302)

    def test_sign_out_button(self):
        self.client.force_login(self.user)
        page = self.client.get("/outreach/")
        self.assertContains(page, 'action="/account/sign-out/"')
        self.assertContains(page, f'data-user="{self.user.pk}"')
        self.assert_signed_out_response(self.client.post("/account/sign-out/"))

    def test_wagtail_admin_log_out_is_ours(self):
        self.client.post("/admin/login/", {"username": self.user.username, "password": PASSWORD})
        self.assertEqual(len(sessions_of(self.user)), 1)
        self.assert_signed_out_response(self.client.post("/admin/logout/"))

    def test_sign_out_everywhere(self):
        phone = Client()
        phone.force_login(self.user)
        self.client.force_login(self.user)
        self.assert_signed_out_response(self.client.post("/account/sign-out-everywhere/"))
        self.assertEqual(phone.get("/outreach/").status_code, 302)

    def test_sign_out_needs_post_and_csrf(self):
        self.client.force_login(self.user)
        page = self.client.get("/account/sign-out/")
        self.assertContains(page, "<h1>Sign out</h1>", html=True)
        self.assertEqual(
            len(sessions_of(self.user)), 1, "a GET (a link, an image) never signs anybody out"
        )
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.user)
        self.assertEqual(strict.post("/account/sign-out/").status_code, 403)
        self.assertEqual(strict.post("/admin/logout/").status_code, 403)
        self.assertEqual(len(sessions_of(self.user)), 2)

    def test_signed_out_page_clears_the_offline_caches_with_a_static_script(self):
        response = self.client.get("/account/signed-out/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Clear-Site-Data"], '"cache"')
        self.assertContains(response, "/static/js/signed-out.js")
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        self.assertEqual(self.client.get("/account/sign-out/")["Location"], "/account/signed-out/")

    def test_csrf_json_says_who_is_signed_in(self):
        self.client.force_login(self.user)
        data = self.client.get("/outreach/csrf.json").json()
        self.assertEqual(data["user"], str(self.user.pk))
        self.assertTrue(data["token"])
        self.client.post("/account/sign-out/")
        self.assertEqual(self.client.get("/outreach/csrf.json").status_code, 401)

    def test_superuser_admin_sign_out(self):
        root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
        self.client.force_login(root)
        response = self.client.post("/admin/logout/")
        self.assertEqual(response["Location"], "/account/signed-out/")
        self.assertNotIn("_auth_user_id", self.client.session)
