"""The signed, expiring, single-use provider link: tampered, replayed and expired tokens."""

import time

from django.core import mail, signing
from django.test import TestCase, override_settings

from referrals.links import LINK_SALT, referral_link_token
from referrals.models import Referral, ReferralEvent
from referrals.services import referral_link_send
from staff.models import AuditEvent
from tests.factories import ReferralTestData


class OldSigner(signing.TimestampSigner):
    """Signs as if four days ago (a token that was made, and then left to expire)."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 4 * 24 * 3600)


class ProviderLinkTests(ReferralTestData, TestCase):
    def setUp(self):
        self.referral = self.make_referral(notes="TEAM-ONLY")

    def url(self, token):
        return f"/r/{token}/"

    def test_link_page_shows_one_screen_and_no_more_data(self):
        token = referral_link_token(referral=self.referral)
        response = self.client.get(self.url(token))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Night shelter")
        self.assertContains(response, 'value="accepted"')
        self.assertContains(response, 'value="declined"')
        for secret in ("TEAM-ONLY", "Maria", "Lopez", "1980", "resp1", str(self.person.pk)):
            self.assertNotContains(response, secret)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="view_referral", object_id=str(self.referral.pk), detail="provider link"
            ).exists()
        )
        # Looking does not use it up (mail scanners open links).
        self.assertEqual(self.client.get(self.url(token)).status_code, 200)

    def test_accept_by_link_then_replay_shows_nothing(self):
        token = referral_link_token(referral=self.referral)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url(token), {"status": "accepted"})
        self.assertEqual(response.status_code, 200)
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, "accepted")
        event = ReferralEvent.objects.get(referral=self.referral, to_status="accepted")
        self.assertEqual((event.by, event.via), (None, "link"))
        # Replayed: used once, it shows nothing and changes nothing.
        self.assertEqual(self.client.get(self.url(token)).status_code, 404)
        replay = self.client.post(self.url(token), {"status": "arrived"})
        self.assertEqual(replay.status_code, 404)
        self.assertNotContains(replay, "Night shelter", status_code=404)
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, "accepted")
        # The next step came by email as a fresh link.
        self.assertEqual(len(mail.outbox), 1)
        new_link = [line for line in mail.outbox[0].body.splitlines() if "/r/" in line][0]
        self.client.post(new_link.split("127.0.0.1:8000")[-1], {"status": "arrived"})
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, "arrived")

    def test_a_newer_link_retires_the_older_one(self):
        old = referral_link_token(referral=self.referral)
        new = referral_link_token(referral=self.referral)
        self.assertEqual(self.client.get(self.url(old)).status_code, 404)
        self.assertEqual(self.client.get(self.url(new)).status_code, 200)

    def test_tampered_tokens_show_nothing(self):
        token = referral_link_token(referral=self.referral)
        payload, ts, sig = token.split(":")
        flipped = sig[:-1] + ("A" if sig[-1] != "A" else "B")
        other_salt = signing.TimestampSigner(salt="waypoint.other-purpose").sign_object(
            {"r": str(self.referral.pk), "n": Referral.objects.get(pk=self.referral.pk).link_nonce}
        )
        no_nonce = signing.TimestampSigner(salt=LINK_SALT).sign_object(
            {"r": str(self.referral.pk), "n": ""}
        )
        bad_nonce = signing.TimestampSigner(salt=LINK_SALT).sign_object(
            {"r": str(self.referral.pk), "n": "guess"}
        )
        for bad in (
            f"{payload}:{ts}:{flipped}",
            f"{payload}x:{ts}:{sig}",
            token[:-3],
            "abc",
            "::",
            other_salt,
            no_nonce,
            bad_nonce,
            f"{payload}:{ts}",
        ):
            with self.subTest(token=bad):
                self.assertEqual(self.client.get(self.url(bad)).status_code, 404)
                self.assertEqual(
                    self.client.post(self.url(bad), {"status": "accepted"}).status_code, 404
                )
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, "sent")

    def test_expired_token_shows_nothing(self):
        token = referral_link_token(referral=self.referral)
        nonce = Referral.objects.get(pk=self.referral.pk).link_nonce
        expired = OldSigner(salt=LINK_SALT).sign_object({"r": str(self.referral.pk), "n": nonce})
        self.assertEqual(self.client.get(self.url(expired)).status_code, 404)
        self.assertEqual(
            self.client.post(self.url(expired), {"status": "accepted"}).status_code, 404
        )
        self.assertEqual(self.client.get(self.url(token)).status_code, 200)
        with override_settings(REFERRAL_LINK_MAX_AGE=3600):
            self.assertEqual(self.client.get(self.url(expired)).status_code, 404)

    def test_link_cannot_close_or_cancel_and_decline_needs_reason(self):
        token = referral_link_token(referral=self.referral)
        self.assertEqual(
            self.client.post(self.url(token), {"status": "cancelled"}).status_code, 404
        )
        token = referral_link_token(referral=self.referral)
        self.assertEqual(self.client.post(self.url(token), {"status": "declined"}).status_code, 400)
        response = self.client.post(self.url(token), {"status": "declined", "reason": "No beds"})
        self.assertEqual(response.status_code, 200)
        self.referral.refresh_from_db()
        self.assertEqual((self.referral.status, self.referral.reason), ("declined", "No beds"))

    def test_send_link_emails_provider_through_task(self):
        with self.captureOnCommitCallbacks(execute=True):
            referral_link_send(user=self.responder, referral=self.referral)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["intake@shelter-a.example.org"])
        self.assertIn("/r/", message.body)
        for secret in ("Sunny", "Maria", "TEAM-ONLY"):
            self.assertNotIn(secret, message.body + message.subject)

    def test_logged_referral_has_no_link(self):
        from django.core.exceptions import ValidationError

        logged = self.make_referral(mode="logged")
        with self.assertRaises(ValidationError):
            referral_link_token(referral=logged)

    @override_settings(WAYPOINT_REQUIRE_2FA=True)
    def test_link_needs_no_login_even_with_second_factor_on(self):
        token = referral_link_token(referral=self.referral)
        self.assertEqual(self.client.get(self.url(token)).status_code, 200)
        self.assertEqual(self.client.post(self.url(token), {"status": "accepted"}).status_code, 200)
