"""Validate API responses against the HSDS 3.0 OpenAPI document, offline.

The document's response schemas point at ``https://raw.githubusercontent.com/openreferral/
specification/3.0/schema/...``; a ``referencing.Registry`` maps each of those URLs to the copy
under ``../shared/hsds/schema`` (``settings.SHARED_DIR``), and holds the document itself so its
``#/components/schemas/Page`` references resolve too. Nothing touches the network.

Responses are validated against the document as Waypoint serves it, as an outside validator
would. Upstream slips (``../shared/hsds/SOURCE.md``) and what this module does about them:
- ``GET /service_at_locations/{id}`` names ``compiled/service.json`` upstream; the served copy
  names ``compiled/service_at_location.json``, which is meant (``directory.api.document``).
- The two ``taxonomy_terms`` operationIds are swapped: we select operations by path, never by
  operationId, so it does not matter here.
- ``minimal`` speaks of ``modified_date``; the field is ``last_modified``. Minimal items are
  validated against the same list-item schema as every other item.
"""

import json
import re
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
DOCUMENT_URL = "urn:waypoint:test:hsds-openapi"


def shared_hsds_dir():
    return settings.SHARED_DIR / "hsds"


@cache
def upstream_document():
    return json.loads((shared_hsds_dir() / "openapi.json").read_text(encoding="utf-8"))


@cache
def served_document():
    from directory.api.document import served_document as served

    return served(server_url="http://testserver/api/hsds")


@cache
def registry():
    folder = shared_hsds_dir() / "schema"
    resources = [
        (
            SCHEMA_BASE + path.relative_to(folder).as_posix(),
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in sorted(folder.rglob("*.json"))
    ]
    resources.append(
        (DOCUMENT_URL, Resource.from_contents(served_document(), default_specification=DRAFT202012))
    )
    return Registry().with_resources(resources)


def _pointer(*parts):
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def response_schema(path):
    """The served document's 200 ``application/json`` schema for ``GET path`` (a ``$ref`` into it)."""
    assert "get" in served_document()["paths"][path], path
    return {
        "$ref": DOCUMENT_URL
        + "#/"
        + _pointer(
            "paths", path, "get", "responses", "200", "content", "application/json", "schema"
        )
    }


def item_schema(path):
    """The schema of one ``contents`` item of a listing (what an NDJSON line must be)."""
    return {
        "$ref": DOCUMENT_URL
        + "#/"
        + _pointer(
            "paths",
            path,
            "get",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
            "properties",
            "contents",
            "items",
        )
    }


def _is_datetime(value):
    if not isinstance(value, str) or not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})", value
    ):
        return False
    return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def _is_uri(value):
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and not re.search(r"\s", value)


@cache
def format_checker():
    """jsonschema's own checks (uuid, email, date, …) plus date-time and uri, which it leaves
    to packages we do not install."""
    checker = FormatChecker()
    checker.checks("date-time")(lambda v: not isinstance(v, str) or _is_datetime(v))
    checker.checks("uri")(_is_uri)
    return checker


def errors(instance, schema):
    validator = Draft202012Validator(schema, registry=registry(), format_checker=format_checker())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


class OpenAPIAssertions:
    """Mixin for TestCase: ``assertValidResponse(response, "/services")``."""

    def assertValidResponse(self, response, path):
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json")
        problems = errors(response.json(), response_schema(path))
        self.assertEqual(problems, [], f"GET {path} does not match the OpenAPI document")
        return response.json()

    def assertValidItem(self, item, path):
        problems = errors(item, item_schema(path))
        self.assertEqual(problems, [], f"an item of GET {path} does not match the OpenAPI document")
