"""The ASQ asked and scored from its data file, and the rules every instrument file must follow."""

import itertools
import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase

from assessment import scoring
from assessment.models import Instrument
from assessment.services import BUILTIN_DIR
from tests.factories import ACUTE, NEGATIVE, NON_ACUTE

ASQ = json.loads((BUILTIN_DIR / "asq.json").read_text())
CHOICES = ("yes", "no", "refused")


class AsqScoringTests(SimpleTestCase):
    def test_all_no_is_negative_and_question_5_is_not_asked(self):
        self.assertEqual(scoring.validate(ASQ, NEGATIVE), {})
        self.assertEqual(scoring.score(ASQ, NEGATIVE)["code"], "negative")
        self.assertEqual(
            [q["code"] for q in scoring.asked(ASQ, NEGATIVE)], ["q1", "q2", "q3", "q4"]
        )

    def test_every_combination_of_the_four_and_question_5(self):
        for four in itertools.product(CHOICES, repeat=4):
            answers = dict(zip(("q1", "q2", "q3", "q4"), four, strict=True))
            if set(four) == {"no"}:
                self.assertEqual(scoring.score(ASQ, answers)["code"], "negative")
                self.assertIn("q5", scoring.validate(ASQ, {**answers, "q5": "no"}))
                continue
            # Any yes, or a refusal, is positive: question 5 must be asked.
            self.assertEqual(scoring.validate(ASQ, answers), {"q5": [scoring.REQUIRED]})
            for q5 in CHOICES:
                full = {**answers, "q5": q5}
                self.assertEqual(scoring.validate(ASQ, full), {})
                expected = "positive_non_acute" if q5 == "no" else "positive_acute"
                self.assertEqual(scoring.score(ASQ, full)["code"], expected, full)

    def test_results_carry_the_asq_next_steps(self):
        acute = scoring.score(ASQ, ACUTE)
        self.assertEqual(acute["level"], "acute")
        self.assertIn("Do not leave the person alone", acute["action"])
        self.assertIn("emergency (STAT) mental health evaluation", acute["action"])
        non_acute = scoring.score(ASQ, NON_ACUTE)
        self.assertIn("brief suicide safety assessment", non_acute["action"])

    def test_bad_answers_are_field_errors(self):
        errors = scoring.validate(ASQ, {"q1": "maybe", "q2": "no", "q3": "no", "q9": "no"})
        self.assertIn("q1", errors)
        self.assertIn("q4", errors)
        self.assertEqual(errors["q9"], [scoring.UNKNOWN_QUESTION])
        self.assertEqual(scoring.validate(ASQ, ["no"]), {"answers": [scoring.NOT_AN_OBJECT]})

    def test_the_shipped_file_is_a_valid_definition(self):
        self.assertEqual(scoring.check_definition(ASQ), [])
        self.assertTrue(ASQ["source"]["url"].startswith("https://www.nimh.nih.gov/"))

    def test_a_definition_without_a_default_result_is_refused(self):
        broken = {**ASQ, "results": ASQ["results"][:2]}
        self.assertTrue(scoring.check_definition(broken))


MINI = {
    "code": "mini",
    "version": "1",
    "name": "Two questions",
    "source": {"publisher": "Test programme", "url": "https://example.org", "licence": "CC0"},
    "answers": [{"code": "no", "label": "No"}, {"code": "yes", "label": "Yes"}],
    "questions": [{"code": "a", "text": "A?"}, {"code": "b", "text": "B?"}],
    "results": [
        {
            "code": "positive_non_acute",
            "when": {"any_of": ["a", "b"], "is_one_of": ["yes"]},
            "label": "Positive",
            "level": "positive",
            "action": "Talk.",
        },
        {"code": "negative", "label": "Negative", "level": "negative", "action": "None."},
    ],
}


class LoadInstrumentsTests(TestCase):
    def test_migrate_loaded_the_asq(self):
        asq = Instrument.objects.current("asq")
        self.assertEqual(asq.version, ASQ["version"])
        self.assertEqual(asq.definition, ASQ)

    def test_a_programme_adds_its_own_instrument_and_new_versions(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "mini.json"
            path.write_text(json.dumps(MINI))
            out = StringIO()
            call_command("load_instruments", str(path), stdout=out)
            self.assertIn("mini 1 loaded", out.getvalue())
            call_command("load_instruments", str(path), stdout=out)
            self.assertIn("mini 1 already loaded", out.getvalue())
            path.write_text(json.dumps({**MINI, "version": "2"}))
            call_command("load_instruments", tmp, stdout=out)
        self.assertEqual(Instrument.objects.filter(code="mini").count(), 2)
        self.assertEqual(Instrument.objects.current("mini").version, "2")
        self.assertFalse(Instrument.objects.get(code="mini", version="1").is_current)

    def test_a_broken_file_is_refused_and_nothing_is_stored(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "broken.json"
            path.write_text(json.dumps({**MINI, "results": MINI["results"][:1]}))
            with self.assertRaisesMessage(CommandError, "default"):
                call_command("load_instruments", str(path), stdout=StringIO())
        self.assertFalse(Instrument.objects.filter(code="mini").exists())
