"""Issue 9 item 4: retention and staging anonymisation; nothing identifying survives, figures do."""

import datetime as dt
import io

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils import timezone

from outreach.models import Encounter, Person, PersonMerge
from referrals.models import FollowUp, Referral, ReferralEvent
from reporting.figures import dashboard_figures
from reporting.periods import Period
from tests.factories import (
    EncounterFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

OLD_SECRETS = [
    "Marisol Quintana",
    "Mari Q",
    "scar over left eyebrow",
    "bites when startled",
    "sister on Wethersfield",
    "14 Capen St",
    "Hartford Hospital ED",
    "CAD-2019-004711",
    "860-555-0199",
    "her cousin Dario",
    "said she was threatened",
    "bring passport",
    "call Mari at noon",
    "moved from Bristol",
]
RECENT_SECRETS = ["Jonah Recent", "green jacket"]


def dump(*models) -> str:
    out = io.StringIO()
    for model in models:
        out.write(serializers.serialize("json", model.objects.all()))
    return out.getvalue()


PERSONAL_MODELS = (Person, PersonMerge, Encounter, Referral, ReferralEvent, FollowUp)


def backdate(obj, when):
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)


@override_settings(RETENTION_DAYS=365)
class RetentionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.long_ago = now - dt.timedelta(days=900)
        cls.team = TeamFactory()
        cls.old = PersonFactory(
            created_by_team=cls.team,
            name=OLD_SECRETS[0],
            alias=OLD_SECRETS[1],
            descriptors=OLD_SECRETS[2],
            hazard_note=OLD_SECRETS[3],
            date_of_birth=dt.date(1980, 5, 17),
            consent_to_share_scope=OLD_SECRETS[13],
        )
        backdate(cls.old, cls.long_ago)
        cls.old_encounters = [
            EncounterFactory(
                person=cls.old,
                team=cls.team,
                occurred_at=cls.long_ago + dt.timedelta(days=i),
                source=src,
                disposition=disp,
                neighbourhood=hood,
                needs=needs,
                cad_incident=OLD_SECRETS[7] if src == "dispatch" else "",
                notes=OLD_SECRETS[4],
                location_text=OLD_SECRETS[5],
                transport_destination_text=OLD_SECRETS[6],
                police_backup_reason=OLD_SECRETS[10],
                latitude=41.764321,
                longitude=-72.684567,
            )
            for i, (src, disp, hood, needs) in enumerate(
                [
                    ("dispatch", "transported", "Frog Hollow", ["mental_health"]),
                    ("outreach", "referred", "Downtown", ["housing", "food"]),
                    ("walk_in", "declined", "Frog Hollow", ["substance_use"]),
                ]
            )
        ]
        # An anonymous old encounter still has free text.
        cls.anon = EncounterFactory(
            person=None,
            team=cls.team,
            occurred_at=cls.long_ago,
            notes=OLD_SECRETS[9],
            neighbourhood="Asylum Hill",
        )
        cls.referral = ReferralFactory(
            person=cls.old,
            team=cls.team,
            sent_at=cls.long_ago,
            status_changed_at=cls.long_ago,
            contact_phone=OLD_SECRETS[8],
            notes=OLD_SECRETS[9],
            what_to_bring=OLD_SECRETS[11],
            reason=OLD_SECRETS[10],
        )
        ReferralEvent.objects.create(
            referral=cls.referral, to_status="sent", reason=OLD_SECRETS[10], at=cls.long_ago
        )
        FollowUp.objects.create(
            referral=cls.referral,
            kind="check_in",
            label=OLD_SECRETS[12],
            note=OLD_SECRETS[9],
            due_at=cls.long_ago,
            owner=cls.referral.created_by,
            team=cls.team,
        )
        duplicate = PersonFactory(created_by_team=cls.team, alias="dup")
        backdate(duplicate, cls.long_ago)
        PersonMerge.objects.create(
            source=duplicate,
            target=cls.old,
            moved={"alias": OLD_SECRETS[1]},
            target_before={"name": OLD_SECRETS[0]},
            merged_by=cls.referral.created_by,
        )
        # Someone met this week keeps everything.
        cls.recent = PersonFactory(
            created_by_team=cls.team, name=RECENT_SECRETS[0], descriptors=RECENT_SECRETS[1]
        )
        cls.recent_encounter = EncounterFactory(
            person=cls.recent, team=cls.team, notes="recent note"
        )
        # Someone first met long ago but seen again this month: the person stays, the old encounter does not.
        cls.returning = PersonFactory(created_by_team=cls.team, name="Returning Person")
        backdate(cls.returning, cls.long_ago)
        cls.returning_old = EncounterFactory(
            person=cls.returning,
            team=cls.team,
            occurred_at=cls.long_ago,
            notes="old note about Returning",
        )
        EncounterFactory(person=cls.returning, team=cls.team)

    def period(self):
        return Period(start=(self.long_ago - dt.timedelta(days=2)).date(), end=timezone.localdate())

    def test_dry_run_changes_nothing(self):
        before = dump(*PERSONAL_MODELS)
        out = io.StringIO()
        call_command("apply_retention", "--dry-run", stdout=out)
        self.assertIn("Would anonymise", out.getvalue())
        self.assertEqual(dump(*PERSONAL_MODELS), before)

    def test_nothing_identifying_survives_and_figures_stay_the_same(self):
        figures_before = dashboard_figures(self.period())
        call_command("apply_retention", stdout=io.StringIO())
        after = dump(*PERSONAL_MODELS)
        for secret in OLD_SECRETS + [
            "1980-05-17",
            "old note about Returning",
            "41.764321",
            "-72.684567",
        ]:
            self.assertNotIn(secret, after, secret)
        for kept in RECENT_SECRETS + ["recent note", "Returning Person"]:
            self.assertIn(kept, after, kept)
        self.assertEqual(dashboard_figures(self.period()), figures_before)
        old = Person.objects.get(pk=self.old.pk)
        self.assertTrue(old.alias.startswith("Person "))
        self.assertIsNone(old.date_of_birth)
        dispatch = Encounter.objects.get(pk=self.old_encounters[0].pk)
        self.assertTrue(
            dispatch.cad_incident.startswith("CAD-") and dispatch.cad_incident != OLD_SECRETS[7]
        )
        self.assertEqual(
            (dispatch.latitude, dispatch.longitude, dispatch.neighbourhood),
            (41.76, -72.68, "Frog Hollow"),
        )
        self.assertEqual(Encounter.objects.count(), 7)  # nothing deleted: every count stays

    def test_idempotent(self):
        call_command("apply_retention", stdout=io.StringIO())
        once = dump(*PERSONAL_MODELS)
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        self.assertEqual(dump(*PERSONAL_MODELS), once)
        self.assertIn("0 person(s)", out.getvalue())


