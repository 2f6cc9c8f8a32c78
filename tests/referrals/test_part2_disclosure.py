"""42 CFR Part 2: substance use reaches a provider only under a written consent that names it,
only the provider it names, only what was assessed before the consent, never the free text."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from referrals.services import referral_create
from staff.models import AuditEvent
from tests.factories import (
    PersonFactory,
    ReferralTestData,
    make_assessment,
    referral_data,
    referral_json,
)

PART2 = ["first_name", "substance_use"]
NOTES = "Uses alone behind the laundromat"


class Part2DisclosureTests(ReferralTestData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.assessment = make_assessment(
            team=cls.team1, responder=cls.responder, person=cls.person, substance_notes=NOTES
        )

    def refer(self, **overrides):
        return self.make_referral(
            consent_method="written",
            consent_scope="first name, what I use and my overdose risk",
            shared_fields=PART2,
            **overrides,
        )

    def provider_view(self, referral, user=None):
        self.client.force_login(user or self.provider_a)
        api = self.client.get(f"/api/referrals/{referral.pk}")
        page = self.client.get(f"/provider/referrals/{referral.pk}/")
        return api, page

    def test_written_consent_naming_it_shows_the_codes_with_the_notice(self):
        referral = self.refer()
        self.assertIn("42 CFR Part 2", referral.consent.consent_text)
        api, page = self.provider_view(referral)
        self.assertEqual(api.status_code, 200)
        part2 = api.json()["person"]["substance_use"]
        self.assertEqual([s["code"] for s in part2["substances"]], ["opioids"])
        self.assertEqual(
            (part2["last_use"]["code"], part2["overdose_risk"]["code"]), ("today", "high")
        )
        self.assertIn("prohibits unauthorized disclosure", part2["notice"])
        self.assertContains(page, "Opioids or fentanyl")
        self.assertContains(page, "prohibits unauthorized disclosure")
        for body in (api.content.decode(), page.content.decode()):
            self.assertNotIn(NOTES, body)  # free text never leaves the team
        details = AuditEvent.objects.filter(user=self.provider_a, action="view_referral")
        self.assertEqual(
            sorted(e.detail for e in details),
            [
                "provider inbox; substance use disclosed (42 CFR Part 2)",
                "substance use disclosed (42 CFR Part 2)",
            ],
        )

    def test_verbal_consent_cannot_carry_it(self):
        with self.assertRaises(ValidationError) as caught:
            self.make_referral(shared_fields=PART2)  # verbal by default
        self.assertIn("written consent", str(caught.exception.message_dict["shared_fields"]))
        self.client.force_login(self.responder)
        body = referral_json(person=self.person, service=self.service_a, shared_fields=PART2)
        r = self.client.post("/api/referrals", json.dumps(body), content_type="application/json")
        self.assertEqual(r.status_code, 400, r.content)
        self.assertIn("shared_fields", r.json()["error"]["fields"])

    def test_without_it_in_the_consent_nothing_is_shown(self):
        referral = self.make_referral(consent_method="written", shared_fields=["first_name"])
        api, page = self.provider_view(referral)
        self.assertNotIn("substance_use", api.json()["person"])
        self.assertNotContains(page, "Opioids")
        self.assertNotIn("42 CFR", page.content.decode())

    def test_another_provider_sees_nothing(self):
        referral = self.refer()
        api, page = self.provider_view(referral, user=self.provider_b)
        self.assertEqual((api.status_code, page.status_code), (404, 404))

    def test_an_expired_consent_shows_nothing(self):
        referral = self.refer()
        referral.consent.expires_on = timezone.localdate() - dt.timedelta(days=1)
        referral.consent.save()
        api, _page = self.provider_view(referral)
        self.assertNotIn("substance_use", api.json()["person"])

    def test_only_what_was_assessed_before_the_consent(self):
        referral = self.refer()
        later = make_assessment(
            team=self.team1, responder=self.responder, person=self.person, substances=["alcohol"]
        )
        later.occurred_at = referral.consent.given_at + dt.timedelta(hours=1)
        later.save()
        api, _page = self.provider_view(referral)
        codes = [s["code"] for s in api.json()["person"]["substance_use"]["substances"]]
        self.assertEqual(codes, ["opioids"])

    def test_nothing_assessed_nothing_shown(self):
        referral = self.refer(person=PersonFactory(alias="Kim", created_by_team=self.team1))
        api, _page = self.provider_view(referral)
        self.assertNotIn("substance_use", api.json()["person"])

    def test_service_layer_refuses_an_unknown_field_as_before(self):
        with self.assertRaises(ValidationError):
            referral_create(
                user=self.responder,
                data=referral_data(
                    person=self.person, service=self.service_a, shared_fields=["diagnosis"]
                ),
            )
