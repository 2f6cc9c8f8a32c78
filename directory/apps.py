from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from directory import signal_handlers  # noqa: F401  (moderation setup for the home page)
        from directory.permissions import moderation_setup, organization_for_staff, provider_grant
        from staff.accounts import organization_hooks_register

        organization_hooks_register(
            get=organization_for_staff,
            provider_grant=provider_grant,
            moderation_setup=moderation_setup,
        )
