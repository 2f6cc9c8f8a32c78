"""The screening and assessment pages without JavaScript: the form posts, the result page shows
the result and its next step first, what followed is recorded; reachable from the other pages."""

import uuid

from django.test import TestCase

from assessment.models import ClinicalAssessment, Screening
from staff.models import AuditEvent, Role
from tests.factories import (
    EncounterFactory,
    PersonFactory,
    TeamFactory,
    make_assessment,
    make_screening,
    staff,
)

NEW = "/outreach/screenings/new/"
ASSESS = "/outreach/assessments/new/"


class ScreeningPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="North")
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.person = PersonFactory(created_by_team=cls.team, alias="Sunny")

    def setUp(self):
        self.client.force_login(self.responder)

    def post(self, answers, **extra):
        data = {
            "id": str(uuid.uuid4()),
            "occurred_at": "2026-11-23T21:05",
            "instrument": "asq",
            **answers,
            **extra,
        }
        return self.client.post(NEW, data)

    def test_form_shows_the_questions_and_the_source(self):
        r = self.client.get(f"{NEW}?person={self.person.pk}")
        html = r.content.decode()
        self.assertContains(r, "In the past few weeks, have you wished you were dead?")
        self.assertContains(r, "Are you having thoughts of killing yourself right now?")
        self.assertEqual(html.count('type="radio"'), 5 * 3)
        self.assertContains(r, "https://www.nimh.nih.gov/")
        self.assertContains(r, f'value="{self.person.pk}"')
        self.assertContains(r, 'id="instrument-definition"')

    def test_negative_screen_saves_and_shows_the_result_first(self):
        r = self.post({"q1": "no", "q2": "no", "q3": "no", "q4": "no"}, person_id=self.person.pk)
        s = Screening.objects.get()
        self.assertRedirects(r, f"/outreach/screenings/{s.pk}/")
        self.assertEqual((s.result, s.person), ("negative", self.person))
        page = self.client.get(r["Location"]).content.decode()
        self.assertLess(page.index("Negative screen"), page.index("<h1>"))
        self.assertNotIn('id="screening-actions"', page)

    def test_question_5_left_over_from_a_changed_answer_is_dropped(self):
        self.post({"q1": "no", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"})
        self.assertEqual(
            Screening.objects.get().answers, {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
        )

    def test_acute_screen_shows_the_alarm_and_records_what_followed(self):
        r = self.post({"q1": "yes", "q2": "no", "q3": "yes", "q4": "no", "q5": "yes"})
        s = Screening.objects.get()
        self.assertEqual(s.result, "positive_acute")
        page = self.client.get(r["Location"])
        self.assertContains(page, "screen-result level-acute")
        self.assertContains(page, "Do not leave the person alone")
        r = self.client.post(
            r["Location"], {"actions": ["stayed_with_person", "emergency_evaluation"]}
        )
        self.client.post(r["Location"], {"actions": ["safety_plan"]})
        s.refresh_from_db()
        self.assertEqual(s.actions, ["emergency_evaluation", "safety_plan", "stayed_with_person"])
        self.assertEqual(AuditEvent.objects.filter(action="update_screening").count(), 2)

    def test_unanswered_question_keeps_the_answers_given(self):
        r = self.post({"q1": "yes", "q2": "no", "q3": "no", "q4": "no"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "q5: Answer this question.")
        self.assertContains(r, 'name="q1" value="yes" checked')
        self.assertEqual(Screening.objects.count(), 0)

    def test_reachable_from_quick_log_contact_and_person_page(self):
        self.assertContains(self.client.get("/outreach/"), f'href="{NEW}"')
        encounter = EncounterFactory(team=self.team, responder=self.responder, person=self.person)
        self.assertContains(
            self.client.get(f"/outreach/encounters/{encounter.pk}/"),
            f"{NEW}?encounter={encounter.pk}",
        )
        make_screening(
            team=self.team, responder=self.responder, person=self.person, result="positive_acute"
        )
        r = self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertContains(r, f"{NEW}?person={self.person.pk}")
        self.assertContains(r, "Positive, acute")
        self.assertTrue(
            AuditEvent.objects.filter(action="view_screening", person_id=self.person.pk).exists()
        )

    def test_screen_from_a_contact_links_both(self):
        encounter = EncounterFactory(team=self.team, responder=self.responder, person=self.person)
        r = self.client.get(f"{NEW}?encounter={encounter.pk}")
        self.assertContains(r, f'value="{encounter.pk}"')
        self.post({"q1": "no", "q2": "no", "q3": "no", "q4": "no"}, encounter_id=encounter.pk)
        s = Screening.objects.get()
        self.assertEqual((s.encounter, s.person), (encounter, self.person))


class ClinicalAssessmentPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="North")
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.person = PersonFactory(created_by_team=cls.team)

    def setUp(self):
        self.client.force_login(self.responder)

    def test_everything_is_optional(self):
        r = self.client.post(ASSESS, {})
        a = ClinicalAssessment.objects.get()
        self.assertRedirects(r, f"/outreach/assessments/{a.pk}/")
        self.assertEqual((a.person, a.team, a.substances), (None, self.team, []))

    def test_taps_and_words_are_stored_and_shown(self):
        r = self.client.get(f"{ASSESS}?person={self.person.pk}")
        self.assertContains(r, 'type="checkbox" name="substances" value="opioids"')
        self.assertContains(r, 'type="radio" name="orientation" value="oriented"')
        self.assertContains(r, "42 CFR Part 2")
        r = self.client.post(
            f"{ASSESS}?person={self.person.pk}",
            {
                "person_id": self.person.pk,
                "presenting_concerns": ["suicidal_thoughts", "housing_crisis"],
                "orientation": "oriented",
                "moods": ["low", "tearful"],
                "thought_process": "clear",
                "hallucinations": "no",
                "substances": ["opioids", "alcohol"],
                "last_use": "today",
                "overdose_risk": "high",
                "medical_concerns": ["injury"],
                "slept_last_night": "outside",
                "supports": ["pet"],
                "strengths": "His dog",
            },
        )
        a = ClinicalAssessment.objects.get()
        self.assertEqual(a.person, self.person)
        self.assertEqual(sorted(a.substances), ["alcohol", "opioids"])
        self.assertEqual((a.overdose_risk, a.slept_last_night), ("high", "outside"))
        page = self.client.get(r["Location"])
        self.assertContains(page, "Opioids or fentanyl")
        self.assertContains(page, "His dog")
        self.assertEqual(AuditEvent.objects.filter(action="view_assessment").count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="create_assessment").count(), 1)

    def test_bad_codes_are_refused(self):
        r = self.client.post(ASSESS, {"substances": ["glue"], "orientation": "upside_down"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(ClinicalAssessment.objects.count(), 0)

    def test_on_the_person_timeline(self):
        a = make_assessment(team=self.team, responder=self.responder, person=self.person)
        r = self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertContains(r, f"/outreach/assessments/{a.pk}/")
        self.assertTrue(
            AuditEvent.objects.filter(action="view_assessment", person_id=self.person.pk).exists()
        )


class SpanishScreenTests(TestCase):
    def test_the_next_step_is_in_spanish_and_the_questions_as_the_nimh_wrote_them(self):
        self.client.force_login(staff(Role.RESPONDER, team=TeamFactory(name="Sur")))
        self.client.cookies["django_language"] = "es"
        r = self.client.get(NEW, HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(r, "No quiso responder")
        self.assertContains(r, "In the past few weeks, have you wished you were dead?")
        self.assertContains(
            r, "No deje sola a la persona"
        )  # in the definition the phone scores with


class OfflineScreenTests(TestCase):
    def test_the_service_worker_keeps_the_screen_and_its_files(self):
        self.client.force_login(staff(Role.RESPONDER, team=TeamFactory(name="Offline")))
        body = self.client.get("/outreach/sw.js").content.decode()
        self.assertIn('"/outreach/screenings/new/"', body)
        self.assertIn("assessment/screening.js", body)
        self.assertIn("assessment/assessment.css", body)
