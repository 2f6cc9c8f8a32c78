"""Keeping the search index in step with the directory (writes only; reads are in ``selectors``).

- ``documents_for_service(page)`` turns one published service into its search rows.
- ``search_index_sync_service(service_page_id=…)`` refreshes one service (the database table
  always, Elasticsearch too when it is configured); ``tasks`` runs it in the background.
- ``search_index_rebuild()`` rebuilds everything: the table in one transaction (readers keep
  seeing the old rows until it commits) and, with Elasticsearch, a new index swapped in
  behind the alias.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from directory.categorisation import classify_service
from directory.hours import mask_from_intervals, weekly_hours
from directory.models import ServiceClassification, ServicePage
from geo import neighbourhood_at

from . import ranking
from .models import (
    NO_CATEGORY_TAG,
    SearchTag,
    ServiceSearchDocument,
    UnmetSearch,
    codes_to_field,
)

logger = logging.getLogger(__name__)

SERVICE_PREFETCH = (
    "schedules",
    "closures",
    "languages",
    "phones",
    "capacities__unit",
    "attributes__taxonomy_term__taxonomy",
    "attributes__taxonomy_term__mapping",
    "attributes__taxonomy_term__parent",
    "service_at_locations__schedules",
    "service_at_locations__phones",
    "service_at_locations__location__schedules",
    "service_at_locations__location__languages",
    "service_at_locations__location__phones",
    "service_at_locations__location__addresses",
    "organization__phones",
)


def service_queryset():
    return (
        ServicePage.objects.live()
        .filter(status=ServicePage.Status.ACTIVE)
        .select_related("organization")
        .prefetch_related(*SERVICE_PREFETCH)
    )


# --- documents ---------------------------------------------------------------------------------


def _first_e164(*phone_lists) -> str:
    for phones in phone_lists:
        for phone in sorted(
            phones, key=lambda p: (p.type not in ("", "voice"), p.sort_order or 0, p.pk)
        ):
            if phone.e164 and phone.type != "fax":
                return phone.e164
    return ""


def _page_url(page) -> str:
    """The service's permalink (``/services/<HSDS id>/``), which survives moves in the page tree."""
    try:
        return reverse("directory:service", kwargs={"hsds_id": page.hsds_id})
    except NoReverseMatch:
        return f"/services/{page.hsds_id}/"


def documents_for_service(page) -> list[ServiceSearchDocument]:
    """The search rows of one service: one per place it is delivered, or one with no place.

    Its categories and groups are worked out here, once per indexing (``directory.categorisation``),
    from whatever taxonomy it came in and from its own words.
    """
    classified = classify_service(page)
    categories = [c.code for c in classified if c.kind == ServiceClassification.Kind.CATEGORY]
    populations = [c.code for c in classified if c.kind == ServiceClassification.Kind.POPULATION]
    term_names = [a.taxonomy_term.name for a in page.attributes.all()]
    beds = [c for c in page.capacities.all() if c.unit.name.strip().lower() in ("bed", "beds")]
    service_languages = {lang.code.strip().lower() for lang in page.languages.all() if lang.code}
    organization = page.organization
    org_name = organization.title if organization else ""
    org_phones = list(organization.phones.all()) if organization else []
    base_text = " ".join(
        part
        for part in [
            page.alternate_name,
            page.description,
            page.eligibility_description,
            page.interpretation_services,
            " ".join(dict.fromkeys(term_names)),
        ]
        if part
    )
    url = _page_url(page)
    docs = []
    places = list(page.service_at_locations.all()) or [None]
    for sal in places:
        location = sal.location if sal else None
        addresses = list(location.addresses.all()) if location else []
        address = str(addresses[0]) if addresses else ""
        languages = set(service_languages)
        if location:
            languages |= {
                lang.code.strip().lower() for lang in location.languages.all() if lang.code
            }
        known, exact, intervals, always_open, summary = weekly_hours(page, sal)
        text = " ".join(
            p
            for p in [
                base_text,
                location.name if location else "",
                address,
                location.neighbourhood if location else "",
            ]
            if p
        )
        docs.append(
            ServiceSearchDocument(
                service_page_id=page.pk,
                service_hsds_id=str(page.hsds_id),
                service_at_location_hsds_id=str(sal.hsds_id) if sal else "",
                organization_page_id=organization.pk if organization else None,
                name=page.title[:255],
                organization=org_name[:255],
                text=text,
                address=address[:255],
                neighbourhood=location.neighbourhood if location else "",
                categories=codes_to_field(categories),
                populations=codes_to_field(populations),
                languages=codes_to_field(languages),
                latitude=location.latitude if location else None,
                longitude=location.longitude if location else None,
                has_beds=bool(beds),
                beds_available=sum(c.available for c in beds) if beds else None,
                capacity_updated=max(c.updated for c in beds) if beds else None,
                hours_known=known,
                hours_exact=exact,
                always_open=always_open,
                week_intervals=intervals,
                open_mask=mask_from_intervals(intervals) if intervals else "",
                hours_summary=summary,
                phone=_first_e164(
                    sal.phones.all() if sal else [],
                    page.phones.all(),
                    location.phones.all() if location else [],
                    org_phones,
                ),
                url=url[:500],
            )
        )
    return docs


