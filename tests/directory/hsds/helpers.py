"""Shared bits for the HSDS tests: a copy, a command run as a shell sees it, row counts, a wipe.

The HSDS example they read is built in tests/factories/directory.py."""

import copy
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from directory import models as d


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
