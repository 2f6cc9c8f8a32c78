"""``/api/hsds/``: every path of the HSDS 3.0 OpenAPI document (trailing slash optional)."""

from django.urls import path, re_path

from . import views

app_name = "hsds"

ID = r"(?P<hsds_id>[^/]+)"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.service_list, name="service_list"),
    re_path(rf"^services/{ID}/?$", views.service_detail, name="service_detail"),
    re_path(r"^organizations/?$", views.organization_list, name="organization_list"),
    re_path(rf"^organizations/{ID}/?$", views.organization_detail, name="organization_detail"),
    re_path(
        r"^service_at_locations/?$", views.service_at_location_list, name="service_at_location_list"
    ),
    re_path(
        rf"^service_at_locations/{ID}/?$",
        views.service_at_location_detail,
        name="service_at_location_detail",
    ),
    re_path(r"^taxonomies/?$", views.taxonomy_list, name="taxonomy_list"),
    re_path(rf"^taxonomies/{ID}/?$", views.taxonomy_detail, name="taxonomy_detail"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_term_list, name="taxonomy_term_list"),
    re_path(rf"^taxonomy_terms/{ID}/?$", views.taxonomy_term_detail, name="taxonomy_term_detail"),
    # Anything else under /api/hsds/ is a JSON 404, not the site's HTML one.
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
