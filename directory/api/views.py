"""HSDS 3.0 read API views: parse the parameters, ask a selector, render (contracts §4.1)."""

from dataclasses import dataclass
from functools import partial

from django.http import Http404
from django.urls import reverse

from directory.hsds import serialize as hsds
from directory.hsds.fields import to_json

from . import geo, selectors
from .document import HSDS_VERSION, PROFILE_URL, served_document
from .errors import (
    INVALID_PARAMETER,
    MESSAGE_INVALID,
    MESSAGE_NO_ENDPOINT,
    NOT_FOUND,
    ApiError,
    api_view,
    json_response,
)
from .pagination import (
    DEFAULT_PER_PAGE,
    DEFAULT_PER_PAGE_MINIMAL,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_PER_PAGE_MINIMAL,
    ndjson_response,
    page_response,
)
from .params import MESSAGE_UUID, QueryParams, parse_uuid

FORMATS = ("json", "ndjson")
MESSAGE_MINIMAL_AND_FULL = "Ask for minimal or full, not both."


@dataclass(frozen=True)
class Listing:
    page: int
    per_page: int
    format: str

    def respond(self, pks, *, fetch, serialize):
        if self.format == "ndjson":
            return ndjson_response(pks, fetch=fetch, serialize=serialize)
        return page_response(
            pks, page=self.page, per_page=self.per_page, fetch=fetch, serialize=serialize
        )


def _listing(params, *, minimal=False):
    high = MAX_PER_PAGE_MINIMAL if minimal else MAX_PER_PAGE
    return Listing(
        page=params.integer("page", default=1, low=1, high=MAX_PAGE),
        # A client asking for more than the maximum gets the maximum, as paging APIs do.
        per_page=params.integer(
            "per_page",
            default=DEFAULT_PER_PAGE_MINIMAL if minimal else DEFAULT_PER_PAGE,
            low=1,
            high=high,
            cap=True,
        ),
        format=params.choice("format", FORMATS, default="json"),
    )


def _path_uuid(value):
    parsed = parse_uuid(value)
    if parsed is None:
        raise ApiError(400, INVALID_PARAMETER, MESSAGE_INVALID, fields={"id": [MESSAGE_UUID]})
    return parsed


def _found(obj):
    if obj is None:
        raise Http404
    return obj


def _service_filters(params):
    return {
        "search": params.text("search"),
        "taxonomy_term_id": params.uuid("taxonomy_term_id"),
        "taxonomy_id": params.uuid("taxonomy_id"),
        "organization_id": params.uuid("organization_id"),
        "modified_after": params.datetime("modified_after"),
    }


# ---- meta -------------------------------------------------------------------------------------


