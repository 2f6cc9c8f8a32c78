from django.urls import path

from . import api, views

app_name = "assessment"

# Under /outreach/: the offline client's service worker scope (the pages are cached like the
# quick log) and the second-factor guard of every outreach page.
urlpatterns = [
    path("outreach/screenings/new/", views.screening_new, name="screening_new"),
    path(
        "outreach/screenings/<uuid:screening_id>/",
        views.screening_detail,
        name="screening_detail",
    ),
    path("outreach/assessments/new/", views.assessment_new, name="assessment_new"),
    path(
        "outreach/assessments/<uuid:assessment_id>/",
        views.assessment_detail,
        name="assessment_detail",
    ),
    path("api/screenings", api.screening_collection, name="api_screenings"),
    path("api/screenings/<str:screening_id>", api.screening_detail, name="api_screening_detail"),
    path("api/assessments", api.assessment_collection, name="api_assessments"),
    path(
        "api/assessments/<str:assessment_id>", api.assessment_detail, name="api_assessment_detail"
    ),
]
