"""The HSDS 3.0 OpenAPI document this API implements (vendored; see ``hsds_openapi/README.md``)."""

import copy
import json
from functools import cache
from pathlib import Path

HSDS_VERSION = "3.0"
DOCUMENT_PATH = Path(__file__).resolve().parent / "hsds_openapi" / "openapi.json"
# HSDS 3.0 as published (branch 3.0 of the specification); Waypoint adds no profile of its own.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"

INFO = {
    "title": "Waypoint HSDS API",
    "version": "1.0.0",
    "summary": "Hartford's Waypoint resource directory as Open Referral HSDS 3.0 (read only).",
    "description": (
        "The public listings of the Waypoint directory: published services, their organizations, "
        "locations and taxonomies. Adapted from the Open Referral HSDS 3.0 OpenAPI document "
        "(https://github.com/openreferral/specification, branch 3.0, commit "
        "279fd2eb3552c349bf698c07c00cc25f5fc8249b), copyright the Open Referral project, licensed "
        "CC BY-SA 4.0; changes: this info block and the servers list. Lists take page (from 1) "
        "and per_page (1 to 1000, default 50; minimal=true allows up to 10000 and defaults to "
        "10000). service_at_locations also takes proximity as LAT,LNG,METRES."
    ),
    "license": {"name": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"},
}


@cache
def upstream_document():
    """The document exactly as Open Referral publishes it."""
    return json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


def served_document(*, server_url):
    """The document with its ``info`` filled in and a server naming where this API is mounted."""
    document = copy.deepcopy(upstream_document())
    document["info"] = copy.deepcopy(INFO)
    document["servers"] = [{"url": server_url, "description": "This Waypoint deployment"}]
    return document
