from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outreach.anonymise import registry

        from . import anonymise

        registry.register(anonymise.anonymise_for_persons)
        registry.register_everything(anonymise.anonymise_everything)
