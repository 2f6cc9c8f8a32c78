from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Assessment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import load_builtin_instruments

        # After every migrate (and every test database flush): the instruments shipped in
        # instruments/*.json are there, new versions added, stored ones never rewritten.
        post_migrate.connect(load_builtin_instruments, sender=self)
        from outreach.anonymise import registry

        from . import anonymise

        registry.register(anonymise.assessment_anonymise_persons)
        registry.register_everything(anonymise.assessment_anonymise_all)
