"""manage.py create_staff (contracts §3) and the roles' groups (contracts §5)."""

import os
import uuid
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from staff.accounts import StaffError, staff_create_or_update
from staff.models import Role, StaffProfile, Team
from tests.factories import OrganizationPageFactory

User = get_user_model()


def set_env(test, name, value):
    """Set (or with None, unset) an environment variable for the duration of one test."""
    old = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value

    def restore():
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old

    test.addCleanup(restore)


def create_staff(*args, **kwargs):
    out = StringIO()
    call_command("create_staff", *args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


class CreateStaffTests(TestCase):
    def setUp(self):
        set_env(self, "WAYPOINT_PASSWORD", "correct horse battery")

    def test_every_role_gets_its_group_profile_and_admin_access(self):
        organization = OrganizationPageFactory()
        for role in Role.values:
            with self.subTest(role=role):
                extra = (
                    ["--organization", str(organization.hsds_id)] if role == Role.PROVIDER else []
                )
                output = create_staff(f"staff-{role}", "--role", role, *extra)
                user = User.objects.get(username=f"staff-{role}")
                self.assertIn(f"Created {role} staff-{role}", output)
                self.assertEqual(user.staff_profile.role, role)
                self.assertTrue(user.check_password("correct horse battery"))
                self.assertTrue(user.groups.filter(name=role).exists())
                self.assertTrue(user.has_perm("wagtailadmin.access_admin"))
                self.assertTrue(
                    Group.objects.get(name=role)
                    .permissions.filter(codename="access_admin")
                    .exists()
                )
        self.assertEqual(StaffProfile.objects.count(), len(Role.values))

    def test_responder_joins_the_named_team_which_is_created_if_missing(self):
        create_staff("ana", "--role", "responder", "--team", "North Team")
        profile = User.objects.get(username="ana").staff_profile
        self.assertEqual(profile.team.name, "North Team")
        self.assertIsNone(profile.organization)
        create_staff("ben", "--role", "responder", "--team", "North Team")
        self.assertEqual(Team.objects.filter(name="North Team").count(), 1)

    def test_provider_is_bound_to_its_organization(self):
        organization = OrganizationPageFactory(title="Riverbend (demo)")
        output = create_staff(
            "river", "--role", "provider", "--organization", str(organization.hsds_id)
        )
        user = User.objects.get(username="river")
        self.assertEqual(user.staff_profile.organization, organization)
        self.assertIn(str(organization.hsds_id), output)
        self.assertTrue(user.groups.filter(name="provider").exists())
        # directory.permissions.provider_grant (the hook) adds the per-organization group.
        self.assertTrue(user.groups.filter(name=f"provider:{organization.hsds_id}").exists())

    def test_provider_without_organization_is_refused_and_nothing_is_written(self):
        with self.assertRaisesMessage(CommandError, "needs an organization"):
            create_staff("nobody", "--role", "provider")
        self.assertFalse(User.objects.filter(username="nobody").exists())
        self.assertFalse(StaffProfile.objects.exists())
        self.assertFalse(Team.objects.exists())

    def test_unknown_or_malformed_organization_is_refused(self):
        with self.assertRaisesMessage(CommandError, "No organization with HSDS id"):
            create_staff("ghost", "--role", "provider", "--organization", str(uuid.uuid4()))
        with self.assertRaisesMessage(CommandError, "not an HSDS organization id"):
            create_staff("ghost", "--role", "provider", "--organization", "riverbend")
        self.assertFalse(User.objects.filter(username="ghost").exists())

    def test_only_providers_take_an_organization(self):
        organization = OrganizationPageFactory()
        with self.assertRaisesMessage(CommandError, "Only provider accounts"):
            create_staff("sam", "--role", "supervisor", "--organization", str(organization.hsds_id))
        self.assertFalse(User.objects.filter(username="sam").exists())

    def test_missing_password_is_a_clear_error(self):
        set_env(self, "WAYPOINT_PASSWORD", None)
        with self.assertRaisesMessage(CommandError, "WAYPOINT_PASSWORD"):
            create_staff("ana", "--role", "responder")
        self.assertFalse(User.objects.exists())

    def test_unknown_role_is_refused_by_the_parser(self):
        with self.assertRaises(CommandError):
            create_staff("ana", "--role", "admin")
        self.assertFalse(User.objects.exists())

    def test_rerun_updates_the_same_account(self):
        organization = OrganizationPageFactory()
        create_staff("kim", "--role", "provider", "--organization", str(organization.hsds_id))
        set_env(self, "WAYPOINT_PASSWORD", "a new password")
        output = create_staff("kim", "--role", "responder", "--team", "South Team")

        self.assertIn("Updated responder kim", output)
        self.assertEqual(User.objects.filter(username="kim").count(), 1)
        self.assertEqual(StaffProfile.objects.count(), 1)
        user = User.objects.get(username="kim")
        self.assertEqual(user.staff_profile.role, Role.RESPONDER)
        self.assertIsNone(user.staff_profile.organization)
        self.assertEqual(user.staff_profile.team.name, "South Team")
        self.assertTrue(user.check_password("a new password"))
        self.assertEqual(
            sorted(user.groups.values_list("name", flat=True)),
            ["responder"],
            "old role groups are removed",
        )


class StaffCreateOrUpdateTests(TestCase):
    def test_refuses_before_writing(self):
        with self.assertRaises(StaffError):
            staff_create_or_update("x", role="provider", password="pw")
        with self.assertRaises(StaffError):
            staff_create_or_update("x", role="responder", password="")
        with self.assertRaises(StaffError):
            staff_create_or_update("", role="responder", password="pw")
        self.assertFalse(User.objects.exists())

    def test_accepts_an_organization_id(self):
        organization = OrganizationPageFactory()
        result = staff_create_or_update(
            "p", role="provider", password="pw", organization=str(organization.hsds_id)
        )
        self.assertTrue(result.created)
        self.assertEqual(result.profile.organization, organization)
