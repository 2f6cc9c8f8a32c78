"""Read queries behind the HSDS API: public data only, filters AND-combined.

What is public (contracts §4, §5): published (``live``) service pages outside any private section
(Wagtail view restrictions), under a published organization. Inactive, defunct and temporarily
closed services are served with their ``status`` (HSDS has it for exactly this), so that a 211
syncing incrementally learns that a service closed. Drafts, unpublished services, and anything
from ``outreach`` never reach this module.

Every ``*_pks`` function returns the ordered primary keys of a listing (a lazy values-list, or a
list when the order is computed in Python, as for distance); every ``*_by_pks`` loads those rows
with everything their serializer reads. ``pagination.py`` puts the two together.
"""

from django.db.models import Prefetch, Q

from directory import models as d
from directory.hsds import serialize as hsds

from . import geo

MAX_SEARCH_WORDS = 10


# ---- what is public ---------------------------------------------------------------------------


def public_organizations():
    return d.OrganizationPage.objects.live().public()


def public_services():
    return d.ServicePage.objects.live().public().filter(organization__live=True)


def _search_words(text):
    return [word for word in (text or "").split() if word][:MAX_SEARCH_WORDS]


def _terms_q(prefix, *, taxonomy_term_id=None, taxonomy_id=None):
    """Services (``prefix`` leads to the service's pk) tagged with a term / any term of a taxonomy."""
    q = Q()
    if taxonomy_term_id is not None:
        q &= Q(
            **{
                f"{prefix}__in": d.Attribute.objects.filter(
                    taxonomy_term__hsds_id=taxonomy_term_id
                ).values("service_id")
            }
        )
    if taxonomy_id is not None:
        q &= Q(
            **{
                f"{prefix}__in": d.Attribute.objects.filter(
                    taxonomy_term__taxonomy__hsds_id=taxonomy_id
                ).values("service_id")
            }
        )
    return q


def _service_search_q(word, prefix=""):
    """One search word against a service's text, its organization's name and its terms' names."""
    tagged = d.Attribute.objects.filter(taxonomy_term__name__icontains=word).values("service_id")
    return (
        Q(**{f"{prefix}title__icontains": word})
        | Q(**{f"{prefix}alternate_name__icontains": word})
        | Q(**{f"{prefix}description__icontains": word})
        | Q(**{f"{prefix}organization__title__icontains": word})
        | Q(**{f"{prefix}pk__in": tagged})
    )


def filtered_services(
    *,
    search=None,
    taxonomy_term_id=None,
    taxonomy_id=None,
    organization_id=None,
    modified_after=None,
):
    """Public services matching every filter given (AND), as a queryset."""
    services = public_services()
    for word in _search_words(search):
        services = services.filter(_service_search_q(word))
    services = services.filter(
        _terms_q("pk", taxonomy_term_id=taxonomy_term_id, taxonomy_id=taxonomy_id)
    )
    if organization_id is not None:
        services = services.filter(organization__hsds_id=organization_id)
    if modified_after is not None:
        # The served last_modified, which every published change and bed count moves.
        services = services.filter(last_modified__gte=modified_after)
    return services


# ---- services ---------------------------------------------------------------------------------


def service_pks(**filters):
    return filtered_services(**filters).order_by("title", "pk").values_list("pk", flat=True)


def services_by_pks(pks, *, full):
    if full:
        return hsds.service_queryset().filter(pk__in=pks)
    # The list form reads the service's own fields and its organization's.
    return d.ServicePage.objects.select_related("organization").filter(pk__in=pks)


def service_minimal_rows(pks):
    """Plain rows for ``minimal=true`` (no model instances: a whole directory fits one page)."""
    return d.ServicePage.objects.filter(pk__in=pks).values(
        "pk", "hsds_id", "title", "status", "last_modified"
    )


def service_get(*, hsds_id):
    return (
        hsds.service_queryset()
        .filter(pk__in=public_services().values("pk"))
        .filter(hsds_id=hsds_id)
        .first()
    )


# ---- organizations ----------------------------------------------------------------------------


