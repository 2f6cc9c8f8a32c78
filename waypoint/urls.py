from django.conf import settings
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.urls import reports as wagtailadmin_reports_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.spreadsheets import formula_safe_urls
from directory.choosers import ConfinedBrowseView, ConfinedChosenMultipleView
from waypoint.security.signin import StaffLoginView, admin_home
from waypoint.security.views import sign_out


class FaviconRedirect(RedirectView):
    """Browsers and bookmark apps ask for /favicon.ico whatever the page says; the static URL is
    read per request, so a hashed name from the manifest is found after collectstatic."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static_url("img/favicon.svg")


urlpatterns = [
    path("favicon.ico", FaviconRedirect.as_view()),
    # Wagtail's "Log out" posts here: ours also clears the offline client's cached pages.
    path("admin/logout/", sign_out, name="admin_sign_out"),
    # Wagtail's own reports (site history, aging pages, …) export page titles that providers type.
    *formula_safe_urls("admin/reports/", wagtailadmin_reports_urls.urlpatterns),
    # The page chooser's parent and chosen pages, held to what its listing may show.
    path("admin/choose-page/<int:parent_page_id>/", ConfinedBrowseView.as_view()),
    path("admin/choose-page/chosen-multiple/", ConfinedChosenMultipleView.as_view()),
    # Signing in lands each role on its own home (staff.roles.ROLE_HOMES).
    path("admin/login/", StaffLoginView.as_view()),
    path("admin/", admin_home),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/hsds/", include("directory.api.urls")),
    path(
        "", include("waypoint.security.urls")
    ),  # 2FA, sign out everywhere, audit search, /api/openapi.json
    path("", include("search.urls")),  # GET /api/search and /search/ (contracts §4.2)
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include("directory.urls"))]
urlpatterns += [path("outreach/dashboard/", include("reporting.urls"))]
urlpatterns += [path("", include("outreach.urls"))]
urlpatterns += [path("", include("assessment.urls"))]  # contracts §4.5
urlpatterns += [path("", include("referrals.urls"))]  # contracts §4.4
urlpatterns += [path("", include("cases.urls"))]  # contracts §4.6
urlpatterns += [path("", include(wagtail_urls))]

# A database that is down or restarting answers 503 with Retry-After, not 500 (core/errors.py).
handler500 = "core.errors.server_error"
