"""Screenings and clinical assessments tried from outside: another team by id, providers, the
public, headers that claim a user or a path, and every export and referral page a provider or
an evaluator gets. Substance use (42 CFR Part 2) never leaves the team."""

import uuid

from django.test import TestCase, override_settings

from assessment.models import ClinicalAssessment, Screening
from referrals.services import referral_create
from staff.models import AuditEvent, Role
from tests.factories import (
    ACUTE,
    EncounterFactory,
    OrganizationPageFactory,
    PersonFactory,
    ServicePageFactory,
    TeamFactory,
    assessment_json,
    make_assessment,
    make_screening,
    referral_data,
    screening_json,
    staff,
)
from tests.security.test_break_in import body_of, post_json

# Marks that only a screening or an assessment holds: none may appear where it must not.
MARKS = (
    "positive_acute",
    "Positive, acute",
    "Uses alone behind the laundromat",
    "Loves his dog Rex",
    "Opioids or fentanyl",
    "nimh-asq",
)


class AssessmentBreakInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = OrganizationPageFactory(title="Detox A")
        cls.service = ServicePageFactory(parent=cls.org, title="Detox beds")
        cls.team = TeamFactory(name="Unit 1")
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.outsider = staff(Role.RESPONDER, team=TeamFactory(name="Unit 2"))
        cls.supervisor = staff(Role.SUPERVISOR, team=None)
        cls.provider = staff(Role.PROVIDER, organization=cls.org)
        cls.person = PersonFactory(created_by_team=cls.team, alias="Kestrel")
        cls.encounter = EncounterFactory(
            team=cls.team, responder=cls.responder, person=cls.person, needs=["substance_use"]
        )
        cls.screening = make_screening(
            team=cls.team,
            responder=cls.responder,
            person=cls.person,
            answers=ACUTE,
            result="positive_acute",
            encounter=cls.encounter,
        )
        cls.assessment = make_assessment(
            team=cls.team, responder=cls.responder, person=cls.person, encounter=cls.encounter
        )
        # The person agreed to share everything a referral can carry, with this provider.
        cls.referral, _ = referral_create(
            user=cls.responder,
            data=referral_data(
                person=cls.person,
                service=cls.service,
                encounter_id=cls.encounter.pk,
                shared_fields=["first_name", "phone", "needs", "language"],
            ),
        )
        cls.pages = (
            f"/outreach/screenings/{cls.screening.pk}/",
            f"/outreach/assessments/{cls.assessment.pk}/",
        )
        cls.api = f"/api/screenings/{cls.screening.pk}"
        cls.assessment_api = f"/api/assessments/{cls.assessment.pk}"

    def assert_no_marks(self, response, where):
        body = body_of(response)
        for mark in MARKS:
            self.assertNotIn(mark, body, f"{where} shows {mark!r}")

    def test_another_team_by_id_answers_as_if_missing(self):
        self.client.force_login(self.outsider)
        for url in (*self.pages, self.api):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        r = self.client.post(self.pages[0], {"actions": ["declined"]})
        self.assertEqual(r.status_code, 404)
        self.client.force_login(self.outsider)
        r = post_json(self.client, "/api/screenings", screening_json(id=str(self.screening.pk)))
        self.assertEqual(r.status_code, 409)
        self.assert_no_marks(r, "409")
        self.assertEqual(Screening.objects.get(pk=self.screening.pk).actions, [])
        self.assertFalse(
            AuditEvent.objects.filter(
                user=self.outsider, action__in=["view_screening", "view_assessment"]
            ).exists()
        )

    def test_provider_and_public_get_nothing(self):
        for url in (*self.pages, "/outreach/screenings/new/", "/outreach/assessments/new/"):
            self.assertEqual(self.client.get(url).status_code, 302, url)  # to the login page
        self.assertEqual(self.client.get(self.api).status_code, 401)
        self.client.force_login(self.provider)
        for url in (*self.pages, "/outreach/screenings/new/", "/outreach/assessments/new/"):
            r = self.client.get(url)
            self.assertEqual(r.status_code, 403, url)
            self.assert_no_marks(r, url)
        self.assertEqual(self.client.get(self.api).status_code, 403)
        self.assertEqual(
            post_json(self.client, "/api/screenings", screening_json()).status_code, 403
        )

    def test_assessment_api_answers_another_team_404_or_409_provider_403_public_401(self):
        taken = assessment_json(id=str(self.assessment.pk), strengths="changed")
        self.assertEqual(self.client.get(self.assessment_api).status_code, 401)
        self.assertEqual(post_json(self.client, "/api/assessments", taken).status_code, 401)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.assessment_api).status_code, 404)
        r = post_json(self.client, "/api/assessments", taken)
        self.assertEqual(r.status_code, 409)
        self.assert_no_marks(r, "409")
        self.client.force_login(self.provider)
        for r in (
            self.client.get(self.assessment_api),
            post_json(self.client, "/api/assessments", assessment_json()),
        ):
            self.assertEqual(r.status_code, 403)
            self.assert_no_marks(r, "provider")
        self.assertEqual(
            ClinicalAssessment.objects.get(pk=self.assessment.pk).strengths, "Loves his dog Rex"
        )
        self.assertEqual(ClinicalAssessment.objects.count(), 1)
        self.assertFalse(
            AuditEvent.objects.filter(
                user__in=[self.outsider, self.provider], action="view_assessment"
            ).exists()
        )

    def test_the_referral_a_provider_sees_carries_no_screening_or_assessment(self):
        self.client.force_login(self.provider)
        for url in (
            "/provider/referrals/",
            f"/provider/referrals/{self.referral.pk}/",
            "/api/referrals",
            f"/api/referrals/{self.referral.pk}",
        ):
            r = self.client.get(url)
            self.assertEqual(r.status_code, 200, url)
            self.assert_no_marks(r, url)
            self.assertNotIn("opioids", body_of(r), url)
        self.client.logout()
        link = self.client.get(f"/r/{self.referral_link_token()}/")
        self.assert_no_marks(link, "the provider link")

    def referral_link_token(self):
        from referrals.links import referral_link_token

        return referral_link_token(referral=self.referral)

    def test_exports_carry_no_assessment_details(self):
        self.client.force_login(self.supervisor)
        # The figures are counts (a "positive_acute" figure among them), never a row's words.
        r = self.client.get("/outreach/dashboard/figures.csv?start=2000-01-01&end=2100-01-01")
        for words in ("laundromat", "Loves his dog Rex", "opioids"):
            self.assertNotIn(words, body_of(r))
        for url in (
            "/outreach/dashboard/hmis.csv",
            "/outreach/dashboard/encounters-deidentified.csv",
            "/account/audit/export.csv",
        ):
            r = self.client.get(url + "?start=2000-01-01&end=2100-01-01")
            self.assertEqual(r.status_code, 200, url)
            self.assert_no_marks(r, url)
            self.assertNotIn("laundromat", body_of(r), url)

    def test_headers_that_claim_a_user_change_nothing(self):
        for header in (
            {"REMOTE_USER": self.supervisor.username},
            {"HTTP_X_FORWARDED_USER": self.supervisor.username},
            {"HTTP_X_REMOTE_USER": self.supervisor.username},
        ):
            self.assertEqual(self.client.get(self.api, **header).status_code, 401, header)
            self.assertEqual(self.client.get(self.pages[0], **header).status_code, 302, header)

    @override_settings(WAYPOINT_REQUIRE_2FA=True)
    def test_the_second_factor_guards_the_api_and_pages_whatever_the_script_name(self):
        self.client.force_login(self.responder)  # the password only
        for kwargs in ({}, {"SCRIPT_NAME": "/x"}):
            r = self.client.get(self.api, **kwargs)
            self.assertEqual(r.status_code, 403)
            self.assertEqual(r.json()["error"]["code"], "second_factor_required")
            r = post_json(self.client, "/api/screenings", screening_json())
            self.assertEqual(r.status_code, 403)
            for url in self.pages:
                self.assertEqual(self.client.get(url, **kwargs).status_code, 302)
        self.assertEqual(Screening.objects.count(), 1)
        self.assertFalse(
            AuditEvent.objects.filter(user=self.responder, action="view_screening").exists()
        )

    def test_supervisor_reads_are_audited_with_the_person(self):
        self.client.force_login(self.supervisor)
        for url, action in (
            (self.pages[0], "view_screening"),
            (self.pages[1], "view_assessment"),
            (self.api, "view_screening"),
        ):
            before = AuditEvent.objects.filter(action=action, person_id=self.person.pk).count()
            self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual(
                AuditEvent.objects.filter(action=action, person_id=self.person.pk).count(),
                before + 1,
                url,
            )

    def test_unknown_ids_are_404(self):
        self.client.force_login(self.supervisor)
        for url in (
            f"/outreach/screenings/{uuid.uuid4()}/",
            f"/outreach/assessments/{uuid.uuid4()}/",
            f"/api/screenings/{uuid.uuid4()}",
        ):
            self.assertEqual(self.client.get(url).status_code, 404)
