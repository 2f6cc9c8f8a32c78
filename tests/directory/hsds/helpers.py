"""Shared bits for the HSDS tests: the official example, moved onto the globe, and a wipe."""

import copy
import json
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from directory import models as d

EXAMPLE = settings.SHARED_DIR / "hsds" / "examples-3.0" / "service_full.json"
HARTFORD = (41.7637, -72.6851)


def published_example() -> dict:
    """service_full.json exactly as Open Referral publishes it (latitude 100, longitude 101)."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def on_globe(node):
    """The examples' placeholder coordinates (latitude 100, longitude 101) moved to downtown Hartford."""
    if isinstance(node, dict):
        if node.get("latitude") == 100:
            node["latitude"], node["longitude"] = HARTFORD
        for value in node.values():
            on_globe(value)
    elif isinstance(node, list):
        for value in node:
            on_globe(value)
    return node


def example_on_globe() -> dict:
    """The example with its placeholder coordinates moved onto the globe (downtown Hartford)."""
    return on_globe(published_example())


def clone(record: dict) -> dict:
    return copy.deepcopy(record)


def run(command: str, *args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of a management command, as a shell would see it."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def directory_counts() -> dict:
    """Row counts of everything an import writes (to prove a refused import wrote nothing)."""
    models = [
        d.OrganizationPage,
        d.ServicePage,
        d.Location,
        d.Address,
        d.Accessibility,
        d.ServiceAtLocation,
        d.Schedule,
        d.Phone,
        d.Language,
        d.Contact,
        d.CostOption,
        d.RequiredDocument,
        d.ServiceArea,
        d.Attribute,
        d.Taxonomy,
        d.TaxonomyTerm,
        d.Unit,
        d.ServiceCapacity,
        d.Closure,
    ]
    return {m.__name__: m.objects.count() for m in models}


def wipe_directory() -> None:
    """Delete every service, organization and shared row, leaving an empty directory."""
    for page in d.ServicePage.objects.all():
        page.delete()
    for page in d.OrganizationPage.objects.all():
        page.delete()
    for model in (
        d.Phone,
        d.Language,
        d.Contact,
        d.Schedule,
        d.Location,
        d.Attribute,
        d.TaxonomyTerm,
        d.Taxonomy,
        d.Unit,
    ):
        model.objects.all().delete()