@api_view
def index(request):
    return json_response(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def openapi(request):
    server_url = request.build_absolute_uri(reverse("hsds:index")).rstrip("/")
    return json_response(served_document(server_url=server_url))


@api_view
def not_found(request, path=""):
    raise ApiError(404, NOT_FOUND, MESSAGE_NO_ENDPOINT)


# ---- services ---------------------------------------------------------------------------------


def serialize_minimal_service(row):
    """``minimal=true``: the id and last_modified the document asks for, plus the two other
    properties (name, status) that its list schema requires, so each item still validates."""
    out = {"id": str(row["hsds_id"]), "name": row["title"], "status": row["status"]}
    last_modified = to_json(row["last_modified"], "datetime")
    if last_modified is not None:
        out["last_modified"] = last_modified
    return out


@api_view
def service_list(request):
    params = QueryParams(request.GET)
    filters = _service_filters(params)
    minimal = params.boolean("minimal")
    full = params.boolean("full")
    listing = _listing(params, minimal=minimal)
    if minimal and full:
        params.error("minimal", MESSAGE_MINIMAL_AND_FULL)
    params.check()
    pks = selectors.service_pks(**filters)
    if minimal:
        return listing.respond(
            pks, fetch=selectors.service_minimal_rows, serialize=serialize_minimal_service
        )
    return listing.respond(
        pks,
        fetch=partial(selectors.services_by_pks, full=full),
        serialize=partial(hsds.serialize_service, full=full),
    )


@api_view
def service_detail(request, hsds_id):
    service = _found(selectors.service_get(hsds_id=_path_uuid(hsds_id)))
    return json_response(hsds.serialize_service(service, full=True))


# ---- organizations ----------------------------------------------------------------------------


def serialize_organization(org, *, full, full_service):
    """An organization; ``services`` lists its public services (their ids and own fields, or in
    full with ``full_service``), without repeating the organization inside each."""
    out = hsds.serialize_organization(org, full=full)
    if full or full_service:
        out["services"] = [
            {
                k: v
                for k, v in hsds.serialize_service(service, full=full_service).items()
                if k != "organization"
            }
            for service in org.public_services
        ]
    return out


@api_view
def organization_list(request):
    params = QueryParams(request.GET)
    search = params.text("search")
    full = params.boolean("full")
    full_service = params.boolean("full_service")
    listing = _listing(params)
    params.check()
    with_services = full or full_service
    return listing.respond(
        selectors.organization_pks(search=search),
        fetch=partial(
            selectors.organizations_by_pks,
            full=full,
            with_services=with_services,
            full_service=full_service,
        ),
        serialize=partial(serialize_organization, full=full, full_service=full_service),
    )


@api_view
def organization_detail(request, hsds_id):
    params = QueryParams(request.GET)
    full_service = params.boolean("full_service")
    params.check()
    org = _found(selectors.organization_get(hsds_id=_path_uuid(hsds_id), full_service=full_service))
    return json_response(serialize_organization(org, full=True, full_service=full_service))


# ---- service at locations ---------------------------------------------------------------------


def _place_filters(params):
    """``postcode`` and ``proximity`` as the selector takes them: a postcode to cover, a circle."""
    postcode = None
    raw_postcode = params.text("postcode", max_length=20)
    if raw_postcode is not None:
        postcode = geo.normalize_postcode(raw_postcode)
        if postcode is None:
            params.error("postcode", geo.MESSAGE_POSTCODE)
    raw_proximity = params.text("proximity", max_length=100)
    if raw_proximity is None:
        return {"postcode": postcode, "circle": None}
    parsed = geo.parse_proximity(raw_proximity)
    if parsed is None:
        params.error("proximity", geo.MESSAGE_PROXIMITY)
        return {"postcode": postcode, "circle": None}
    lat, lng, radius_m = parsed
    if lat is not None:
        # A point of its own: the postcode, if any, still filters by coverage (AND).
        return {
            "postcode": postcode,
            "circle": selectors.circle_for(lat=lat, lng=lng, radius_m=radius_m),
        }
    if postcode is None:
        if raw_postcode is None:
            params.error("proximity", geo.MESSAGE_PROXIMITY_NEEDS_POINT)
        return {"postcode": None, "circle": None}
    # HSDS: "only show results within the proximity from the centroid of the postcode".
    circle = selectors.circle_for(postcode=postcode, radius_m=radius_m)
    if circle is None:
        params.error("postcode", geo.MESSAGE_POSTCODE_UNKNOWN)
    return {"postcode": None, "circle": circle}


@api_view
def service_at_location_list(request):
    params = QueryParams(request.GET)
    filters = {**_service_filters(params), **_place_filters(params)}
    full = params.boolean("full")
    listing = _listing(params)
    params.check()
    return listing.respond(
        selectors.service_at_location_pks(**filters),
        fetch=partial(selectors.service_at_locations_by_pks, full=full),
        serialize=partial(hsds.serialize_service_at_location, full=full),
    )


@api_view
def service_at_location_detail(request, hsds_id):
    sal = _found(selectors.service_at_location_get(hsds_id=_path_uuid(hsds_id)))
    return json_response(hsds.serialize_service_at_location(sal, full=True))


# ---- taxonomies -------------------------------------------------------------------------------


@api_view
def taxonomy_list(request):
    params = QueryParams(request.GET)
    search = params.text("search")
    listing = _listing(params)
    params.check()
    return listing.respond(
        selectors.taxonomy_pks(search=search),
        fetch=selectors.taxonomies_by_pks,
        serialize=hsds.serialize_taxonomy,
    )


@api_view
def taxonomy_detail(request, hsds_id):
    taxonomy = _found(selectors.taxonomy_get(hsds_id=_path_uuid(hsds_id)))
    return json_response(hsds.serialize_taxonomy(taxonomy))


@api_view
def taxonomy_term_list(request):
    params = QueryParams(request.GET)
    filters = {
        "search": params.text("search"),
        "taxonomy_id": params.uuid("taxonomy_id"),
        "parent_id": params.uuid("parent_id"),
        # "Only retrieve taxonomy terms that have not child terms": read as terms that are not
        # anyone's child, i.e. the top level of each taxonomy, as the parameter's name says.
        "top_only": params.boolean("top_only"),
    }
    listing = _listing(params)
    params.check()
    return listing.respond(
        selectors.taxonomy_term_pks(**filters),
        fetch=selectors.taxonomy_terms_by_pks,
        serialize=hsds.serialize_taxonomy_term,
    )


@api_view
def taxonomy_term_detail(request, hsds_id):
    term = _found(selectors.taxonomy_term_get(hsds_id=_path_uuid(hsds_id)))
    return json_response(hsds.serialize_taxonomy_term(term))
