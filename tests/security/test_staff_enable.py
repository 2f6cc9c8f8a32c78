"""Re-enabling an account after "disable account" (lost phone): supervisors only, audited, and the
person signs in again with a new authenticator — the old one is gone for good."""

import time

from django.contrib.auth import get_user_model
from django.test import Client, TestCase, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.models import AuditEvent, Role
from tests.factories import PASSWORD, TeamFactory, staff, totp_device
from waypoint.security.sessions import disable_account, enable_account

from .helpers import current_code, verified_login


def code_for(bin_key, device) -> str:
    return f"{totp(bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


@override_settings(WAYPOINT_REQUIRE_2FA=True)
class StaffEnableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.user = staff(Role.RESPONDER, team=cls.team)
        cls.supervisor = staff(Role.SUPERVISOR, team=cls.team)
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.provider = staff(Role.PROVIDER)
        cls.moderator = staff(Role.MODERATOR)

    def setUp(self):
        self.old_device = totp_device(self.user)
        self.old_key = self.old_device.bin_key
        disable_account(self.user, by=self.supervisor, reason="lost phone")
        self.user.refresh_from_db()

    def sign_in(self, client, password=PASSWORD):
        return client.post("/admin/login/", {"username": self.user.username, "password": password})

    def enable_as(self, who):
        client = Client()
        verified_login(client, who)
        return client.post(f"/account/staff/{self.user.pk}/enable/", {"reason": "phone found"})

    def test_other_roles_cannot_re_enable(self):
        for who in (self.responder, self.provider, self.moderator):
            with self.subTest(
                role=who.staff_profile.role if hasattr(who, "staff_profile") else who
            ):
                self.assertEqual(self.enable_as(who).status_code, 403)
        anonymous = Client().post(f"/account/staff/{self.user.pk}/enable/")
        self.assertEqual(anonymous.status_code, 302)
        self.assertIn("/admin/login/", anonymous["Location"])
        self.user.refresh_from_db()
        self.assertFalse(self.user.is_active)
        self.assertFalse(AuditEvent.objects.filter(detail__contains="re-enabled").exists())

    def test_unverified_supervisor_cannot_either(self):
        client = Client()
        client.force_login(self.supervisor)  # password only, no second factor
        response = client.post(f"/account/staff/{self.user.pk}/enable/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/account/2fa/", response["Location"])
        self.user.refresh_from_db()
        self.assertFalse(self.user.is_active)

    def test_get_does_nothing(self):
        client = Client()
        verified_login(client, self.supervisor)
        self.assertEqual(client.get(f"/account/staff/{self.user.pk}/enable/").status_code, 405)
        self.user.refresh_from_db()
        self.assertFalse(self.user.is_active)

    def test_disabled_page_offers_re_enable_beside_disable(self):
        other = staff(Role.RESPONDER, team=self.team)
        client = Client()
        verified_login(client, self.supervisor)
        page = client.post(f"/account/staff/{other.pk}/disable/", {"reason": "lost"})
        self.assertContains(page, f'action="/account/staff/{other.pk}/enable/"')
        page = client.post(f"/account/staff/{other.pk}/enable/")
        self.assertContains(page, "Account re-enabled")
        self.assertContains(page, f'action="/account/staff/{other.pk}/disable/"')

    def test_supervisor_re_enables_audited_and_user_must_enrol_again(self):
        self.assertEqual(
            self.sign_in(Client()).status_code, 200, "disabled: the password is refused"
        )
        response = self.enable_as(self.supervisor)
        self.assertContains(response, "Account re-enabled")
        self.user.refresh_from_db()
        self.assertTrue(self.user.is_active)
        event = AuditEvent.objects.filter(
            object_type="auth.user", object_id=str(self.user.pk)
        ).latest("at")
        self.assertEqual(event.user, self.supervisor)
        self.assertIn("re-enabled", event.detail)
        self.assertIn("phone found", event.detail)

        # The password works again, but the old authenticator does not: no device, so enrolment.
        self.assertFalse(TOTPDevice.objects.filter(user=self.user).exists())
        phone = Client()
        self.assertEqual(self.sign_in(phone).status_code, 302)
        response = phone.get("/outreach/")
        self.assertTrue(
            response["Location"].startswith("/account/2fa/setup/"), response["Location"]
        )
        self.assertTrue(
            phone.get("/account/2fa/verify/")["Location"].startswith("/account/2fa/setup/")
        )
        phone.get("/account/2fa/setup/")  # makes the new, unconfirmed device (a new key)
        new_device = TOTPDevice.objects.get(user=self.user, confirmed=False)
        self.assertNotEqual(new_device.bin_key, self.old_key)
        old_code = code_for(self.old_key, new_device)
        if old_code != current_code(new_device):  # (one in a million: the two keys agree right now)
            refused = phone.post("/account/2fa/setup/", {"token": old_code, "next": "/outreach/"})
            self.assertContains(refused, "That code is not right")
            self.assertEqual(phone.get("/outreach/").status_code, 302)
            time.sleep(1.1)  # django-otp slows the next try after a wrong code by a second
        enrolled = phone.post(
            "/account/2fa/setup/", {"token": current_code(new_device), "next": "/outreach/"}
        )
        self.assertEqual(enrolled.status_code, 302)
        self.assertEqual(phone.get("/outreach/").status_code, 200)

    def test_devices_added_while_disabled_are_removed_too(self):
        totp_device(self.user)  # e.g. made in the admin while the account was off
        self.assertTrue(enable_account(self.user, by=self.supervisor))
        self.assertFalse(TOTPDevice.objects.filter(user=self.user).exists())

    def test_lock_out_is_cleared(self):
        anonymous = Client()
        for _ in range(5):
            self.sign_in(anonymous, password="wrong")
        self.assertEqual(self.sign_in(Client()).status_code, 429)
        enable_account(self.user, by=self.supervisor)
        self.assertEqual(self.sign_in(Client()).status_code, 302)

    def test_already_active_changes_nothing(self):
        other = staff(Role.RESPONDER, team=self.team)
        device = totp_device(other)
        client = Client()
        verified_login(client, self.supervisor)
        response = client.post(f"/account/staff/{other.pk}/enable/")
        self.assertContains(response, "Account already active")
        self.assertTrue(
            TOTPDevice.objects.filter(pk=device.pk).exists(), "an active user's factor is kept"
        )
        self.assertFalse(
            AuditEvent.objects.filter(
                object_id=str(other.pk), detail__contains="re-enabled"
            ).exists()
        )

    def test_not_oneself_and_administrators_only_by_administrators(self):
        client = Client()
        verified_login(client, self.supervisor)
        self.assertEqual(
            client.post(f"/account/staff/{self.supervisor.pk}/enable/").status_code, 403
        )
        root = get_user_model().objects.create_superuser("root2", "root2@example.org", PASSWORD)
        disable_account(root, by=None)
        self.assertEqual(client.post(f"/account/staff/{root.pk}/enable/").status_code, 403)
        root.refresh_from_db()
        self.assertFalse(root.is_active)
        self.assertEqual(client.post("/account/staff/999999/enable/").status_code, 404)
