"""Keep the search index in step: publish, unpublish, delete, bed-count changes and reclassified services.

Handlers only enqueue ``tasks.sync_service_search`` after the transaction commits; the task reads
the directory afresh, so a service that is gone or unpublished simply loses its rows.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished


def enqueue_sync(service_page_id: int) -> None:
    from .tasks import sync_service_search

    transaction.on_commit(lambda: sync_service_search.enqueue(service_page_id))


def _service_page_changed(sender, instance, **kwargs):
    enqueue_sync(instance.pk)


def _organization_published(sender, instance, **kwargs):
    # The organization's name is copied into its services' rows.
    for pk in instance.services.values_list("pk", flat=True):
        enqueue_sync(pk)


def _capacity_changed(sender, instance, **kwargs):
    enqueue_sync(instance.service_id)


def _services_reclassified(sender, service_page_ids, **kwargs):
    for pk in service_page_ids:
        enqueue_sync(pk)


def _services_imported(sender, service_page_ids, **kwargs):
    # Already inside the import's one background task: index them here rather than one task each.
    from .services import search_index_sync_service

    for pk in service_page_ids:
        search_index_sync_service(service_page_id=pk)


def register():
    from directory.models import OrganizationPage, ServiceCapacity, ServicePage
    from directory.signals import services_imported, services_reclassified

    page_published.connect(
        _service_page_changed, sender=ServicePage, dispatch_uid="search_service_published"
    )
    page_unpublished.connect(
        _service_page_changed, sender=ServicePage, dispatch_uid="search_service_unpublished"
    )
    post_delete.connect(
        _service_page_changed, sender=ServicePage, dispatch_uid="search_service_deleted"
    )
    page_published.connect(
        _organization_published, sender=OrganizationPage, dispatch_uid="search_org_published"
    )
    post_save.connect(
        _capacity_changed, sender=ServiceCapacity, dispatch_uid="search_capacity_saved"
    )
    post_delete.connect(
        _capacity_changed, sender=ServiceCapacity, dispatch_uid="search_capacity_deleted"
    )
    services_reclassified.connect(
        _services_reclassified, dispatch_uid="search_services_reclassified"
    )
    services_imported.connect(_services_imported, dispatch_uid="search_services_imported")
