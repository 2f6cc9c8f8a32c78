"""manage.py import_hsds PATH [PATH …] [--partial] (contracts §3)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.categorisation import classify_services, crosswalk_summary, map_terms
from directory.hsds.importer import import_paths
from directory.models import ServiceClassification, ServicePage

SUMMARY = (
    "{records} record(s) read from {files} file(s): {created} created, {updated} updated, "
    "{unchanged} unchanged, {rejected} rejected."
)
ROLLED_BACK = "Nothing was imported: {rejected} record(s) or file(s) were rejected (see above). Fix them, or use --partial to store the valid records."
PARTIAL_NOTE = "--partial: the valid records were stored; the rejected ones above were not."
WARNING = "warning: {note}"
KEPT = "Kept unmodelled, exported back as given: {keys}."
# What the crosswalk reads a service's terms with.
CLASSIFY_PREFETCH = (
    "attributes__taxonomy_term__taxonomy",
    "attributes__taxonomy_term__mapping",
    "attributes__taxonomy_term__parent",
)
CROSSWALK = "Taxonomy terms: {mapped} mapped to Waypoint categories, {unmapped} unmapped"
UNMAPPED_USERS = ("({count} service uses them):", "({count} services use them):")
UNMAPPED_TERM = "  {name} ({where}): {count} service(s)"
MORE_TERMS = "  … and {count} more (see Category crosswalk in the admin)"
OWN_WORDS = "{count} service(s) got a category from their own name or description."
UNMAPPED_SHOWN = 20


class Command(BaseCommand):
    help = _(
        "Import HSDS 3.0 services from a JSON file (a list of full service objects, one service or "
        "organization, or an API Page), a folder of them, or a CSV data package. All-or-nothing unless --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--partial",
            action="store_true",
            help=_("Store the valid records and report the rest (default: all or nothing)."),
        )

    def handle(self, *args, paths, partial, **options):
        report = import_paths(paths, partial=partial)
        for rejection in report.rejected:
            self.stderr.write(str(rejection))
        for warning in report.warnings:
            self.stdout.write(_(WARNING).format(note=warning))
        summary = _(SUMMARY).format(
            records=report.records,
            files=len(report.files),
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=report.rejected_records,
        )
        if report.rolled_back:
            self.stderr.write(summary)
            raise CommandError(_(ROLLED_BACK).format(rejected=report.rejected_records))
        self.stdout.write(self.style.SUCCESS(summary) if report.ok else summary)
        if report.unmodelled:
            keys = ", ".join(f"{key} ({count})" for key, count in sorted(report.unmodelled.items()))
            self.stdout.write(_(KEPT).format(keys=keys))
        if not report.ok:
            self.stderr.write(_(PARTIAL_NOTE))
        self.categorise(report.service_page_ids)

    def categorise(self, service_page_ids):
        """Sort the services the import wrote into Waypoint's categories (indexing does it again
        when the import's search task runs later) and report the terms nothing maps."""
        map_terms()
        classify_services(
            ServicePage.objects.filter(pk__in=service_page_ids).prefetch_related(*CLASSIFY_PREFETCH)
        )
        crosswalk = crosswalk_summary()
        unmapped = crosswalk["unmapped"]
        line = _(CROSSWALK).format(mapped=len(crosswalk["mapped"]), unmapped=len(unmapped))
        if unmapped:
            terms = [term.pk for term, _count in unmapped]
            users = (
                ServicePage.objects.filter(attributes__taxonomy_term__in=terms).distinct().count()
            )
            line += " " + ngettext(*UNMAPPED_USERS, users).format(count=users)
        self.stdout.write(line if unmapped else line + ".")
        for term, count in unmapped[:UNMAPPED_SHOWN]:
            taxonomy = term.taxonomy.name if term.taxonomy_id else term.taxonomy_name
            where = " ".join(part for part in (taxonomy, term.code) if part)
            self.stdout.write(_(UNMAPPED_TERM).format(name=term.name, where=where, count=count))
        if len(unmapped) > UNMAPPED_SHOWN:
            self.stdout.write(_(MORE_TERMS).format(count=len(unmapped) - UNMAPPED_SHOWN))
        own_words = (
            ServiceClassification.objects.filter(
                kind=ServiceClassification.Kind.CATEGORY,
                source__in=[
                    ServiceClassification.Source.NAME,
                    ServiceClassification.Source.DESCRIPTION,
                ],
                service__live=True,
            )
            .values("service")
            .distinct()
            .count()
        )
        self.stdout.write(_(OWN_WORDS).format(count=own_words))
