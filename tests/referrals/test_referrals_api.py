import json
import uuid

from django.test import TestCase

from referrals.models import Consent, FollowUp, Referral
from staff.models import AuditEvent
from tests.factories import EncounterFactory, ReferralTestData, referral_json

URL = "/api/referrals"


class ReferralApiBase(ReferralTestData):
    def post(self, body, user=None, url=URL):
        if user is not None:
            self.client.force_login(user)
        return self.client.post(url, data=json.dumps(body), content_type="application/json")

    def body(self, **kw):
        body = referral_json(person=self.person, service=self.service_a)
        body.update(kw)
        return body


class ReferralCreateApiTests(ReferralApiBase, TestCase):
    def test_create_then_retry_then_conflict(self):
        body = self.body()
        first = self.post(body, self.responder)
        self.assertEqual(first.status_code, 201, first.content)
        data = first.json()
        self.assertEqual(data["id"], body["id"])
        self.assertEqual(data["status"], "sent")
        self.assertEqual(data["person"]["id"], str(self.person.pk))
        self.assertEqual(data["service_id"], str(self.service_a.hsds_id))
        self.assertEqual(data["consent"]["method"], "verbal")
        self.assertIn("Shelter A", data["consent"]["text"])  # the text agreed to is kept with it
        self.assertEqual(data["urgency"], "today")
        again = self.post(body)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["id"], body["id"])
        changed = self.post({**body, "urgency": "now"})
        self.assertEqual(changed.status_code, 409)
        self.assertEqual(changed.json()["error"]["code"], "conflict")
        self.assertEqual(Referral.objects.count(), 1)
        self.assertEqual(Consent.objects.count(), 1)
        self.assertEqual(FollowUp.objects.filter(referral_id=body["id"]).count(), 2)

    def test_with_encounter(self):
        encounter = EncounterFactory(team=self.team1, responder=self.responder, person=self.person)
        response = self.post(self.body(encounter=str(encounter.pk)), self.responder)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["encounter"], str(encounter.pk))

    def test_bad_input_never_stores_and_never_500(self):
        self.client.force_login(self.responder)
        cases = {
            "no consent": self.body(consent=None),
            "consent method": self.body(
                consent={"method": "telepathy", "scope": "x", "expires_on": "2099-01-01"}
            ),
            "consent expired": self.body(
                consent={"method": "verbal", "scope": "x", "expires_on": "2001-01-01"}
            ),
            "no person": self.body(person=None),
            "person string": self.body(person="abc"),
            "unknown person": self.body(person={"id": str(uuid.uuid4())}),
            "other team's person": referral_json(
                person=self._other_person(), service=self.service_a
            ),
            "unknown service": self.body(service_id=str(uuid.uuid4())),
            "bad urgency": self.body(urgency="yesterday"),
            "bad id": self.body(id="not-a-uuid"),
            "notes not text": self.body(notes=["x"]),
        }
        for name, body in cases.items():
            with self.subTest(name):
                response = self.post(body)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("fields", response.json()["error"])
        for raw in (b"{not json", b"[]", b"null"):
            response = self.client.post(URL, data=raw, content_type="application/json")
            self.assertEqual(response.status_code, 400)
        self.assertEqual(Referral.objects.count(), 0)

    def _other_person(self):
        from tests.factories import PersonFactory

        return PersonFactory(created_by_team=self.team2)

    def test_who_may_create(self):
        self.assertEqual(self.post(self.body()).status_code, 401)
        for user in (self.provider_a, self.moderator):
            with self.subTest(user.username):
                self.assertEqual(self.post(self.body(), user).status_code, 403)
        self.assertEqual(self.post(self.body(), self.supervisor).status_code, 201)


class ReferralStatusApiTests(ReferralApiBase, TestCase):
    def setUp(self):
        self.referral = self.make_referral()
        self.url = f"{URL}/{self.referral.pk}/status"

    def test_provider_accepts_then_invalid_transition_is_409(self):
        response = self.post({"status": "accepted"}, self.provider_a, url=self.url)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "accepted")
        response = self.post({"status": "declined", "reason": "changed our mind"}, url=self.url)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"]["code"], "invalid_transition")

    def test_missing_reason_is_400_and_unknown_status_is_400(self):
        self.assertEqual(
            self.post({"status": "declined"}, self.provider_a, url=self.url).status_code, 400
        )
        self.assertEqual(self.post({"status": "teleported"}, url=self.url).status_code, 400)
        self.assertEqual(self.post({"status": "sent"}, url=self.url).status_code, 400)
        self.assertEqual(self.post({"status": 5}, url=self.url).status_code, 400)
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, "sent")

    def test_full_cycle_by_responder(self):
        self.client.force_login(self.responder)
        for body in (
            {"status": "accepted"},
            {"status": "arrived"},
            {"status": "closed", "outcome": "engaged"},
        ):
            self.assertEqual(self.post(body, url=self.url).status_code, 200)
        detail = self.client.get(f"{URL}/{self.referral.pk}").json()
        self.assertEqual(
            [h["to"] for h in detail["history"]], ["sent", "accepted", "arrived", "closed"]
        )

    def test_provider_cannot_cancel(self):
        self.assertEqual(
            self.post({"status": "cancelled"}, self.provider_a, url=self.url).status_code, 403
        )


class ReferralReadApiTests(ReferralApiBase, TestCase):
    def test_provider_gets_only_the_fields_it_needs(self):
        referral = self.make_referral(shared_fields=["first_name"])
        self.client.force_login(self.provider_a)
        data = self.client.get(f"{URL}/{referral.pk}").json()
        self.assertEqual(data["person"], {"label": "Sunny"})
        text = json.dumps(data)
        for secret in (
            "team-only note",
            "Maria",
            "Lopez",
            "1980",
            str(self.person.pk),
            "resp1",
            "notes",
            "Unit 1",
        ):
            self.assertNotIn(secret, text)
        self.assertEqual(data["consent"]["scope"], "first name and what I need")
        listed = self.client.get(URL).json()
        self.assertEqual(listed["count"], 1)
        self.assertNotIn("team-only note", json.dumps(listed))

    def test_provider_sees_no_name_once_consent_expired(self):
        referral = self.make_referral()
        Consent.objects.filter(pk=referral.consent_id).update(expires_on="2000-01-01")
        self.client.force_login(self.provider_a)
        self.assertIsNone(self.client.get(f"{URL}/{referral.pk}").json()["person"]["label"])

    def test_logged_referrals_never_reach_the_provider(self):
        referral = self.make_referral(mode="logged")
        self.client.force_login(self.provider_a)
        self.assertEqual(self.client.get(f"{URL}/{referral.pk}").status_code, 404)
        self.assertEqual(self.client.get(URL).json()["count"], 0)

    def test_reads_are_audited(self):
        referral = self.make_referral()
        self.client.force_login(self.provider_a)
        self.client.get(f"{URL}/{referral.pk}")
        self.client.get(URL)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="view_referral",
                object_id=str(referral.pk),
                username="prov_a",
                person_id=self.person.pk,
            ).exists()
        )
        self.assertTrue(
            AuditEvent.objects.filter(
                action="list_referrals",
                username="prov_a",
                object_id=str(referral.pk),
                person_id=self.person.pk,
            ).exists()
        )
        self.client.get("/provider/referrals/")
        self.assertEqual(
            AuditEvent.objects.filter(
                action="list_referrals",
                username="prov_a",
                path="/provider/referrals/",
                person_id=self.person.pk,
            ).count(),
            1,
        )
