from django.test import TestCase

from outreach.selectors import person_card_get, person_timeline_list
from referrals.models import Referral
from tests.factories import ReferralTestData


class ReferralPageTests(ReferralTestData, TestCase):
    def test_one_tap_from_search_result_to_saved_referral(self):
        self.client.force_login(self.responder)
        url = f"/outreach/referrals/new/?service={self.service_a.hsds_id}&person={self.person.pk}"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Night shelter")
        form = {
            "person": self.person.pk,
            "service": self.service_a.hsds_id,
            "mode": "live",
            "handoff": "phone_warm_transfer",
            "urgency": "now",
            "consent_method": "verbal",
            "consent_scope": "first name",
            "consent_expires_on": "2099-01-01",
            "consent_attested": "on",
            "shared_fields": ["first_name"],
            "contact_preference": "text",
            "contact_phone": "+18605550199",
            "what_to_bring": "ID if you have it",
            "send_link": "on",
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, form)
        referral = Referral.objects.get()
        self.assertRedirects(response, f"/outreach/referrals/{referral.pk}/")
        self.assertEqual(
            (referral.handoff, referral.urgency, referral.consent.method),
            ("phone_warm_transfer", "now", "verbal"),
        )
        from django.core import mail

        self.assertEqual(len(mail.outbox), 1)

    def test_consent_attestation_is_required(self):
        self.client.force_login(self.responder)
        url = f"/outreach/referrals/new/?service={self.service_a.hsds_id}&person={self.person.pk}"
        response = self.client.post(
            url,
            {
                "person": self.person.pk,
                "service": self.service_a.hsds_id,
                "mode": "live",
                "handoff": "information",
                "urgency": "routine",
                "consent_method": "verbal",
                "consent_scope": "x",
                "consent_expires_on": "2099-01-01",
                "contact_preference": "none",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Referral.objects.exists())

    def test_detail_call_provider_and_text_person_honour_preference(self):
        r = self.make_referral(
            contact_preference="text", contact_phone="+18605550199", what_to_bring="ID"
        )
        self.client.force_login(self.responder)
        response = self.client.get(f"/outreach/referrals/{r.pk}/")
        self.assertContains(response, 'href="tel:+18605550101"')
        self.assertContains(response, 'href="sms:+18605550199?&amp;body=')
        quiet = self.make_referral(contact_preference="none", contact_phone="+18605550199")
        response = self.client.get(f"/outreach/referrals/{quiet.pk}/")
        self.assertNotContains(response, "sms:")
        self.assertNotContains(response, "tel:+18605550199")
        self.assertContains(response, "asked not to be contacted")

    def test_slip_has_where_when_what_and_no_personal_data(self):
        r = self.make_referral(what_to_bring="Photo ID", notes="TEAM-ONLY")
        self.client.force_login(self.responder)
        response = self.client.get(f"/outreach/referrals/{r.pk}/slip/")
        self.assertContains(response, "Night shelter")
        self.assertContains(response, "12 Main St")
        self.assertContains(response, "Photo ID")
        for secret in ("Sunny", "Maria", "TEAM-ONLY"):
            self.assertNotContains(response, secret)

    def test_status_change_from_page(self):
        r = self.make_referral()
        self.client.force_login(self.responder)
        self.client.post(f"/outreach/referrals/{r.pk}/status/", {"status": "arrived"})
        r.refresh_from_db()
        self.assertEqual(r.status, "sent")  # refused: sent cannot become arrived
        self.client.post(f"/outreach/referrals/{r.pk}/status/", {"status": "accepted"})
        r.refresh_from_db()
        self.assertEqual(r.status, "accepted")

    def test_provider_inbox_accept_decline_arrive_close(self):
        r = self.make_referral()
        self.client.force_login(self.provider_a)
        inbox = self.client.get("/provider/referrals/")
        self.assertContains(inbox, "Sunny")
        self.assertNotContains(inbox, "Maria")
        for body in (
            {"status": "accepted"},
            {"status": "arrived"},
            {"status": "closed", "outcome": "engaged"},
        ):
            self.client.post(f"/provider/referrals/{r.pk}/", body)
        r.refresh_from_db()
        self.assertEqual((r.status, r.outcome), ("closed", "engaged"))

    def test_person_card_and_timeline_show_referrals(self):
        r = self.make_referral()
        card = person_card_get(user=self.responder, person=self.person)
        self.assertEqual(card.last_referral["label"], "Night shelter")
        self.assertEqual(len(card.open_follow_ups), 2)
        items = person_timeline_list(user=self.responder, person=self.person)
        self.assertIn(r, [i.obj for i in items if i.kind == "referral"])
        self.assertIsNone(
            person_card_get(user=self.other_responder, person=self.person).last_referral
        )

    def test_person_page_renders_with_referral(self):
        self.make_referral()
        self.client.force_login(self.responder)
        response = self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Night shelter")

    def test_search_result_has_one_tap_refer_for_responders_only(self):
        from django.core.management import call_command

        call_command("rebuild_search_index", stdout=__import__("io").StringIO())
        self.client.force_login(self.responder)
        response = self.client.get(f"/search/?q=Night&person={self.person.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            f"/outreach/referrals/new/?service={self.service_a.hsds_id}&amp;person={self.person.pk}",
        )
        self.client.force_login(self.provider_a)
        self.assertNotContains(self.client.get("/search/?q=Night"), "/outreach/referrals/new/")
        self.client.logout()
        self.assertNotContains(self.client.get("/search/?q=Night"), "/outreach/referrals/new/")
