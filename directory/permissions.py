"""Who may do what in the directory (contracts §5), and the Wagtail permissions behind it.

- provider: one Django group per organization ("provider:<hsds id>") with ``add`` and ``change``
  (never ``publish``) on that organization's page, plus image/document permissions on that
  organization's own collection. Every page under the home page goes through the "Moderator
  approval" workflow, so a provider's edit waits for a moderator before it goes live.
- moderator: ``add``/``change``/``publish``/``lock``/``unlock`` on the home page (every
  organization) and on all collections; the approver of the workflow.
- Bed counts and "closed today" are not page content: :func:`can_update_service` decides them.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

ROLE_MODERATOR = "moderator"
ROLE_PROVIDER = "provider"
ROLE_RESPONDER = "responder"
ROLE_SUPERVISOR = "supervisor"
WORKFLOW_NAME = "Moderator approval"
PROVIDER_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
PROVIDER_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
MODERATOR_MEDIA_PERMISSIONS = PROVIDER_MEDIA_PERMISSIONS + (
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
)


def _perm(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _admin_access():
    return _perm("wagtailadmin", "access_admin")


def provider_group_name(organization):
    return f"provider:{organization.hsds_id}"


def _home_page():
    from directory.models import HomePage

    return HomePage.objects.first()


@transaction.atomic
def moderation_setup(*, home=None):
    """Idempotent: the role groups' admin access, moderator page rights and the workflow."""
    home = home or _home_page()
    moderator, _ = Group.objects.get_or_create(name=ROLE_MODERATOR)
    provider, _ = Group.objects.get_or_create(name=ROLE_PROVIDER)
    access = _admin_access()
    moderator.permissions.add(access)
    provider.permissions.add(access)
    root_collection = Collection.get_first_root_node()
    for app_label, codename in MODERATOR_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=moderator, collection=root_collection, permission=_perm(app_label, codename)
        )
    if home is None:
        return None
    for codename in MODERATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=moderator, page=home, permission=_perm("wagtailcore", codename)
        )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(moderator)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=Page.objects.get(pk=home.pk), defaults={"workflow": workflow})
    return workflow


def organization_collection(organization):
    """The organization's own image/document collection (created the first time)."""
    root = Collection.get_first_root_node()
    name = f"{organization.title} ({str(organization.hsds_id)[:8]})"[:255]
    existing = root.get_children().filter(name__endswith=f"({str(organization.hsds_id)[:8]})").first()
    if existing:
        return existing
    return root.add_child(instance=Collection(name=name))


@transaction.atomic
def organization_group(organization):
    """The per-organization provider group with its page and collection permissions."""
    group, _ = Group.objects.get_or_create(name=provider_group_name(organization))
    group.permissions.add(_admin_access())
    page = Page.objects.get(pk=organization.pk)
    for codename in PROVIDER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_perm("wagtailcore", codename))
    collection = organization_collection(organization)
    for app_label, codename in PROVIDER_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_perm(app_label, codename)
        )
    return group


@transaction.atomic
def provider_grant(user, organization):
    """Bind a provider account to one organization (and only that one)."""
    moderation_setup()
    group = organization_group(organization)
    provider_role, _ = Group.objects.get_or_create(name=ROLE_PROVIDER)
    for other in user.groups.filter(name__startswith="provider:").exclude(pk=group.pk):
        user.groups.remove(other)
    user.groups.add(group, provider_role)
    return group


# --- checks used by views ----------------------------------------------------------------------


def user_role(user):
    if not user.is_authenticated:
        return None
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        return profile.role
    if user.is_superuser:
        return ROLE_MODERATOR
    return None


def is_moderator(user):
    return user.is_authenticated and (user.is_superuser or user_role(user) == ROLE_MODERATOR)


def is_responder(user):
    return user_role(user) in {ROLE_RESPONDER, ROLE_SUPERVISOR}


def provider_organization(user):
    """The organization a provider account is bound to, or None."""
    if user_role(user) != ROLE_PROVIDER:
        return None
    return user.staff_profile.organization


def can_update_service(user, service):
    """Bed counts, closed today, "still accurate": the provider of that organization, or a moderator."""
    if is_moderator(user):
        return True
    organization = provider_organization(user)
    return organization is not None and service.organization_id == organization.pk


def services_user_may_update(user):
    from directory.models import ServicePage

    if is_moderator(user):
        return ServicePage.objects.all()
    organization = provider_organization(user)
    if organization is None:
        return ServicePage.objects.none()
    return ServicePage.objects.filter(organization=organization)
