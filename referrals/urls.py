"""URLs of warm-handoff referrals (pages, provider inbox, no-login link, and /api/referrals §4.4)."""

from django.urls import path

from . import api, views

app_name = "referrals"

urlpatterns = [
    path("outreach/referrals/new/", views.referral_new, name="add"),
    path("outreach/referrals/open/", views.open_loops, name="index"),
    path("outreach/referrals/<uuid:referral_id>/", views.referral_detail, name="detail"),
    path(
        "outreach/referrals/<uuid:referral_id>/status/", views.referral_status_view, name="status"
    ),
    path(
        "outreach/referrals/<uuid:referral_id>/send-link/",
        views.referral_send_link,
        name="send_link",
    ),
    path("outreach/referrals/<uuid:referral_id>/slip/", views.referral_slip, name="slip"),
    path("outreach/today/", views.today, name="today"),
    path("outreach/follow-ups/<int:follow_up_id>/done/", views.followup_done, name="followup_done"),
    path("provider/referrals/", views.provider_inbox, name="provider_inbox"),
    path("provider/referrals/<uuid:referral_id>/", views.provider_referral, name="provider_detail"),
    path("r/<str:token>/", views.provider_link, name="link"),
    path("api/referrals", api.referral_collection, name="api_referrals"),
    path("api/referrals/<str:referral_id>", api.referral_detail, name="api_referral_detail"),
    path("api/referrals/<str:referral_id>/status", api.referral_status, name="api_referral_status"),
]
