import importlib.util
import io
from pathlib import Path

from django.test import TestCase

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "page_weight.py"


def load_script():
    spec = importlib.util.spec_from_file_location("page_weight", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PageWeightTests(TestCase):
    """scripts/page_weight.py on factory data: every page within 40 KB gzip, nothing external."""

    def test_every_page_within_budget(self):
        page_weight = load_script()
        _home, org, services = page_weight.build_demo_data()
        rows = page_weight.measure(self.client, page_weight.urls_for(org, services))
        out = io.StringIO()
        ok = page_weight.report(rows, out)
        self.assertTrue(ok, out.getvalue())
        self.assertEqual(len(rows), 7)
        for url, status, _html_gz, assets, total, _problems in rows:
            self.assertEqual(status, 200, url)
            self.assertGreater(assets, 0, f"{url} links the site stylesheet")
            self.assertLessEqual(total, page_weight.BUDGET, url)
