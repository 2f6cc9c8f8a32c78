"""The one place a user's staff role is decided (contracts §5), for every app.

Roles come from ``StaffProfile.role``. A superuser without a profile counts as a supervisor (the
dashboard and the audit log are open to them); the directory gives superusers its moderator
rights on top through ``directory.permissions.is_moderator``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Role, StaffProfile


def staff_profile(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_staff_profile", False)
    if cached is not False:
        return cached
    profile = StaffProfile.objects.select_related("team").filter(user=user).first()
    user._staff_profile = profile
    return profile


def staff_role(user) -> str | None:
    """The user's role, "supervisor" for a superuser without a profile, None for everyone else."""
    profile = staff_profile(user)
    if profile is not None:
        return profile.role
    if (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_superuser
    ):
        return Role.SUPERVISOR
    return None


def staff_team(user):
    profile = staff_profile(user)
    return profile.team if profile is not None else None


# Where each role works: the page it lands on after signing in (URL names, so staff imports
# nothing above it). Responders log contacts, supervisors read the dashboard, providers keep their
# services and answer referrals (/provider/ links the inbox), moderators work the moderation queue.
ROLE_HOMES = {
    Role.RESPONDER: "outreach:index",
    Role.SUPERVISOR: "reporting:index",
    Role.PROVIDER: "directory:provider",
    Role.MODERATOR: "directory_reports:pending",
}

# What each role does here, said on the page that refuses it somewhere else (templates/403.html).
ROLE_WORK = {
    Role.RESPONDER: _("log contacts, screen, search the directory and refer people for your team."),
    Role.SUPERVISOR: _(
        "read the programme dashboard and every team's contacts, cases and referrals."
    ),
    Role.PROVIDER: _(
        "keep your organization's listings and beds up to date and answer its referrals."
    ),
    Role.MODERATOR: _("approve listing changes and handle problem reports for every organization."),
}


def staff_home_url(user) -> str | None:
    """The user's home page after sign-in, None for anyone without a staff role."""
    from django.urls import reverse

    role = staff_role(user)
    return reverse(ROLE_HOMES[role]) if role in ROLE_HOMES else None
