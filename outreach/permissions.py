"""Who may do what in the outreach log (contracts §5).

Roles are resolved by ``staff.roles``. Responders see their own team's people and encounters,
supervisors see everything, moderators, providers and the public see none of it. Scoping
querysets live in ``selectors.py`` (``persons_visible_to``, ``encounters_visible_to``).
"""

from __future__ import annotations

from staff.models import Role
from staff.roles import staff_role

OUTREACH_ROLES = frozenset({Role.RESPONDER, Role.SUPERVISOR})


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
