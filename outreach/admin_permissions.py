"""Wagtail admin permission policy for outreach data: supervisors read, nobody edits there.

Encounters and people are written only through ``outreach.services`` (validation, idempotency,
audit); the audit log is append-only. So the admin offers supervisors "view" (list and inspect)
and nothing else; responders use the outreach pages, providers and moderators see nothing.
Registered in ``OutreachConfig.ready()`` (Wagtail 8 wants policies registered before viewsets).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from staff.models import Role

from .permissions import is_supervisor

READ_ACTIONS = frozenset({"view"})


class SupervisorReadOnlyPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action in READ_ACTIONS and is_supervisor(user)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if not READ_ACTIONS.intersection(actions):
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(
            Q(staff_profile__role=Role.SUPERVISOR)
            | Q(is_superuser=True, staff_profile__isnull=True)
        )


class SupervisorManagePolicy(SupervisorReadOnlyPolicy):
    """Supervisors keep the team shift calendar: add, change, delete and view; nobody else."""

    def user_has_permission(self, user, action):
        return action in {"add", "change", "delete", "view"} and is_supervisor(user)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission({"view"})
