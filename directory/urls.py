from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("categories/<slug:code>/", views.category, name="category"),
    path("language/<str:code>/", views.language_switch, name="language"),
    path("list/", views.service_list, name="list"),
    path("services/<uuid:hsds_id>/", views.service_permalink, name="service"),
    path("services/<uuid:hsds_id>/report/", views.problem_report, name="report"),
    path("provider/", views.provider_home, name="provider"),
    path("provider/services/<int:pk>/", views.provider_service, name="provider_service"),
    path("provider/services/<int:pk>/capacity/", views.provider_capacity, name="provider_capacity"),
    path("provider/services/<int:pk>/today/", views.provider_today, name="provider_today"),
    path("provider/services/<int:pk>/confirm/", views.provider_confirm, name="provider_confirm"),
    path("provider/reports/<int:pk>/", views.provider_report, name="provider_report"),
]
