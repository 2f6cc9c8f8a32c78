from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("account/2fa/setup/", views.two_factor_setup, name="2fa_setup"),
    path("account/2fa/verify/", views.two_factor_verify, name="2fa_verify"),
    path("account/sign-out/", views.sign_out, name="sign_out"),
    path("account/signed-out/", views.signed_out, name="signed_out"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/staff/<int:user_id>/disable/", views.staff_disable, name="staff_disable"),
    path("account/staff/<int:user_id>/enable/", views.staff_enable, name="staff_enable"),
    path("account/audit/", views.audit_search, name="audit_search"),
    path("account/audit/export.csv", views.audit_export, name="audit_export"),
    path("api/openapi.json", views.openapi_json, name="openapi"),
]
