"""Provider A tries every door to provider B's referrals (and other roles try theirs)."""

import json
import uuid

from django.test import TestCase

from referrals.links import referral_link_token
from referrals.models import Referral
from tests.factories import ReferralTestData


class ReferralBreakInTests(ReferralTestData, TestCase):
    def setUp(self):
        self.to_a = self.make_referral(service=self.service_a)
        self.to_b = self.make_referral(service=self.service_b, notes="SECRET-B-NOTE")
        self.client.force_login(self.provider_a)

    def assert_nothing_of_b(self, response):
        body = response.content.decode()
        self.assertNotIn(str(self.to_b.pk), body)
        self.assertNotIn("Walk-in clinic", body)
        self.assertNotIn("SECRET-B-NOTE", body)

    def test_inbox_lists_only_own(self):
        response = self.client.get("/provider/referrals/?all=1")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Night shelter")
        self.assert_nothing_of_b(response)

    def test_json_list_lists_only_own(self):
        data = self.client.get("/api/referrals").json()
        self.assertEqual([r["id"] for r in data["results"]], [str(self.to_a.pk)])
        self.assert_nothing_of_b(self.client.get("/api/referrals?status=sent"))

    def test_guessed_ids_answer_404_like_missing_ones(self):
        for rid in (self.to_b.pk, uuid.uuid4(), "1", str(self.to_b.pk).upper()):
            with self.subTest(rid=rid):
                r = self.client.get(f"/api/referrals/{rid}")
                self.assertEqual(r.status_code, 404)
                self.assertEqual(r.json()["error"]["code"], "not_found")
        missing = self.client.get(f"/api/referrals/{uuid.uuid4()}").json()
        hidden = self.client.get(f"/api/referrals/{self.to_b.pk}").json()
        self.assertEqual(missing, hidden)

    def test_cannot_change_b(self):
        r = self.client.post(
            f"/api/referrals/{self.to_b.pk}/status",
            data=json.dumps({"status": "accepted"}),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 404)
        self.assertEqual(
            self.client.post(
                f"/provider/referrals/{self.to_b.pk}/", {"status": "accepted"}
            ).status_code,
            404,
        )
        self.to_b.refresh_from_db()
        self.assertEqual(self.to_b.status, "sent")

    def test_html_pages(self):
        self.assertEqual(self.client.get(f"/provider/referrals/{self.to_b.pk}/").status_code, 404)
        for url in (
            f"/outreach/referrals/{self.to_b.pk}/",
            f"/outreach/referrals/{self.to_a.pk}/",
            f"/outreach/referrals/{self.to_b.pk}/slip/",
            "/outreach/referrals/open/",
            "/outreach/today/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_admin_and_search_and_exports_show_nothing(self):
        for url in (
            "/admin/",
            "/admin/snippets/",
            f"/admin/snippets/outreach/referral/edit/{self.to_b.pk}/",
            "/admin/outreach/referral/",
            "/search/?q=referral+shelter",
            "/api/search?q=referral+shelter",
            "/api/hsds/services/",
            "/outreach/dashboard/",
            "/api/openapi.json",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotIn("SECRET-B-NOTE", response.content.decode(errors="ignore"))
                self.assertNotIn(str(self.to_b.pk), response.content.decode(errors="ignore"))

    def test_a_link_token_opens_only_its_own_referral(self):
        token_b = referral_link_token(referral=self.to_b)
        response = self.client.get(
            f"/r/{token_b}/"
        )  # anyone with the link sees B: that is the link's point
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("SECRET-B-NOTE", response.content.decode())
        # ...but a token cannot be bent to another referral or made by hand: the signature covers
        # the id and the nonce, and a signature for another purpose (salt) does not count.
        from django.core import signing

        forged = signing.TimestampSigner(salt="another-purpose").sign_object(
            {"r": str(self.to_a.pk), "n": Referral.objects.get(pk=self.to_b.pk).link_nonce}
        )
        self.assertEqual(self.client.get(f"/r/{forged}/").status_code, 404)
        payload, ts, sig = token_b.split(":")
        swapped = (
            signing.TimestampSigner(salt="x")
            .sign_object({"r": str(self.to_a.pk), "n": "x"})
            .split(":")[0]
        )
        self.assertEqual(self.client.get(f"/r/{swapped}:{ts}:{sig}/").status_code, 404)

    def test_other_roles(self):
        self.client.logout()
        self.assertEqual(self.client.get("/api/referrals").status_code, 401)
        self.assertEqual(self.client.get("/provider/referrals/").status_code, 302)
        self.client.force_login(self.moderator)
        self.assertEqual(self.client.get("/api/referrals").status_code, 403)
        self.assertEqual(self.client.get(f"/api/referrals/{self.to_a.pk}").status_code, 403)
        self.client.force_login(self.other_responder)
        self.assertEqual(self.client.get("/api/referrals").json()["count"], 0)
        self.assertEqual(self.client.get(f"/api/referrals/{self.to_a.pk}").status_code, 404)
        self.assertEqual(self.client.get(f"/outreach/referrals/{self.to_a.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/provider/referrals/").status_code, 403)
        self.client.force_login(self.responder_same_team)
        self.assertEqual(self.client.get("/api/referrals").json()["count"], 2)
        self.client.force_login(self.supervisor)
        self.assertEqual(
            self.client.get("/api/referrals").json()["count"], Referral.objects.count()
        )
