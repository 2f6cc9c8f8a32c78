"""The demo app sits on top: production code never imports it, so a deployment can drop it."""

import ast
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

PRODUCTION = ["directory", "outreach", "referrals", "reporting", "search", "waypoint", "geo"]


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


class LayeringTests(SimpleTestCase):
    def test_no_production_module_imports_demo(self):
        offenders = [
            f"{path.relative_to(settings.BASE_DIR)}: {module}"
            for package in PRODUCTION
            for path in sorted((Path(settings.BASE_DIR) / package).rglob("*.py"))
            for module in imported_modules(path)
            if module == "demo" or module.startswith("demo.")
        ]
        self.assertEqual(offenders, [])
