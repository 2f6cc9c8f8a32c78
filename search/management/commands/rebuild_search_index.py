"""Rebuild whatever the active search backend needs (contracts §3).

The search table is rebuilt in one transaction (searches keep reading the old rows until it
commits); with ``ELASTICSEARCH_URL`` set, a new index is bulk-loaded and the alias is moved to
it in one atomic step, then the old index is deleted: zero downtime.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search table and, when ELASTICSEARCH_URL is set, the Elasticsearch index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="Rebuild only the search table, even if Elasticsearch is configured.",
        )

    def handle(self, *args, **options):
        use_es = bool(settings.ELASTICSEARCH_URL) and not options["database_only"]
        try:
            report = search_index_rebuild(elasticsearch=use_es)
        except Exception as exc:  # e.g. Elasticsearch unreachable: say so, exit 1
            if use_es:
                raise CommandError(
                    f"Elasticsearch rebuild failed ({exc}); the search table was rebuilt."
                ) from exc
            raise
        self.stdout.write(f"Search table: {report['documents']} documents.")
        if "elasticsearch" in report:
            es = report["elasticsearch"]
            replaced = ", ".join(es["replaced"]) or "nothing"
            self.stdout.write(
                f"Elasticsearch: {es['documents']} documents in {es['index']}; alias {es['alias']} moved (replaced {replaced})."
            )
