"""manage.py create_staff USERNAME --role ROLE [--organization HSDS_ID] [--team NAME] (contracts §3)."""

import os

from django.core.management.base import BaseCommand, CommandError

from staff.accounts import StaffError, staff_create_or_update
from staff.models import Role

PASSWORD_ENV = "WAYPOINT_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create or update a staff account. The password is read from the environment variable "
        f"{PASSWORD_ENV}. A provider account needs --organization."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--organization", metavar="HSDS_ORGANIZATION_ID", help="provider accounts only"
        )
        parser.add_argument(
            "--team", metavar="NAME", help="the team's name; created if it does not exist"
        )
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, organization=None, team=None, email="", **options):
        password = os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise CommandError(
                f"Set the password in the environment variable {PASSWORD_ENV}; nothing was changed."
            )
        try:
            result = staff_create_or_update(
                username,
                role=role,
                password=password,
                organization=organization,
                team=team,
                email=email,
            )
        except StaffError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        profile = result.profile
        where = []
        if profile.team_id:
            where.append(f"team {profile.team.name}")
        if profile.organization_id:
            where.append(
                f"organization {profile.organization.title} ({profile.organization.hsds_id})"
            )
        verb = "Created" if result.created else "Updated"
        suffix = f", {', '.join(where)}" if where else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} {role} {result.user.username}{suffix}."))
