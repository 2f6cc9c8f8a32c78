"""URLs of warm-handoff referrals (pages, provider inbox, no-login link, and /api/referrals §4.4)."""

from django.urls import path

from . import referral_api, referral_views

app_name = "referrals"

urlpatterns = [
    path("outreach/referrals/new/", referral_views.referral_new, name="add"),
    path("outreach/referrals/open/", referral_views.open_loops, name="index"),
    path("outreach/referrals/<uuid:referral_id>/", referral_views.referral_detail, name="detail"),
    path("outreach/referrals/<uuid:referral_id>/status/", referral_views.referral_status_view, name="status"),
    path("outreach/referrals/<uuid:referral_id>/send-link/", referral_views.referral_send_link, name="send_link"),
    path("outreach/referrals/<uuid:referral_id>/slip/", referral_views.referral_slip, name="slip"),
    path("outreach/today/", referral_views.today, name="today"),
    path("outreach/follow-ups/<int:follow_up_id>/done/", referral_views.followup_done, name="followup_done"),
    path("provider/referrals/", referral_views.provider_inbox, name="provider_inbox"),
    path("provider/referrals/<uuid:referral_id>/", referral_views.provider_referral, name="provider_detail"),
    path("r/<str:token>/", referral_views.provider_link, name="link"),
    path("api/referrals", referral_api.referral_collection, name="api_referrals"),
    path("api/referrals/<str:referral_id>", referral_api.referral_detail, name="api_referral_detail"),
    path("api/referrals/<str:referral_id>/status", referral_api.referral_status, name="api_referral_status"),
]
