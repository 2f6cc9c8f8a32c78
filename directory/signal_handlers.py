"""Directory signal receivers (connected in DirectoryConfig.ready)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from directory.models import HomePage


@receiver(post_save, sender=HomePage, dispatch_uid="directory_home_moderation_setup")
def home_page_moderation_setup(sender, instance, created, raw=False, **kwargs):
    """When the site's home page appears, give it the moderation workflow and moderator rights."""
    if created and not raw:
        from directory.permissions import moderation_setup

        moderation_setup(home=instance)
