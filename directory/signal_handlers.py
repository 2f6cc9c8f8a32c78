"""Directory signal receivers (connected in DirectoryConfig.ready)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from directory.models import HomePage, OrganizationPage, ServicePage


@receiver(post_save, sender=HomePage, dispatch_uid="directory_home_moderation_setup")
def home_page_moderation_setup(sender, instance, created, raw=False, **kwargs):
    """When the site's home page appears, give it the moderation workflow and moderator rights."""
    if created and not raw:
        from directory.permissions import moderation_setup

        moderation_setup(home=instance)


@receiver(
    page_published, sender=ServicePage, dispatch_uid="directory_service_published_last_modified"
)
def service_published(sender, instance, **kwargs):
    """A published edit is a change an aggregator syncing by last_modified must see."""
    ServicePage.touch(instance, at=instance.last_published_at)


@receiver(
    page_published,
    sender=OrganizationPage,
    dispatch_uid="directory_organization_published_last_modified",
)
def organization_published(sender, instance, **kwargs):
    """The organization (and its locations) is part of each of its services' records."""
    ServicePage.touch(
        ServicePage.objects.filter(organization=instance), at=instance.last_published_at
    )
