"""The assessment anonymisers (registered with outreach.anonymise.registry): free text goes,
what the evaluator counts stays."""

from django.test import TestCase

from assessment.anonymise import assessment_anonymise_all, assessment_anonymise_persons
from assessment.models import ClinicalAssessment, Screening
from staff.models import Role
from tests.factories import (
    ACUTE,
    PersonFactory,
    TeamFactory,
    make_assessment,
    make_screening,
    staff,
)


class AssessmentAnonymiseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Anon")
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.gone = PersonFactory(created_by_team=cls.team)
        cls.kept = PersonFactory(created_by_team=cls.team)
        row = {"team": cls.team, "responder": cls.responder}
        cls.a_gone = make_assessment(person=cls.gone, **row)
        cls.a_kept = make_assessment(person=cls.kept, **row)
        cls.a_anonymous = make_assessment(**row)
        cls.s_gone = make_screening(
            person=cls.gone,
            answers=ACUTE,
            result="positive_acute",
            actions=["stayed_with_person"],
            **row,
        )

    def test_for_persons_blanks_their_free_text_only(self):
        counts = assessment_anonymise_persons([self.gone.pk])
        self.assertEqual(counts, {"clinical_assessment": 1, "screening": 1})
        gone = ClinicalAssessment.objects.get(pk=self.a_gone.pk)
        for name in ClinicalAssessment.TEXT_FIELDS:
            self.assertEqual(getattr(gone, name), "", name)
        # Codes the figures count stay.
        self.assertEqual((gone.substances, gone.overdose_risk), (["opioids"], "high"))
        self.assertEqual(
            ClinicalAssessment.objects.get(pk=self.a_kept.pk).strengths, "Loves his dog Rex"
        )
        s = Screening.objects.get(pk=self.s_gone.pk)
        self.assertEqual(
            (s.result, s.actions, s.answers), ("positive_acute", ["stayed_with_person"], ACUTE)
        )

    def test_everything_includes_anonymous_rows(self):
        counts = assessment_anonymise_all()
        self.assertEqual(counts, {"clinical_assessment": 3, "screening": 1})
        self.assertFalse(
            ClinicalAssessment.objects.exclude(
                presenting_notes="", substance_notes="", medical_notes="", strengths=""
            ).exists()
        )

    def test_registered_so_anonymising_a_person_reaches_their_assessments(self):
        from outreach.anonymise import anonymise_everything, anonymise_persons

        counts = anonymise_persons([self.gone.pk])
        self.assertEqual((counts["clinical_assessment"], counts["screening"]), (1, 1))
        self.assertEqual(ClinicalAssessment.objects.get(pk=self.a_gone.pk).strengths, "")
        self.assertEqual(anonymise_everything()["clinical_assessment"], 3)
        self.assertFalse(ClinicalAssessment.objects.exclude(strengths="").exists())
