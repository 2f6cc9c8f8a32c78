from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("hmis.csv", views.hmis_csv, name="hmis_csv"),
    path("encounters-deidentified.csv", views.deidentified_csv, name="deidentified_csv"),
]
