"""Signing in lands each role on its own home (``staff.roles.ROLE_HOMES``), not on Wagtail's
dashboard: responders on the quick log, supervisors on the dashboard, providers on their
services, moderators on the moderation queue. The second factor still comes first: the middleware
sends staff who need one to verify it, then on to the same page."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import LoginView
from wagtail.admin.views.home import HomeView

from staff.models import Role
from staff.roles import staff_home_url, staff_role


class StaffLoginView(LoginView):
    """Wagtail's sign-in form (/admin/login/, and the public footer's "Staff sign in")."""

    def get_success_url(self):
        asked = self.get_redirect_url()
        if asked and asked != reverse("wagtailadmin_home"):
            return asked  # a page the user was sent away from: back there
        return staff_home_url(self.request.user) or reverse("wagtailadmin_home")


@require_admin_access
def admin_home(request):
    """/admin/: a responder has nothing in the admin, so the bookmark the README used to give
    goes to the quick log; the roles that use the admin keep Wagtail's dashboard."""
    if staff_role(request.user) == Role.RESPONDER:
        return redirect(staff_home_url(request.user))
    return HomeView.as_view()(request)