def organization_pks(*, search=None):
    organizations = public_organizations()
    for word in _search_words(search):
        organizations = organizations.filter(
            Q(title__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
        )
    return organizations.order_by("title", "pk").values_list("pk", flat=True)


def _public_services_prefetch(*, full_service):
    services = (
        hsds.service_queryset()
        if full_service
        else d.ServicePage.objects.select_related("organization")
    )
    services = services.filter(pk__in=public_services().values("pk")).order_by("title", "pk")
    return Prefetch("services", queryset=services, to_attr="public_services")


def organizations_by_pks(pks, *, full, with_services, full_service):
    organizations = hsds.organization_queryset() if full else d.OrganizationPage.objects.all()
    if with_services:
        organizations = organizations.prefetch_related(
            _public_services_prefetch(full_service=full_service)
        )
    return organizations.filter(pk__in=pks)


def organization_get(*, hsds_id, full_service):
    return (
        organizations_by_pks(
            public_organizations().values("pk"),
            full=True,
            with_services=True,
            full_service=full_service,
        )
        .filter(hsds_id=hsds_id)
        .first()
    )


# ---- service at locations ---------------------------------------------------------------------


def _postcode_q(zip5):
    """Covered by a postcode: the location's address is in it, or a service area names it or the
    whole city it belongs to ("Hartford", "City of Hartford, CT") with no narrower extent."""
    textual = ~Q(extent_type__in=["geojson", "topojson", "kml"])
    covers = Q(name__contains=zip5) | (Q(extent__contains=zip5) & textual)
    for name in geo.city_area_names(zip5):
        covers |= (Q(name__iexact=name) & Q(extent="")) | (Q(extent__iexact=name) & textual)
    areas = d.ServiceArea.objects.filter(covers).values("service_id")
    addresses = d.Address.objects.filter(postal_code__startswith=zip5).values("location_id")
    return Q(location_id__in=addresses) | Q(service_id__in=areas)


def filtered_service_at_locations(
    *,
    search=None,
    taxonomy_term_id=None,
    taxonomy_id=None,
    organization_id=None,
    modified_after=None,
    postcode=None,
    circle=None,
):
    services = filtered_services(
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
    )
    sals = d.ServiceAtLocation.objects.filter(service_id__in=services.values("pk"))
    for word in _search_words(search):
        sals = sals.filter(
            _service_search_q(word, prefix="service__")
            | Q(location__name__icontains=word)
            | Q(description__icontains=word)
        )
    if postcode is not None:
        sals = sals.filter(_postcode_q(postcode))
    if circle is not None:
        min_lat, max_lat, min_lng, max_lng = circle.bounding_box()
        sals = sals.filter(location__latitude__gte=min_lat, location__latitude__lte=max_lat)
        if min_lng is not None:
            sals = sals.filter(location__longitude__gte=min_lng, location__longitude__lte=max_lng)
    return sals


def service_at_location_pks(*, circle=None, **filters):
    """Ordered by service name; with a circle, by distance (exact, after the bounding-box prefilter)."""
    sals = filtered_service_at_locations(circle=circle, **filters)
    if circle is None:
        return sals.order_by("service__title", "location__name", "pk").values_list("pk", flat=True)
    rows = sals.values_list("pk", "location__latitude", "location__longitude")
    near = []
    for pk, lat, lng in rows:
        distance = circle.distance_m(lat, lng)
        if distance <= circle.radius_m:
            near.append((distance, pk))
    return [pk for _, pk in sorted(near)]


def service_at_locations_by_pks(pks, *, full):
    if full:
        return hsds.service_at_location_queryset().filter(pk__in=pks)
    return d.ServiceAtLocation.objects.select_related("location__organization", "service").filter(
        pk__in=pks
    )


def service_at_location_get(*, hsds_id):
    return (
        hsds.service_at_location_queryset()
        .filter(service_id__in=public_services().values("pk"), hsds_id=hsds_id)
        .first()
    )


def circle_for(*, postcode=None, lat=None, lng=None, radius_m):
    """The circle ``proximity`` asks for: around the given point, or the postcode's centroid."""
    if lat is not None:
        return geo.Circle(lat, lng, radius_m)
    centroid = geo.postcode_centroid(postcode)
    return geo.Circle(*centroid, radius_m) if centroid else None


# ---- taxonomies -------------------------------------------------------------------------------


def taxonomy_pks(*, search=None):
    taxonomies = d.Taxonomy.objects.all()
    for word in _search_words(search):
        taxonomies = taxonomies.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return taxonomies.order_by("name", "pk").values_list("pk", flat=True)


def taxonomies_by_pks(pks):
    return d.Taxonomy.objects.filter(pk__in=pks)


def taxonomy_get(*, hsds_id):
    return d.Taxonomy.objects.filter(hsds_id=hsds_id).first()


def taxonomy_term_pks(*, search=None, taxonomy_id=None, parent_id=None, top_only=False):
    terms = d.TaxonomyTerm.objects.all()
    for word in _search_words(search):
        terms = terms.filter(
            Q(name__icontains=word) | Q(code__icontains=word) | Q(description__icontains=word)
        )
    if taxonomy_id is not None:
        terms = terms.filter(taxonomy__hsds_id=taxonomy_id)
    if parent_id is not None:
        terms = terms.filter(parent_hsds_id=parent_id)
    if top_only:
        terms = terms.filter(parent_hsds_id__isnull=True)
    return terms.order_by("name", "pk").values_list("pk", flat=True)


def taxonomy_terms_by_pks(pks):
    return d.TaxonomyTerm.objects.select_related("taxonomy").filter(pk__in=pks)


def taxonomy_term_get(*, hsds_id):
    return d.TaxonomyTerm.objects.select_related("taxonomy").filter(hsds_id=hsds_id).first()
