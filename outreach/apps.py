from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from staff.models import AuditEvent, ShiftAssignment

        from . import signal_handlers  # noqa: F401
        from .admin_permissions import SupervisorManagePolicy, SupervisorReadOnlyPolicy
        from .models import Encounter, Person

        for model in (Person, Encounter, AuditEvent):
            register_permission_policy(model, SupervisorReadOnlyPolicy(model))
        register_permission_policy(ShiftAssignment, SupervisorManagePolicy(ShiftAssignment))
