"""Staff: teams, accounts with a role, shifts, and a second-factor (TOTP) device."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.accounts import staff_create_or_update
from staff.models import Role, ShiftAssignment, StaffProfile, Team

from .directory import OrganizationPageFactory

__all__ = [
    "PASSWORD",
    "ShiftAssignmentFactory",
    "StaffProfileFactory",
    "TeamFactory",
    "UserFactory",
    "staff",
    "staff_for_every_role",
    "totp_device",
]

PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"CRT Unit {n}")

    class Meta:
        model = Team
        django_get_or_create = ("name",)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class StaffProfileFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    role = Role.RESPONDER
    team = factory.SubFactory(TeamFactory)

    class Meta:
        model = StaffProfile


def staff(role=Role.RESPONDER, *, team=None, username=None, organization=None):
    """A user with a StaffProfile of this role (a responder or supervisor gets a team)."""
    kwargs = {}
    if username:
        kwargs["user__username"] = username
    if role == Role.PROVIDER:
        kwargs["organization"] = organization or OrganizationPageFactory()
        kwargs["team"] = None
    elif role == Role.MODERATOR:
        kwargs["team"] = None
    elif team is not None:
        kwargs["team"] = team
    return StaffProfileFactory(role=role, **kwargs).user


class ShiftAssignmentFactory(factory.django.DjangoModelFactory):
    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=4))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=4))

    class Meta:
        model = ShiftAssignment


def totp_device(user, *, confirmed=True):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)


def staff_for_every_role(*, organization, suffix, team="North") -> dict:
    """One account per role, made as ``create_staff`` makes them (role groups, admin sign-in, the
    provider bound to ``organization``), named ``<role>.<suffix>``."""
    return {
        role: staff_create_or_update(
            f"{role}.{suffix}",
            role=role,
            password=PASSWORD,
            team=team if role in (Role.RESPONDER, Role.SUPERVISOR) else None,
            organization=organization if role == Role.PROVIDER else None,
        ).user
        for role in Role.values
    }
