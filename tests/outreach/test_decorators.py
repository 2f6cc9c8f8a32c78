"""``outreach.decorators.page_for``: the guard shared by the outreach, referral and dashboard pages."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory, TestCase

from outreach.decorators import page_for
from outreach.permissions import can_use_outreach
from staff.models import Role
from tests.factories import TeamFactory, staff

MESSAGE = "Only for responders."


@page_for(can_use_outreach, MESSAGE)
def page(request, n):
    return HttpResponse(f"page {n}")


class PageForTests(TestCase):
    def get(self, user):
        request = RequestFactory().get("/outreach/thing/?tab=2")
        request.user = user
        return page(request, 7)

    def test_public_goes_to_login_and_back(self):
        response = self.get(AnonymousUser())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/admin/login/?next=/outreach/thing/%3Ftab%3D2")

    def test_other_roles_get_403_with_the_message(self):
        for role in (Role.PROVIDER, Role.MODERATOR):
            with self.subTest(role=role), self.assertRaisesMessage(PermissionDenied, MESSAGE):
                self.get(staff(role))

    def test_allowed_user_reaches_the_view_with_its_arguments(self):
        response = self.get(staff(Role.RESPONDER, team=TeamFactory()))
        self.assertEqual(response.content, b"page 7")
        self.assertEqual(page.__name__, "page")
