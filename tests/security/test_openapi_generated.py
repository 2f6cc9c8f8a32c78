"""The committed OpenAPI document is the one waypoint/openapi/generate.py writes, byte for byte."""

import json

from django.conf import settings

from waypoint.openapi.generate import doc


def test_committed_document_is_the_generated_one():
    committed = (settings.BASE_DIR / "waypoint" / "openapi" / "waypoint.json").read_text()
    assert committed == json.dumps(doc, indent=1), "run: python waypoint/openapi/generate.py"
