"""Who may do what in the directory (contracts §5), and the Wagtail permissions behind it.

- provider: one Django group per organization ("provider:<hsds id>") with ``add`` and ``change``
  (never ``publish``) on that organization's page, plus image/document permissions on that
  organization's own collection. Every page under the home page goes through the "Moderator
  approval" workflow, so a provider's edit waits for a moderator before it goes live.
- moderator: ``add``/``change``/``publish``/``lock``/``unlock`` on the home page (every
  organization) and on all collections; the approver of the workflow.
- Bed counts and "closed today" are not page content: :func:`can_update_service` decides them.
"""

import uuid

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

from staff.accounts import StaffError
from staff.models import Role
from staff.roles import staff_profile, staff_role

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
    moderator, _ = Group.objects.get_or_create(name=Role.MODERATOR)
    provider, _ = Group.objects.get_or_create(name=Role.PROVIDER)
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
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(
        page=Page.objects.get(pk=home.pk), defaults={"workflow": workflow}
    )
    return workflow


def organization_collection(organization):
    """The organization's own image/document collection (created the first time)."""
    root = Collection.get_first_root_node()
    name = f"{organization.title} ({str(organization.hsds_id)[:8]})"[:255]
    existing = (
        root.get_children().filter(name__endswith=f"({str(organization.hsds_id)[:8]})").first()
    )
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
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_perm("wagtailcore", codename)
        )
    collection = organization_collection(organization)
    for app_label, codename in PROVIDER_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_perm(app_label, codename)
        )
    return group


def organization_for_staff(hsds_id):
    """The OrganizationPage with this HSDS id, or StaffError (``create_staff --organization``)."""
    from directory.models import OrganizationPage

    try:
        key = uuid.UUID(str(hsds_id))
    except ValueError:
        raise StaffError(f"{hsds_id!r} is not an HSDS organization id (a UUID).") from None
    organization = OrganizationPage.objects.filter(hsds_id=key).first()
    if organization is None:
        raise StaffError(f"No organization with HSDS id {key}.")
    return organization


@transaction.atomic
def provider_grant(user, organization):
    """Bind a provider account to one organization (and only that one)."""
    moderation_setup()
    group = organization_group(organization)
    provider_role, _ = Group.objects.get_or_create(name=Role.PROVIDER)
    for other in user.groups.filter(name__startswith="provider:").exclude(pk=group.pk):
        user.groups.remove(other)
    user.groups.add(group, provider_role)
    return group


# --- checks used by views ----------------------------------------------------------------------


def is_moderator(user):
    return user.is_authenticated and (user.is_superuser or staff_role(user) == Role.MODERATOR)


def is_responder(user):
    return staff_role(user) in {Role.RESPONDER, Role.SUPERVISOR}


def provider_organization(user):
    """The organization a provider account is bound to, or None."""
    if staff_role(user) != Role.PROVIDER:
        return None
    return staff_profile(user).organization


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
