"""manage.py eval_search: Success@3 and nDCG@5 measured through GET /api/search."""

import json
import math
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase

from search.management.commands.eval_search import ndcg_at, ranked_service_ids, success_at
from search.services import search_index_rebuild_database
from tests.factories import PARK_ST, service

DEV_SET = Path(settings.BASE_DIR) / "search" / "data" / "eval_dev.json"
DEMO = Path(settings.BASE_DIR) / "demo" / "hartford_services.json"


class MetricTests(SimpleTestCase):
    def test_success_at_3(self):
        self.assertEqual(success_at(["a", "b", "c", "d"], {"c"}), 1.0)
        self.assertEqual(success_at(["a", "b", "c", "d"], {"d"}), 0.0)
        self.assertEqual(success_at([], {"d"}), 0.0)

    def test_ndcg_at_5(self):
        self.assertEqual(ndcg_at(["a", "b"], {"a"}), 1.0)
        self.assertAlmostEqual(ndcg_at(["x", "a"], {"a"}), 1 / math.log2(3))
        ideal_two = 1 + 1 / math.log2(3)
        self.assertAlmostEqual(
            ndcg_at(["a", "x", "b"], {"a", "b"}), (1 + 1 / math.log2(4)) / ideal_two
        )
        self.assertEqual(ndcg_at(["x", "y", "z", "w", "v", "a"], {"a"}), 0.0)
        self.assertEqual(ndcg_at(["a"], set()), 0.0)

    def test_a_service_at_two_places_counts_once(self):
        rows = [
            {"service_id": "s1"},
            {"service_id": "s1"},
            {"service_id": "s2"},
            {"service_id": None},
        ]
        self.assertEqual(ranked_service_ids(rows), ["s1", "s2"])


class CommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.detox = service(
            "Alpha Withdrawal Unit",
            categories=("detox",),
            hours="24/7",
            beds=3,
            lat=PARK_ST[0],
            lng=PARK_ST[1],
        )
        cls.pantry = service(
            "Beta Pantry", categories=("food-pantry",), hours=("MO,TU,WE,TH,FR", "09:00", "17:00")
        )
        cls.shelter = service("Gamma Shelter", categories=("emergency-shelter",), hours="24/7")
        search_index_rebuild_database()

    def run_file(self, entries, *args):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "set.json"
            path.write_text(json.dumps(entries))
            out = StringIO()
            call_command("eval_search", str(path), *args, stdout=out)
            return out.getvalue()

    def test_figures_for_a_tiny_set(self):
        entries = [
            {
                "q": "withdrawl management near Park St",
                "at": "2026-11-23T21:00:00-05:00",
                "relevant": [str(self.detox.hsds_id)],
            },
            {
                "q": "food pantry",
                "lat": 41.76,
                "lng": -72.69,
                "at": "2026-11-24T10:00:00-05:00",
                "relevant": [str(self.pantry.hsds_id)],
            },
            {"q": "shelter", "relevant": ["00000000-0000-0000-0000-000000000000"]},
            {"q": "anything", "relevant": []},
        ]
        output = self.run_file(entries)
        self.assertIn("queries: 4 (judged 3), errors: 0", output)
        self.assertIn("Success@3: 0.667", output)
        self.assertIn("nDCG@5: 0.667", output)
        self.assertIn("Alpha Withdrawal Unit", output)
        self.assertIn("MISS", output)

    def test_per_query_json_shows_what_the_api_understood(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "set.json"
            out_path = Path(tmp) / "out.json"
            path.write_text(json.dumps([{"q": "detox", "relevant": [str(self.detox.hsds_id)]}]))
            call_command(
                "eval_search", str(path), "--quiet", "--json", str(out_path), stdout=StringIO()
            )
            result = json.loads(out_path.read_text())
        self.assertEqual(result["success_at_3"], 1.0)
        self.assertEqual(result["queries"][0]["query"]["categories"], ["detox"])
        self.assertEqual(result["queries"][0]["top"][0], str(self.detox.hsds_id))

    def test_bad_input_through_the_api_is_never_an_error(self):
        entries = [
            {"q": q, "relevant": [str(self.shelter.hsds_id)]}
            for q in ["", "x" * 5000, "🙂", '" OR 1=1 --', "name:*", "\\", "shelter near Zzyzx St"]
        ]
        output = self.run_file(entries, "--quiet")
        self.assertIn("errors: 0", output)
        # An impossible position is a 4xx from the API (a clear answer), reported per query, never a crash.
        output = self.run_file([{"q": "shelter", "lat": 200, "lng": -72.6, "relevant": ["x"]}])
        self.assertIn("ERR  HTTP 400", output)
        self.assertIn("errors: 1", output)

    def test_bad_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            for content, message in [
                ("{", "not a JSON file"),
                ("{}", "a JSON list"),
                ('[{"x": 1}]', "string 'q'"),
                ('[{"q": "a", "relevant": "id"}]', "list of service ids"),
                ('[{"q": "a"}]', "nothing to measure"),
            ]:
                with self.subTest(content=content):
                    path = Path(tmp) / "bad.json"
                    path.write_text(content)
                    with self.assertRaisesMessage(CommandError, message):
                        call_command("eval_search", str(path), stdout=StringIO())
            with self.assertRaisesMessage(CommandError, "no such file"):
                call_command("eval_search", str(Path(tmp) / "missing.json"), stdout=StringIO())


class DevSetTests(SimpleTestCase):
    def test_the_development_set_is_judged_against_the_demo_directory(self):
        entries = json.loads(DEV_SET.read_text(encoding="utf-8"))
        demo_ids = {s["id"] for s in json.loads(DEMO.read_text(encoding="utf-8"))}
        self.assertGreaterEqual(len(entries), 40)
        self.assertEqual(len({e["q"] for e in entries}), len(entries), "no query twice")
        for entry in entries:
            with self.subTest(q=entry["q"]):
                self.assertTrue(entry["relevant"])
                self.assertLessEqual(set(entry["relevant"]), demo_ids)
                self.assertIn("at", entry)


class ForeignDirectoryTests(TestCase):
    """``--hsds``: a directory Waypoint did not write, imported into a throwaway copy and searched."""

    def test_imports_searches_and_leaves_the_database_as_it_was(self):
        from directory.models import ServicePage

        own = service("Alpha Withdrawal Unit", categories=("detox",), hours="24/7")
        foreign = json.loads(
            (
                Path(settings.BASE_DIR).parent
                / "shared"
                / "eval"
                / "open-eligibility-hartford"
                / "services.json"
            ).read_text()
        )
        meals = next(s for s in foreign if s["name"] == "Noon Meal")
        detox = next(s for s in foreign if s["name"] == "Medical Detoxification Unit")
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp) / "services.json"
            directory.write_text(json.dumps([meals, detox]))
            queries = Path(tmp) / "queries.json"
            queries.write_text(
                json.dumps(
                    [
                        {
                            "q": "detox",
                            "relevant": [detox["id"]],
                            "intent": {"typo_or_shorthand": False},
                        },
                        {
                            "q": "hot lunch",
                            "relevant": [meals["id"]],
                            "graded": {meals["id"]: 2},
                            "intent": {"time": None},
                        },
                    ]
                )
            )
            out = StringIO()
            call_command("eval_search", str(queries), "--hsds", str(directory), stdout=out)
        text = out.getvalue()
        self.assertIn("2 service(s) imported into a throwaway copy", text)
        self.assertIn(
            "Success@3: 1.000", text
        )  # Open Eligibility terms, read as Waypoint's categories
        self.assertIn(
            "nDCG@5: 1.000", text
        )  # the detox query does not find Waypoint's own detox unit
        self.assertIn("clean text", text)
        self.assertFalse(
            ServicePage.objects.filter(
                title__in=["Noon Meal", "Medical Detoxification Unit"]
            ).exists()
        )
        self.assertTrue(ServicePage.objects.filter(pk=own.pk, live=True).exists())
