from django.urls import path

from . import api, views

app_name = "outreach"

urlpatterns = [
    path("outreach/", views.quick_log, name="index"),
    path("outreach/people/", views.person_list, name="person_list"),
    path("outreach/people/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("outreach/people/<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("outreach/people/<uuid:person_id>/merge/", views.person_merge_view, name="person_merge"),
    path("outreach/merges/<int:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path(
        "outreach/encounters/<uuid:encounter_id>/", views.encounter_detail, name="encounter_detail"
    ),
    path(
        "outreach/encounters/<uuid:encounter_id>/undo/",
        views.encounter_undo_view,
        name="encounter_undo",
    ),
    path("outreach/directory/", views.directory_page, name="directory"),
    path("outreach/directory.json", api.directory_json, name="directory_json"),
    path("outreach/csrf.json", api.csrf_token, name="csrf"),
    path("outreach/manifest.webmanifest", views.manifest, name="manifest"),
    path("outreach/sw.js", views.service_worker, name="service_worker"),
    path("api/encounters", api.encounter_collection, name="api_encounters"),
    path("api/encounters/<str:encounter_id>", api.encounter_detail, name="api_encounter_detail"),
]
