"""Background work for search (django-tasks; the test settings run tasks immediately)."""

from django_tasks import task


@task()
def sync_service_search(service_page_id: int) -> int:
    """Refresh one service's search rows (and its Elasticsearch documents when configured)."""
    from .services import search_index_sync_service

    return search_index_sync_service(service_page_id=service_page_id)
