"""Does listing slow down page after page? Build many services fast, then time every page.

``build_services`` writes N published services (each with a location, address, service-at-location,
two taxonomy attributes, a phone, a language and a schedule) with bulk inserts: creating 10,000
Wagtail pages one by one through the page tree would take many minutes. ``walk_pages`` then asks
for every page of a listing through the whole Django stack (middleware included) and records the
wall time and query count of each. ``manage.py bench_hsds_api`` runs both inside a transaction
that it rolls back, so the database is left as it was.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from directory import models as d
from directory.phones import to_e164

BATCH = 500
BENCH_TAXONOMY = "waypoint-bench"
MODIFIED = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PageTiming:
    page: int
    seconds: float
    queries: int
    size: int


def _home():
    home = d.HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=d.HomePage(title="Waypoint", slug="waypoint-home")
        )
    return home


def _insert_service_rows(services):
    """ServicePage's own table only: its Page rows already exist (``bulk_create`` refuses
    multi-table inheritance, and ``save()`` would reindex every page)."""
    fields = d.ServicePage._meta.local_concrete_fields
    for start in range(0, len(services), BATCH):
        d.ServicePage._base_manager._insert(
            services[start : start + BATCH], fields=fields, using=connection.alias
        )


def build_services(count, *, organizations=20, prefix="bench"):
    """``count`` published services spread over ``organizations`` new organization pages."""
    home = _home()
    run = uuid.uuid4().hex[:8]
    orgs = [
        home.add_child(
            instance=d.OrganizationPage(
                title=f"Bench Organization {i:03d}",
                slug=f"{prefix}-{run}-org-{i}",
                description="Benchmark data.",
            )
        )
        for i in range(organizations)
    ]
    taxonomy, _ = d.Taxonomy.objects.get_or_create(
        name=BENCH_TAXONOMY, defaults={"description": "Benchmark terms"}
    )
    terms = [
        d.TaxonomyTerm.objects.get_or_create(
            taxonomy=taxonomy,
            code=f"bench-{i}",
            defaults={"name": f"Bench {i}", "description": "x"},
        )[0]
        for i in range(5)
    ]
    content_type = ContentType.objects.get_for_model(d.ServicePage)
    now = timezone.now()

    pages, services, owner = [], [], []
    per_org = [0] * organizations
    for n in range(count):
        org = orgs[n % organizations]
        per_org[n % organizations] += 1
        slug = f"{prefix}-{run}-service-{n}"
        pages.append(
            Page(
                path=Page._get_path(org.path, org.depth + 1, per_org[n % organizations]),
                depth=org.depth + 1,
                numchild=0,
                locale_id=org.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                title=f"Bench Service {n:05d}",
                draft_title=f"Bench Service {n:05d}",
                slug=slug,
                content_type=content_type,
                url_path=f"{org.url_path}{slug}/",
                seo_title="",
                search_description="",
            )
        )
        owner.append(org)
    Page.objects.bulk_create(pages, batch_size=BATCH)
    for org, children in zip(orgs, per_org):
        Page.objects.filter(pk=org.pk).update(numchild=children)
    for page, org in zip(pages, owner):
        services.append(
            d.ServicePage(
                page_ptr_id=page.pk,
                hsds_id=uuid.uuid4(),
                description=f"Benchmark service {page.title}.",
                status=d.ServicePage.Status.ACTIVE,
                last_modified=MODIFIED,
                organization_id=org.pk,
            )
        )
    _insert_service_rows(services)

    locations = d.Location.objects.bulk_create(
        [
            d.Location(
                organization_id=org.pk,
                name=f"Site {i}",
                latitude=41.70 + (i % 100) / 1000,
                longitude=-72.70 + (i % 77) / 1000,
            )
            for i, org in enumerate(owner)
        ],
        batch_size=BATCH,
    )
    d.Address.objects.bulk_create(
        [
            d.Address(
                location=loc,
                address_1=f"{i} Main St",
                city="Hartford",
                state_province="CT",
                postal_code="06106",
            )
            for i, loc in enumerate(locations)
        ],
        batch_size=BATCH,
    )
    d.ServiceAtLocation.objects.bulk_create(
        [d.ServiceAtLocation(service_id=s.pk, location=loc) for s, loc in zip(services, locations)],
        batch_size=BATCH,
    )
    d.Attribute.objects.bulk_create(
        [
            d.Attribute(
                service_id=s.pk,
                taxonomy_term=terms[(i + k) % len(terms)],
                link_entity="service",
                link_id=s.hsds_id,
            )
            for i, s in enumerate(services)
            for k in range(2)
        ],
        batch_size=BATCH,
    )
    d.Phone.objects.bulk_create(
        [
            d.Phone(
                service_id=s.pk,
                number=f"860-555-{i % 10000:04d}",
                e164=to_e164(f"860-555-{i % 10000:04d}"),
            )
            for i, s in enumerate(services)
        ],
        batch_size=BATCH,
    )
    d.Language.objects.bulk_create(
        [d.Language(service_id=s.pk, name="Spanish", code="es") for s in services], batch_size=BATCH
    )
    d.Schedule.objects.bulk_create(
        [
            d.Schedule(
                service_id=s.pk,
                freq="WEEKLY",
                byday="MO,TU,WE,TH,FR",
                opens_at="09:00",
                closes_at="17:00",
            )
            for s in services
        ],
        batch_size=BATCH,
    )
    return orgs


def _host():
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


def get_page(client, path, page, *, per_page, params=None):
    query = {**(params or {}), "page": page, "per_page": per_page}
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path, query)
        body = response.json()
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} page {page}: {response.status_code} {body}")
    return PageTiming(page=page, seconds=seconds, queries=len(queries), size=body["size"]), body


def walk_pages(path="/api/hsds/services", *, per_page=50, params=None):
    """Every page of a listing, in order: a ``PageTiming`` each."""
    client = Client(HTTP_HOST=_host())
    first, body = get_page(client, path, 1, per_page=per_page, params=params)
    timings = [first]
    for page in range(2, body["total_pages"] + 1):
        timings.append(get_page(client, path, page, per_page=per_page, params=params)[0])
    return timings
