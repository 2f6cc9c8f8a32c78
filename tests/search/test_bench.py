"""bench_search runs end to end on a small N and leaves the database as it was."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from search.models import SearchTag, ServiceSearchDocument


@override_settings(ELASTICSEARCH_URL="")
class BenchCommandTests(TestCase):
    def test_small_run_prints_the_table_and_rolls_back(self):
        out = StringIO()
        call_command("bench_search", services=300, runs=2, stdout=out)
        text = out.getvalue()
        for label in (
            "waypoint (database)",
            "naive baseline",
            "floor (raw indexed lookup)",
            "p95: waypoint is",
        ):
            self.assertIn(label, text)
        self.assertIn("detox bed tonight, Spanish, near Park St", text)
        self.assertEqual(ServiceSearchDocument.objects.count(), 0)
        self.assertEqual(SearchTag.objects.count(), 0)
