from django.urls import path

from . import views

app_name = "search"

api_urlpatterns = [path("api/search", views.api_search, name="api")]
page_urlpatterns = [path("search/", views.search_page, name="page")]
urlpatterns = api_urlpatterns + page_urlpatterns
