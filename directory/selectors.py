"""Read queries for the public directory, the provider screens and the moderator reports."""

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from directory import phones
from directory.categories import CATEGORIES, Category
from directory.hours import opening_status
from directory.labels import language_label
from directory.models import (
    Attribute,
    CapacityChange,
    Location,
    OrganizationPage,
    ProblemReport,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceClassification,
    ServicePage,
    TaxonomyTerm,
    TermMapping,
)
from directory.models.taxonomy import CATEGORY_TAXONOMY, POPULATION_TAXONOMY
from directory.permissions import is_moderator, provider_organization
from directory.service_facts import Place, ServiceFacts

# The order of the tiles on the home page: most urgent needs first.
CATEGORY_ORDER = [
    "emergency-shelter",
    "warming-center",
    "mental-health-crisis",
    "crisis-line",
    "detox",
    "access-line",
    "medication-treatment",
    "outpatient-treatment",
    "residential-treatment",
    "recovery-housing",
    "mental-health-walk-in",
    "harm-reduction",
    "food-pantry",
    "meals",
    "showers-laundry",
    "primary-care",
    "id-benefits",
    "youth-services",
    "domestic-violence",
    "veterans",
    "clothing",
    "baby-supplies",
    "legal-aid",
]


def _live_services():
    return ServicePage.objects.live().public()


def category_list():
    """Waypoint's categories that have at least one live service, with their counts, in tile order."""
    counts = (
        ServiceClassification.objects.filter(
            kind=ServiceClassification.Kind.CATEGORY, service__in=_live_services()
        )
        .values_list("code")
        .annotate(services=Count("service"))
    )
    order = {code: i for i, code in enumerate(CATEGORY_ORDER)}
    tiles = [Category.of(code, service_count=n) for code, n in counts if code in CATEGORIES]
    return sorted(tiles, key=lambda c: (order.get(c.code, len(order)), c.name))


def category_get(code):
    return Category.of(code) if code in CATEGORIES else None


def service_listing_queryset(*, detail=False):
    """Live services with what a result card (or, with ``detail``, a service page) shows, prefetched."""
    location_lookups = ["location__addresses", "location__schedules"]
    if detail:
        location_lookups += ["location__accessibility", "location__phones"]
    return (
        _live_services()
        .select_related("organization")
        .prefetch_related(
            "schedules",
            "closures",
            "phones",
            "languages",
            Prefetch("capacities", queryset=ServiceCapacity.objects.select_related("unit")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    *location_lookups
                ),
            ),
        )
    )


def category_services(category):
    # One classification row per service and code (a unique constraint): no duplicates to remove.
    return (
        service_listing_queryset()
        .filter(
            classifications__kind=ServiceClassification.Kind.CATEGORY,
            classifications__code=category.code,
        )
        .order_by("title")
    )


def organization_services(organization):
    return service_listing_queryset().filter(organization=organization).order_by("title")


def service_detail(service):
    """The same service again, with everything its page shows prefetched."""
    return (
        service_listing_queryset(detail=True)
        .prefetch_related(
            "required_documents",
            "cost_options",
            Prefetch(
                "attributes", queryset=Attribute.objects.select_related("taxonomy_term__taxonomy")
            ),
        )
        .filter(pk=service.pk)
        .first()
    ) or service


def services_by_hsds_ids(ids):
    clean = []
    for value in ids[:10]:
        try:
            import uuid

            clean.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return list(service_listing_queryset().filter(hsds_id__in=clean).order_by("title"))


def service_populations(service):
    return [
        a.taxonomy_term
        for a in service.attributes.all()
        if a.taxonomy_term.taxonomy and a.taxonomy_term.taxonomy.name == POPULATION_TAXONOMY
    ]


def bed_capacity(service):
    """The service's bed count (or its first capacity of any unit), from the prefetch cache."""
    capacities = list(service.capacities.all())
    for capacity in capacities:
        if capacity.unit.name == "bed":
            return capacity
    return capacities[0] if capacities else None


def bed_totals(service_ids) -> dict[str, int]:
    """Beds in all by HSDS service id (as text), for search cards, whose index keeps only the free
    count: summed over a service's bed counts as the index sums the free ones."""
    totals = {}
    rows = ServiceCapacity.objects.filter(
        service__hsds_id__in=[i for i in service_ids if i],
        unit__name__iregex=r"^\s*beds?\s*$",
        maximum__isnull=False,
    ).values_list("service__hsds_id", "maximum")
    for hsds_id, maximum in rows:
        totals[str(hsds_id)] = totals.get(str(hsds_id), 0) + maximum
    return totals


def service_locations(service):
    """Locations of the service (through service_at_location) in order, with their addresses."""
    locations = []
    for sal in service.service_at_locations.all():
        if sal.location not in locations:
            locations.append(sal.location)
    return locations


