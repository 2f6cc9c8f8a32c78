"""Staff accounts: one user, one StaffProfile, one role group (contracts §3 ``create_staff``, §5 roles).

Every role is also a Django group of the same name. Each role group carries
``wagtailadmin.access_admin`` so staff can sign in at /admin/; what they may do there is decided
elsewhere (providers and moderators: ``directory.permissions``; responders and supervisors only
see the outreach screens). Finding an organization, binding a provider to its pages and a
moderator's page rights are the directory's: it registers them with
:func:`organization_hooks_register` from its ``AppConfig.ready``, so staff imports nothing above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role, StaffProfile, Team

PROVIDER_GROUP_PREFIX = "provider:"


class StaffError(ValueError):
    """Input that cannot become a staff account; nothing has been written."""


@dataclass(frozen=True)
class StaffResult:
    user: object
    profile: StaffProfile
    created: bool


@dataclass(frozen=True)
class OrganizationHooks:
    get: Callable  # an HSDS organization id -> its OrganizationPage; raises StaffError
    provider_grant: Callable  # (user, organization)
    moderation_setup: Callable  # ()


_organization_hooks: OrganizationHooks | None = None


def organization_hooks_register(*, get, provider_grant, moderation_setup):
    global _organization_hooks
    _organization_hooks = OrganizationHooks(
        get=get, provider_grant=provider_grant, moderation_setup=moderation_setup
    )


def organization_get(hsds_id):
    """The organization with this HSDS id, or StaffError."""
    if _organization_hooks is None:
        raise StaffError("No directory app is installed to find organizations in.")
    return _organization_hooks.get(hsds_id)


def role_group(role: str) -> Group:
    """The Django group named after the role, with admin sign-in (created if missing)."""
    group, _ = Group.objects.get_or_create(name=role)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        group.permissions.add(access)
    return group


def role_groups_ensure() -> dict[str, Group]:
    return {role.value: role_group(role.value) for role in Role}


@transaction.atomic
def staff_create_or_update(
    username: str,
    *,
    role: str,
    password: str,
    organization=None,
    team: str | Team | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> StaffResult:
    """Create the account or bring an existing one to exactly this role, team and organization.

    ``organization`` is an OrganizationPage (or its HSDS id); a provider needs one and only a
    provider may have one. Raises StaffError before writing anything when the input is wrong.
    """
    username = (username or "").strip()
    if not username:
        raise StaffError("A username is required.")
    if role not in Role.values:
        raise StaffError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    if not password:
        raise StaffError("A password is required.")
    if organization is not None and not hasattr(organization, "hsds_id"):
        organization = organization_get(organization)
    if role == Role.PROVIDER and organization is None:
        raise StaffError(
            "A provider account needs an organization (--organization HSDS_ORGANIZATION_ID)."
        )
    if role != Role.PROVIDER and organization is not None:
        raise StaffError("Only provider accounts belong to an organization.")

    if isinstance(team, str):
        team = team.strip()
        team = Team.objects.get_or_create(name=team)[0] if team else None

    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_active = True
    for field, value in (("email", email), ("first_name", first_name), ("last_name", last_name)):
        if value:
            setattr(user, field, value)
    user.save()

    profile, _ = StaffProfile.objects.update_or_create(
        user=user, defaults={"role": role, "team": team, "organization": organization}
    )

    groups = role_groups_ensure()
    user.groups.remove(*[group for name, group in groups.items() if name != role])
    if role != Role.PROVIDER:
        user.groups.remove(*user.groups.filter(name__startswith=PROVIDER_GROUP_PREFIX))
    user.groups.add(groups[role])
    if _organization_hooks is not None and role == Role.PROVIDER:
        _organization_hooks.provider_grant(user, organization)
    elif _organization_hooks is not None and role == Role.MODERATOR:
        _organization_hooks.moderation_setup()
    return StaffResult(user=user, profile=profile, created=created)
