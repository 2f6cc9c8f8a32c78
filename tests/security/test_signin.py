"""Issue 9 item 1: second factor, lock-out, inactivity timeout, sign out everywhere, disabling."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.models import AuditEvent, Role
from tests.factories import (
    PASSWORD,
    EncounterFactory,
    PersonFactory,
    ServicePageFactory,
    TeamFactory,
    home_page,
    staff,
    totp_device,
)
from waypoint.security.sessions import disable_account, end_sessions, sessions_of

from .helpers import current_code


@override_settings(WAYPOINT_REQUIRE_2FA=True)
class SecondFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.person = PersonFactory(created_by_team=cls.team)
        cls.encounter = EncounterFactory(team=cls.team, person=cls.person)
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.supervisor = staff(Role.SUPERVISOR, team=cls.team)
        cls.provider = staff(Role.PROVIDER)

    def private_pages(self):
        return [
            "/outreach/",
            f"/outreach/people/{self.person.pk}/",
            f"/outreach/encounters/{self.encounter.pk}/",
            "/outreach/referrals/open/",
            "/provider/referrals/",
            "/account/audit/",
        ]

    def private_apis(self):
        return [f"/api/encounters/{self.encounter.pk}", "/api/referrals"]

    def test_unenrolled_staff_are_sent_to_setup_and_apis_refuse(self):
        for user in (self.responder, self.supervisor, self.provider):
            self.client.force_login(user)
            for url in self.private_pages():
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302, (user, url))
                self.assertTrue(
                    response["Location"].startswith("/account/2fa/setup/?next="),
                    response["Location"],
                )
            for url in self.private_apis():
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403, url)
                self.assertEqual(response.json()["error"]["code"], "second_factor_required")
            response = self.client.post(
                "/api/encounters", data="{}", content_type="application/json"
            )
            self.assertEqual(response.status_code, 403)
            self.assertFalse(AuditEvent.objects.filter(user=user).exists(), "nothing was read")

    def test_enrolled_but_unverified_staff_are_sent_to_verify(self):
        totp_device(self.responder)
        self.client.force_login(self.responder)
        response = self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertTrue(response["Location"].startswith("/account/2fa/verify/?next="))

    def test_setup_flow_confirms_a_device_and_opens_the_pages(self):
        self.client.force_login(self.responder)
        page = self.client.get("/account/2fa/setup/?next=/outreach/people/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "<svg")
        device = TOTPDevice.objects.get(user=self.responder, confirmed=False)
        wrong = self.client.post(
            "/account/2fa/setup/",
            {
                "token": "000000" if current_code(device) != "000000" else "111111",
                "next": "/outreach/people/",
            },
        )
        self.assertEqual(wrong.status_code, 200)
        self.assertFalse(TOTPDevice.objects.get(pk=device.pk).confirmed)
        TOTPDevice.objects.get(
            pk=device.pk
        ).throttle_reset()  # django-otp slows guessing after a failure
        ok = self.client.post(
            "/account/2fa/setup/", {"token": current_code(device), "next": "/outreach/people/"}
        )
        self.assertRedirects(ok, "/outreach/people/", fetch_redirect_response=False)
        self.assertTrue(TOTPDevice.objects.get(pk=device.pk).confirmed)
        self.assertEqual(self.client.get(f"/outreach/people/{self.person.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/api/encounters/{self.encounter.pk}").status_code, 200)

    def test_verified_staff_pass_and_offsite_next_is_ignored(self):
        device = totp_device(self.supervisor)
        self.client.force_login(self.supervisor)
        response = self.client.post(
            "/account/2fa/verify/", {"token": current_code(device), "next": "https://evil.example/"}
        )
        self.assertRedirects(response, "/outreach/", fetch_redirect_response=False)
        for url in self.private_pages():
            if url.startswith("/provider/"):
                continue  # a provider-only page: 403 for a supervisor, 2FA or not
            self.assertEqual(self.client.get(url).status_code, 200, url)
        self.assertEqual(self.client.get("/api/referrals").status_code, 200)
        provider_device = totp_device(self.provider)
        provider = Client()
        provider.force_login(self.provider)
        provider.post("/account/2fa/verify/", {"token": current_code(provider_device)})
        self.assertEqual(provider.get("/provider/referrals/").status_code, 200)

    def test_a_code_cannot_be_reused(self):
        device = totp_device(self.responder)
        code = current_code(device)
        self.client.force_login(self.responder)
        self.assertEqual(self.client.post("/account/2fa/verify/", {"token": code}).status_code, 302)
        other = Client()
        other.force_login(self.responder)
        self.assertEqual(other.post("/account/2fa/verify/", {"token": code}).status_code, 200)

    def test_public_directory_stays_open(self):
        service = ServicePageFactory(parent=home_page())
        for client_user in (None, self.responder):
            self.client.logout()
            if client_user:
                self.client.force_login(client_user)
            self.assertEqual(self.client.get("/").status_code, 200)
            self.assertEqual(self.client.get("/search/?q=shelter").status_code, 200)
            self.assertEqual(self.client.get("/api/search?q=shelter").status_code, 200)
            self.assertEqual(self.client.get(service.url).status_code, 200)

    def test_public_still_gets_401_from_the_api(self):
        self.assertEqual(self.client.get(f"/api/encounters/{self.encounter.pk}").status_code, 401)


class LockoutTests(TestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)

    def login(self, password):
        return self.client.post("/admin/login/", {"username": "root", "password": password})

    def test_wagtail_admin_login_still_works(self):
        response = self.login(PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)

    def test_locked_out_after_five_failures_with_a_clear_message(self):
        for _ in range(4):
            self.assertEqual(self.login("wrong").status_code, 200)
        self.assertEqual(self.login("wrong").status_code, 429)  # the fifth failure locks
        response = self.login(PASSWORD)  # even the right password is refused now
        self.assertIn(response.status_code, (403, 429))
        self.assertContains(response, "Too many sign-in attempts", status_code=response.status_code)
        self.assertNotIn("_auth_user_id", self.client.session)


class SessionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.user = staff(Role.RESPONDER, team=cls.team)
        cls.other = staff(Role.RESPONDER, team=cls.team)
        cls.supervisor = staff(Role.SUPERVISOR, team=cls.team)

    def test_sessions_end_after_thirty_idle_minutes(self):
        from django.conf import settings

        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)
        self.client.force_login(self.user)
        self.assertEqual(self.client.get("/outreach/").status_code, 200)
        session = Session.objects.get(session_key=self.client.session.session_key)
        self.assertLess(
            abs((session.expire_date - timezone.now()) - timedelta(minutes=30)),
            timedelta(minutes=1),
        )
        Session.objects.filter(pk=session.pk).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        self.assertEqual(self.client.get("/outreach/").status_code, 302)

    def test_end_sessions_signs_out_every_device_of_one_user(self):
        phone, laptop, colleague = Client(), Client(), Client()
        phone.force_login(self.user)
        laptop.force_login(self.user)
        colleague.force_login(self.other)
        self.assertEqual(len(sessions_of(self.user)), 2)
        self.assertEqual(end_sessions(self.user), 2)
        self.assertEqual(phone.get("/outreach/").status_code, 302)
        self.assertEqual(laptop.get("/outreach/").status_code, 302)
        self.assertEqual(colleague.get("/outreach/").status_code, 200)

    def test_sign_out_everywhere_button(self):
        phone = Client()
        phone.force_login(self.user)
        self.client.force_login(self.user)
        self.assertEqual(self.client.post("/account/sign-out-everywhere/").status_code, 302)
        self.assertEqual(phone.get("/outreach/").status_code, 302)
        self.assertEqual(sessions_of(self.user), [])

    def test_supervisor_disables_an_account_at_once(self):
        phone = Client()
        phone.force_login(self.user)
        totp_device(self.user)
        self.client.force_login(self.supervisor)
        response = self.client.post(
            f"/account/staff/{self.user.pk}/disable/", {"reason": "lost phone"}
        )
        self.assertEqual(response.status_code, 200)
        self.user.refresh_from_db()
        self.assertFalse(self.user.is_active)
        self.assertEqual(phone.get("/outreach/").status_code, 302)
        self.assertFalse(TOTPDevice.objects.filter(user=self.user).exists())
        event = AuditEvent.objects.get(object_type="auth.user", object_id=str(self.user.pk))
        self.assertEqual(event.user, self.supervisor)
        self.assertIn("lost phone", event.detail)
        # and the password no longer works on the admin login
        login = Client().post(
            "/admin/login/", {"username": self.user.username, "password": PASSWORD}
        )
        self.assertEqual(login.status_code, 200)

    def test_only_supervisors_disable_accounts(self):
        self.client.force_login(self.other)
        self.assertEqual(
            self.client.post(f"/account/staff/{self.user.pk}/disable/").status_code, 403
        )
        self.user.refresh_from_db()
        self.assertTrue(self.user.is_active)

    def test_service_function(self):
        c = Client()
        c.force_login(self.user)
        self.assertEqual(disable_account(self.user, by=self.supervisor), 1)
        self.assertEqual(c.get("/outreach/").status_code, 302)


@override_settings(WAYPOINT_REQUIRE_2FA=True)
class AdminSecondFactorTests(TestCase):
    def test_wagtail_admin_needs_the_second_factor_then_works(self):
        root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
        login = self.client.post("/admin/login/", {"username": "root", "password": PASSWORD})
        self.assertEqual(login.status_code, 302)
        response = self.client.get("/admin/")
        self.assertTrue(response["Location"].startswith("/account/2fa/setup/"))
        device = totp_device(root)
        self.client.post("/account/2fa/verify/", {"token": current_code(device), "next": "/admin/"})
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertEqual(self.client.get("/admin/login/").status_code, 302)  # already signed in