def service_facts(service, *, request=None, detail=False, now=None) -> ServiceFacts:
    """What a card (or, with ``detail``, a service page) shows about a service, from the prefetch
    cache of ``service_listing_queryset``; the text message links to the page on this site."""
    now = now or timezone.now()
    facts = ServiceFacts(service=service, now=now)
    facts.status = opening_status(service, now)
    facts.capacity = bed_capacity(service)
    if facts.capacity is not None:
        facts.capacity_stale = facts.capacity.is_stale(now)
    for location in service_locations(service):
        addresses = list(location.addresses.all())
        physical = [a for a in addresses if a.address_type == "physical"] or addresses
        facts.places.append(
            Place(
                name=location.name,
                address=str(physical[0]) if physical else "",
                lat=location.latitude,
                lng=location.longitude,
                transportation=location.transportation,
                accessibility=list(location.accessibility.all()) if detail else [],
            )
        )
    facts.phones = [p for p in service.phones.all() if p.number]
    facts.languages = [language_label(lang) for lang in service.languages.all()]
    today = timezone.localdate()
    facts.closed_today = next(
        (c for c in service.closures.all() if c.starts_on <= today <= c.ends_on), None
    )
    if detail:
        facts.documents = list(service.required_documents.all())
        facts.costs = list(service.cost_options.all())
        facts.populations = service_populations(service)
    url = service.get_url(request=request) or ""
    if request is not None and url.startswith("/"):
        url = request.build_absolute_uri(url)
    parts = [service.title]
    if service.organization_id:
        parts[0] = f"{service.title} ({service.organization.title})"
    if facts.phones:
        parts.append(phones.phone_text(facts.phones[0]))
    if facts.places and facts.places[0].address:
        parts.append(facts.places[0].address)
    parts.append(url)
    facts.sms_body = " – ".join(p for p in parts if p)
    return facts


# --- moderator reports -------------------------------------------------------------------------


def verify_cutoff(today=None):
    today = today or timezone.localdate()
    return today - timedelta(days=settings.LISTING_VERIFY_DAYS)


def stale_listing_list(*, organization=None):
    """Live services nobody has confirmed within LISTING_VERIFY_DAYS (or ever)."""
    qs = ServicePage.objects.live().filter(
        Q(assured_date__isnull=True) | Q(assured_date__lt=verify_cutoff())
    )
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.select_related("organization").order_by("assured_date", "title")


def beds_not_updated_today_list():
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        ServiceCapacity.objects.filter(updated__lt=start, service__live=True)
        .select_related("service", "service__organization", "unit", "updated_by")
        .order_by("updated")
    )


def _waiting_states():
    """The page's moderation request, if one is open (a page's workflow state keys it by text)."""
    return WorkflowState.objects.active().filter(
        base_content_type__app_label="wagtailcore", object_id=Cast(OuterRef("pk"), CharField())
    )


def pending_change_list():
    """Pages waiting in a moderation workflow, the longest waiting first, with who asked when."""
    waiting = _waiting_states()
    return (
        Page.objects.annotate(
            submitted_at=Subquery(waiting.values("created_at")[:1]),
            submitted_by=Subquery(waiting.values("requested_by__username")[:1]),
        )
        .filter(submitted_at__isnull=False)
        .specific()
        .order_by("submitted_at", "pk")
    )


def problem_report_list(*, user, status=ProblemReport.Status.OPEN):
    """Moderators see every report; a provider only those on its own organization's listings."""
    qs = ProblemReport.objects.select_related("service", "service__organization", "handled_by")
    if status:
        qs = qs.filter(status=status)
    if is_moderator(user):
        return qs
    organization = provider_organization(user)
    if organization is None:
        return qs.none()
    return qs.filter(service__organization=organization)


def capacity_change_list(*, capacity, limit=20):
    return CapacityChange.objects.filter(capacity=capacity).select_related("changed_by")[:limit]


def own_organization_choice_lists(*, organization) -> dict:
    """What a provider may link a row of its own listings to, by the field name the directory's
    records use: its organization's locations, itself, its services' places."""
    return {
        "location": Location.objects.filter(organization=organization),
        "organization": OrganizationPage.objects.filter(pk=organization.pk),
        "service_at_location": ServiceAtLocation.objects.filter(service__organization=organization),
    }


def location_queryset():
    return Location.objects.prefetch_related("addresses")


def has_open_reports_subquery():
    return Exists(ProblemReport.objects.open().filter(service=OuterRef("pk")))


def provider_chooser_page_list(pages, *, organization):
    """What a provider's page chooser may show: its organization's pages and the pages above them
    (the way down from the root), never another organization's, whose drafts it would title."""
    above = organization.get_ancestors().values("pk")
    return pages.filter(Q(path__startswith=organization.path) | Q(pk__in=above))


# --- category crosswalk ------------------------------------------------------------------------


def crosswalk_term_list():
    """Other taxonomies' terms that services use, with their mapping and service count.

    Terms with no Waypoint category come first, unless a moderator decided they have none.
    """
    needs_look = Q(mapping__isnull=True) | (
        Q(mapping__categories="") & ~Q(mapping__method=TermMapping.Method.MODERATOR)
    )
    return (
        TaxonomyTerm.objects.annotate(taxonomy_label=Coalesce("taxonomy__name", "taxonomy_name"))
        .exclude(taxonomy_label__in=[CATEGORY_TAXONOMY, POPULATION_TAXONOMY])
        .annotate(
            service_count=Count("attributes__service", distinct=True),
            needs_look=ExpressionWrapper(needs_look, output_field=BooleanField()),
        )
        .filter(service_count__gt=0)
        .select_related("taxonomy", "parent", "mapping")
        .order_by("-needs_look", "-service_count", "name")
    )


def crosswalk_taxonomy_names():
    return sorted(set(crosswalk_term_list().values_list("taxonomy_label", flat=True)) - {""})


def term_services(term):
    """Services tagged with the term, for the crosswalk's edit screen."""
    return ServicePage.objects.filter(attributes__taxonomy_term=term).distinct().order_by("title")
