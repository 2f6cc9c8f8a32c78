from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from directory.models import ServicePage


class BenchHsdsApiCommandTests(TestCase):
    def test_times_every_page_and_leaves_nothing_behind(self):
        out = StringIO()
        call_command(
            "bench_hsds_api", "--services", "60", "--per-page", "20", "--force", stdout=out
        )
        text = out.getvalue()
        self.assertIn("GET /api/hsds/services?per_page=20: 3 pages", text)
        self.assertIn(
            "queries per page: 4", text
        )  # one count, one page of ids, one fetch, one privacy check
        self.assertIn("rolled back", text)
        self.assertEqual(ServicePage.objects.count(), 0)

    def test_refuses_without_debug(self):
        with self.assertRaises(CommandError):
            call_command("bench_hsds_api", "--services", "5", stdout=StringIO())
