"""Who may do what in the outreach log (contracts §5).

Roles come from ``StaffProfile.role``. Responders see their own team's people and encounters,
supervisors see everything, moderators, providers and the public see none of it. A superuser
counts as a supervisor. Scoping querysets live in ``selectors.py`` (``persons_visible_to``,
``encounters_visible_to``) and are re-exported here.
"""

from __future__ import annotations

from .models import Role

OUTREACH_ROLES = frozenset({Role.RESPONDER, Role.SUPERVISOR})


def staff_profile(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_outreach_profile", False)
    if cached is not False:
        return cached
    from .models import StaffProfile

    profile = StaffProfile.objects.select_related("team").filter(user=user).first()
    user._outreach_profile = profile
    return profile


def staff_role(user) -> str | None:
    """The user's role, "supervisor" for a superuser without a profile, None for everyone else."""
    profile = staff_profile(user)
    if profile is not None:
        return profile.role
    if user is not None and getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser:
        return Role.SUPERVISOR
    return None


def staff_team(user):
    profile = staff_profile(user)
    return profile.team if profile is not None else None


def can_use_outreach(user) -> bool:
    """Responders and supervisors: may log encounters and read (their share of) people."""
    return staff_role(user) in OUTREACH_ROLES


def is_supervisor(user) -> bool:
    return staff_role(user) == Role.SUPERVISOR


def can_log_encounters(user) -> bool:
    return can_use_outreach(user)


def can_merge_persons(user) -> bool:
    """Any outreach user may merge two records they can both see; only supervisors undo."""
    return can_use_outreach(user)


def can_undo_merge(user) -> bool:
    return is_supervisor(user)


def can_view_audit_log(user) -> bool:
    return is_supervisor(user)


def __getattr__(name):
    # persons_visible_to / encounters_visible_to are defined with the other read queries.
    if name in {"persons_visible_to", "encounters_visible_to"}:
        from . import selectors

        return getattr(selectors, name)
    if name == "audit_log":
        from .audit import audit_log

        return audit_log
    raise AttributeError(name)
