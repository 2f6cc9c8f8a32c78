from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import signal_handlers

        signal_handlers.register()
        connection_created.connect(sqlite_search_cache, dispatch_uid="search_sqlite_cache")


def sqlite_search_cache(sender, connection, **kwargs):
    """SQLite's default page cache is 2 MB: too small to keep the search table's hot pages.

    64 MB of cache and memory-mapped reads (per connection, at most) keep a 50,000-service table
    in memory; PostgreSQL has its own shared buffers.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute("PRAGMA mmap_size = 268435456")
