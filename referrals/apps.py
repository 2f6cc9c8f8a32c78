from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outreach.anonymise import registry

        from . import anonymise

        registry.register(anonymise.anonymise_persons_referrals)
        registry.register_everything(anonymise.anonymise_referrals)
        registry.register_retention(
            recent_persons=anonymise.persons_referred_since,
            expired=anonymise.anonymise_expired_referrals,
        )
