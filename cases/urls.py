"""URLs of cases: caseload, case page, plan, safety plan, and GET /api/cases (contracts §4.6)."""

from django.urls import path

from . import api, views

app_name = "cases"

urlpatterns = [
    path("outreach/cases/", views.caseload, name="index"),
    path("outreach/cases/open/", views.case_open, name="add"),
    path("outreach/cases/handover/", views.handover, name="handover"),
    path("outreach/cases/<uuid:case_id>/", views.case_detail, name="detail"),
    path("outreach/cases/<uuid:case_id>/plan/", views.plan_add, name="plan_add"),
    path(
        "outreach/cases/<uuid:case_id>/steps/<int:step_id>/done/", views.step_done, name="step_done"
    ),
    path("outreach/cases/<uuid:case_id>/status/", views.case_status, name="status"),
    path("outreach/cases/<uuid:case_id>/assign/", views.case_assign, name="assign"),
    path("outreach/cases/<uuid:case_id>/notes/", views.note_add, name="note_add"),
    path("outreach/cases/<uuid:case_id>/safety-plan/", views.safety_plan, name="safety_plan"),
    path(
        "outreach/cases/<uuid:case_id>/safety-plan/edit/",
        views.safety_plan_edit,
        name="safety_plan_edit",
    ),
    path(
        "outreach/cases/<uuid:case_id>/safety-plan/consent/",
        views.safety_plan_consent,
        name="safety_plan_consent",
    ),
    path(
        "outreach/cases/follow-ups/<int:follow_up_id>/done/",
        views.followup_done,
        name="followup_done",
    ),
    path("api/cases", api.case_collection, name="api_cases"),
]
