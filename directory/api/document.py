"""The HSDS 3.0 OpenAPI document this API implements (vendored; see ``hsds_openapi/README.md``)."""

import copy
import json
from functools import cache
from pathlib import Path

HSDS_VERSION = "3.0"
DOCUMENT_PATH = Path(__file__).resolve().parent / "hsds_openapi" / "openapi.json"
# HSDS 3.0 as published (branch 3.0 of the specification); Waypoint adds no profile of its own.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# Upstream slips corrected in the served copy, so that responses validate against what is served:
# (path, schema the 200 response names upstream, the schema meant).
CORRECTIONS = (
    (
        "/service_at_locations/{id}",
        SCHEMA_BASE + "compiled/service.json",
        SCHEMA_BASE + "compiled/service_at_location.json",
    ),
)

INFO = {
    "title": "Waypoint HSDS API",
    "version": "1.0.0",
    "summary": "Hartford's Waypoint resource directory as Open Referral HSDS 3.0 (read only).",
    "description": (
        "The public listings of the Waypoint directory: published services, their organizations, "
        "locations and taxonomies. Adapted from the Open Referral HSDS 3.0 OpenAPI document "
        "(https://github.com/openreferral/specification, branch 3.0, commit "
        "279fd2eb3552c349bf698c07c00cc25f5fc8249b), copyright the Open Referral project, licensed "
        "CC BY-SA 4.0; changes: this info block, the servers list, and GET /service_at_locations/{id} "
        "answering with compiled/service_at_location.json (upstream names compiled/service.json). "
        "Lists take page (from 1) and per_page (from 1; above 1000 it is capped at 1000, and "
        "minimal=true allows and defaults to 10000). service_at_locations also takes proximity as "
        "LAT,LNG,METRES."
    ),
    "license": {"name": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"},
}


@cache
def upstream_document():
    """The document exactly as Open Referral publishes it."""
    return json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


def _json_schema_of_200(document, path):
    return document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]


def served_document(*, server_url):
    """The document with its ``info`` filled in, a server naming where this API is mounted, and the
    upstream slips in ``CORRECTIONS`` put right."""
    document = copy.deepcopy(upstream_document())
    document["info"] = copy.deepcopy(INFO)
    document["servers"] = [{"url": server_url, "description": "This Waypoint deployment"}]
    for path, upstream, meant in CORRECTIONS:
        schema = _json_schema_of_200(document, path)
        if schema.get("$ref") == upstream:
            schema["$ref"] = meant
    return document
