"""``anonymise_outreach`` and ``anonymise_referrals``: thin commands over outreach/anonymise.py and
referrals/anonymise.py, the same anonymisers as ``anonymise_database`` (tests/security/test_retention.py)."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from outreach import anonymise
from outreach.models import Encounter, Person
from referrals.anonymise import anonymise_referrals
from referrals.models import Consent, Referral, ReferralEvent
from referrals.services import referral_transition
from reporting.figures import DECLINED_CAPACITY_Q
from tests.factories import EncounterFactory, PersonFactory, ReferralTestData


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


class AnonymiseOutreachTests(ReferralTestData, TestCase):
    def test_refuses_without_debug_unless_told_it_is_a_copy(self):
        person = PersonFactory(name="Real Name")
        for command in ("anonymise_outreach", "anonymise_referrals"):
            with (
                self.subTest(command=command),
                self.assertRaisesMessage(CommandError, "--yes-this-is-a-copy"),
            ):
                call_command(command)
        person.refresh_from_db()
        self.assertEqual(person.name, "Real Name")
        self.assertIn("person(s)", run("anonymise_outreach", "--yes-this-is-a-copy"))
        person.refresh_from_db()
        self.assertEqual(person.name, "")

    @override_settings(DEBUG=True)
    def test_removes_personal_details_of_persons_and_encounters(self):
        person = PersonFactory(
            name="Real Name",
            alias="Ray",
            descriptors="tattoo",
            hazard_note="dog",
            created_by_team=self.team1,
            date_of_birth="1970-05-05",
        )
        EncounterFactory(
            person=person,
            notes="said his sister lives on Park St",
            location_text="12 Elm St",
            latitude=41.76321,
            longitude=-72.68544,
        )
        EncounterFactory(
            person=None, notes="anonymous, told me his address", location_text="5 Oak St"
        )
        referral = self.make_referral(
            person=person, contact_phone="+18605550199", notes="lives with sister"
        )
        staff_email = self.responder.email
        out = run("anonymise_outreach")
        self.assertIn(f"{Encounter.objects.count()} encounter(s)", out)
        person.refresh_from_db()
        self.assertEqual(
            (person.name, person.descriptors, person.hazard_note, person.date_of_birth),
            ("", "", "", None),
        )
        self.assertTrue(
            person.alias.startswith(anonymise.PERSON_PREFIX) and "Ray" not in person.alias
        )
        for e in Encounter.objects.all():
            self.assertEqual((e.notes, e.location_text), ("", ""))
        e = Encounter.objects.get(person=person)
        self.assertEqual((e.latitude, e.longitude), (41.76, -72.69))
        referral.refresh_from_db()
        self.assertEqual((referral.notes, referral.contact_phone), ("", ""))
        self.assertEqual(referral.consent.scope, "")
        # Staff accounts are anonymise_database's business, not this command's.
        self.assertEqual(get_user_model().objects.get(pk=self.responder.pk).email, staff_email)

    @override_settings(DEBUG=True)
    def test_same_as_the_library_and_repeatable(self):
        PersonFactory(name="Someone")
        run("anonymise_outreach")
        first = list(Person.objects.values_list("alias", "name").order_by("pk"))
        self.assertEqual(anonymise.anonymise_outreach()["person"], Person.objects.count())
        self.assertEqual(list(Person.objects.values_list("alias", "name").order_by("pk")), first)


class AnonymiseReferralsTests(ReferralTestData, TestCase):
    def test_referrals_events_consents_and_not_persons(self):
        r = self.make_referral(
            contact_phone="+18605550199", notes="lives with sister", what_to_bring="ID, meds"
        )
        run("anonymise_referrals", "--yes-this-is-a-copy")
        r.refresh_from_db()
        self.assertEqual((r.notes, r.contact_phone, r.what_to_bring), ("", "", ""))
        self.assertEqual((r.consent.scope, r.consent.consent_text), ("", ""))
        self.assertEqual(r.status, "sent")
        self.person.refresh_from_db()
        self.assertEqual(self.person.name, "Maria Lopez", "persons are anonymise_outreach's")

    def test_declined_referrals_keep_a_reason_and_the_capacity_figure(self):
        full = self.make_referral(person=self.person)
        other = self.make_referral(person=self.person, service=self.service_b)
        referral_transition(
            user=self.provider_a,
            referral=full.pk,
            status="declined",
            reason="No beds tonight, call Maria Lopez's sister on 860-555-0142",
        )
        referral_transition(
            user=self.provider_b,
            referral=other.pk,
            status="declined",
            reason="Maria Lopez was banned last year",
        )
        capacity_before = Referral.objects.filter(DECLINED_CAPACITY_Q).count()
        counts = anonymise_referrals()  # a database constraint: declined needs a reason
        self.assertEqual(counts["referral"], 2)
        reasons = {r.pk: r.reason for r in Referral.objects.all()}
        self.assertEqual(
            reasons, {full.pk: "no capacity (reason removed)", other.pk: "(reason removed)"}
        )
        self.assertEqual(Referral.objects.filter(DECLINED_CAPACITY_Q).count(), capacity_before)
        for text in ReferralEvent.objects.values_list("reason", flat=True):
            self.assertNotIn("Maria", text)
        self.assertFalse(Consent.objects.exclude(scope="").exists())