def tags_for(doc: ServiceSearchDocument) -> list[SearchTag]:
    codes = (
        ([f"c:{c}" for c in doc.category_list] or [NO_CATEGORY_TAG])
        + [f"p:{c}" for c in ranking.field_to_codes(doc.populations)]
        + [f"l:{c}" for c in doc.language_list]
    )
    tiers = {name: getattr(doc, name) for name in SearchTag.TIER_FIELDS}
    return [
        SearchTag(document=doc, code=code, latitude=doc.latitude, longitude=doc.longitude, **tiers)
        for code in codes
    ]


def save_tags(docs: list[ServiceSearchDocument]) -> None:
    """The tags of saved documents, written in index order so one code's rows share disk pages."""
    tags = sorted((t for d in docs for t in tags_for(d)), key=lambda t: (t.code, t.latitude or 0.0))
    SearchTag.objects.bulk_create(tags, batch_size=2000)


def save_documents(docs: list[ServiceSearchDocument], *, tags: bool = True) -> None:
    ServiceSearchDocument.objects.bulk_create(docs, batch_size=500)
    if any(d.pk is None for d in docs):  # a database that does not return ids from bulk inserts
        keys = {(d.service_page_id, d.service_at_location_hsds_id): d for d in docs}
        for pk, page_id, sal in ServiceSearchDocument.objects.filter(
            service_page_id__in={d.service_page_id for d in docs}
        ).values_list("pk", "service_page_id", "service_at_location_hsds_id"):
            if (page_id, sal) in keys:
                keys[(page_id, sal)].pk = pk
    if tags:
        save_tags(docs)


# --- sync --------------------------------------------------------------------------------------


def search_index_sync_service(*, service_page_id: int) -> int:
    """Rewrite one service's search rows from the directory; returns how many rows it has now."""
    with transaction.atomic():
        old = ServiceSearchDocument.objects.filter(service_page_id=service_page_id)
        SearchTag.objects.filter(document__in=old).delete()
        old.delete()
        page = service_queryset().filter(pk=service_page_id).first()
        docs = documents_for_service(page) if page else []
        save_documents(docs)
    if settings.ELASTICSEARCH_URL:
        from .engines.elastic import ElasticsearchEngine

        try:
            ElasticsearchEngine().sync_service(service_page_id=service_page_id)
        except Exception:  # the table is right; Elasticsearch catches up at the next rebuild
            logger.exception("Elasticsearch sync failed for service %s", service_page_id)
    return len(docs)


def search_index_rebuild_database(*, batch_size: int = 200) -> int:
    with transaction.atomic():
        SearchTag.objects.all().delete()
        ServiceSearchDocument.objects.all().delete()
        saved = []
        ids = list(service_queryset().values_list("pk", flat=True).order_by("pk"))
        for i in range(0, len(ids), batch_size):
            docs = []
            for page in service_queryset().filter(pk__in=ids[i : i + batch_size]):
                docs.extend(documents_for_service(page))
            save_documents(docs, tags=False)
            saved.extend(docs)
        save_tags(saved)  # all at once, in index order
    return len(saved)


def search_index_rebuild(*, elasticsearch: bool | None = None) -> dict:
    """Rebuild the table, then (when configured) a fresh Elasticsearch index behind the alias."""
    report = {"documents": search_index_rebuild_database()}
    if elasticsearch is None:
        elasticsearch = bool(settings.ELASTICSEARCH_URL)
    if elasticsearch:
        from .engines.elastic import ElasticsearchEngine

        report["elasticsearch"] = ElasticsearchEngine().rebuild()
    return report


def unmet_search_record(*, intent, response) -> UnmetSearch | None:
    """Keep a search that asked for something specific and found nothing that fits (no free text)."""
    asked = intent.categories or intent.open or intent.needs_bed
    if not (response.message and asked):
        return None
    neighbourhood = ""
    if intent.near is not None:
        neighbourhood = neighbourhood_at(intent.near.lat, intent.near.lng)
    return UnmetSearch.objects.create(
        searched_at=timezone.now(),
        asked_for=intent.at,
        categories=",".join(intent.categories)[:255],
        open=intent.open or "",
        needs_bed=bool(intent.needs_bed),
        neighbourhood=neighbourhood,
    )