class StagingCopyTests(TestCase):
    def test_refuses_without_confirmation(self):
        with self.assertRaises(CommandError):
            call_command("anonymise_database")

    def test_anonymises_every_personal_model(self):
        staff_user = UserFactory(
            first_name="Dana", last_name="Responder", email="dana.responder@hartford.gov"
        )
        person = PersonFactory(
            name=OLD_SECRETS[0], alias=OLD_SECRETS[1], descriptors=OLD_SECRETS[2]
        )
        EncounterFactory(
            person=person, notes=OLD_SECRETS[4], location_text=OLD_SECRETS[5], responder=staff_user
        )
        EncounterFactory(person=None, notes=OLD_SECRETS[9])
        ReferralFactory(person=person, contact_phone=OLD_SECRETS[8], notes=OLD_SECRETS[9])
        self.client.force_login(staff_user)
        call_command("anonymise_database", "--yes-this-is-a-copy", stdout=io.StringIO())
        everything = dump(
            *PERSONAL_MODELS, apps.get_model("referrals", "Consent"), get_user_model()
        )
        for secret in OLD_SECRETS + ["Dana", "dana.responder@hartford.gov", 'Responder"']:
            self.assertNotIn(secret, everything, secret)
        self.assertFalse(get_user_model().objects.get(pk=staff_user.pk).has_usable_password())
        self.assertEqual(apps.get_model("sessions", "Session").objects.count(), 0)
