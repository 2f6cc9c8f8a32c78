from django.test import TestCase
from django.urls import reverse

from staff.accounts import staff_create_or_update
from staff.models import Role, ShiftAssignment


def staff(role, *, username, team=None):
    """A staff account made the way create_staff makes it (role group, admin access)."""
    return staff_create_or_update(
        username, role=role, password="not-a-real-password-1", team=team
    ).user


class ShiftCalendarAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.responder = staff(Role.RESPONDER, team="North", username="resp")
        cls.team = cls.responder.staff_profile.team
        cls.supervisor = staff(Role.SUPERVISOR, username="sup")
        cls.provider_org_staff = staff(Role.MODERATOR, username="mod")

    def test_supervisor_adds_a_shift_that_follow_ups_can_use(self):
        self.client.force_login(self.supervisor)
        response = self.client.post(
            reverse("outreach_shift:add"),
            {
                "team": self.team.pk,
                "user": self.responder.pk,
                "starts_at": "2026-11-23 19:00",
                "ends_at": "2026-11-24 07:00",
            },
        )
        self.assertRedirects(
            response, reverse("outreach_shift:index"), fetch_redirect_response=False
        )
        shift = ShiftAssignment.objects.get()
        self.assertEqual((shift.team, shift.user), (self.team, self.responder))

    def test_a_shift_that_ends_before_it_starts_is_refused(self):
        self.client.force_login(self.supervisor)
        self.client.post(
            reverse("outreach_shift:add"),
            {
                "team": self.team.pk,
                "user": self.responder.pk,
                "starts_at": "2026-11-24 07:00",
                "ends_at": "2026-11-23 19:00",
            },
        )
        self.assertFalse(ShiftAssignment.objects.exists())

    def test_responders_and_moderators_cannot_edit_the_calendar(self):
        for user in (self.responder, self.provider_org_staff):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(
                    reverse("outreach_shift:add"),
                    {
                        "team": self.team.pk,
                        "user": user.pk,
                        "starts_at": "2026-11-23 19:00",
                        "ends_at": "2026-11-24 07:00",
                    },
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertFalse(ShiftAssignment.objects.exists())
