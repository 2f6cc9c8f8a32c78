"""Admin wiring for the directory: moderator reports, the category crosswalk, the provider's
quick-update link, log actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from directory import crosswalk, moderation, reports, selectors
from directory.permissions import is_moderator, provider_organization
from staff.admin_menu import RoleMenuItem
from staff.models import Role


def _report_urls():
    pairs = [
        ("stale", reports.StaleListingsReportView),
        ("pending", reports.PendingChangesReportView),
        ("beds", reports.BedsNotUpdatedReportView),
        ("problems", reports.ProblemReportsView),
    ]
    urls = [path("pending/<int:pk>/", moderation.ChangeReviewView.as_view(), name="review")]
    for name, view in pairs:
        urls.append(path(f"{name}/", view.as_view(), name=name))
        urls.append(
            path(f"{name}/results/", view.as_view(results_only=True), name=f"{name}_results")
        )
    return urls


@hooks.register("register_admin_urls")
def register_directory_report_urls():
    return [
        path(
            "directory-reports/",
            include((_report_urls(), "directory_reports"), namespace="directory_reports"),
        )
    ]


@hooks.register("register_admin_urls")
def register_crosswalk_urls():
    urls = [
        path("", crosswalk.CrosswalkView.as_view(), name="index"),
        path("results/", crosswalk.CrosswalkView.as_view(results_only=True), name="index_results"),
        path("<int:pk>/", crosswalk.TermMappingEditView.as_view(), name="edit"),
    ]
    return [path("category-crosswalk/", include((urls, "crosswalk"), namespace="crosswalk"))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user) or provider_organization(request.user) is not None


@hooks.register("register_reports_menu_item")
def register_stale_report():
    return ModeratorMenuItem(
        _("Listings to verify"), reverse("directory_reports:stale"), icon_name="time", order=50
    )


@hooks.register("register_reports_menu_item")
def register_pending_report():
    return ModeratorMenuItem(
        _("Changes waiting for a moderator"),
        reverse("directory_reports:pending"),
        icon_name="tasks",
        order=51,
    )


@hooks.register("register_reports_menu_item")
def register_beds_report():
    return ModeratorMenuItem(
        _("Bed counts not updated today"),
        reverse("directory_reports:beds"),
        icon_name="warning",
        order=52,
    )


@hooks.register("register_reports_menu_item")
def register_problem_report():
    return StaffMenuItem(
        _("Problem reports"), reverse("directory_reports:problems"), icon_name="warning", order=53
    )


@hooks.register("register_admin_menu_item")
def register_quick_update_menu_item():
    return StaffMenuItem(
        _("Beds and today"), reverse("directory:provider"), icon_name="pick", order=150
    )


@hooks.register("register_admin_menu_item")
def register_moderation_queue_menu_item():
    """A moderator's home: the provider edits waiting for approval."""
    return RoleMenuItem(
        _("Moderation queue"),
        reverse("directory_reports:pending"),
        icon_name="tasks",
        order=10,
        roles=[Role.MODERATOR],
    )


@hooks.register("register_admin_menu_item")
def register_crosswalk_menu_item():
    return ModeratorMenuItem(
        _("Category crosswalk"), reverse("crosswalk:index"), icon_name="tag", order=160
    )


# The editor's main button, the only one a phone shows without "…": what each role came to do.
MAIN_ACTIONS = ("approve", "action-submit")


@hooks.register("construct_page_action_menu")
def main_action_first(menu_items, request, context):
    """A moderator opening a change waiting for review gets Approve as the main button; a provider
    (who cannot publish) gets Submit for moderation, not Save draft."""
    for name in MAIN_ACTIONS:
        for index, item in enumerate(menu_items):
            if getattr(item, "name", None) == name and not getattr(item, "launch_modal", False):
                menu_items.insert(0, menu_items.pop(index))
                return


@hooks.register("construct_help_menu")
def hide_wagtail_release_notes(request, menu_items):
    """Wagtail's release notes are for developers, and their label is fixed in the language of
    the first request; the editor guide and shortcuts stay."""
    menu_items[:] = [i for i in menu_items if not i.name.startswith("whats-new-in-wagtail")]


@hooks.register("register_log_actions")
def register_directory_log_actions(actions):
    actions.register_action(
        "directory.listing_confirm", _("Confirm listing"), _("Confirmed still accurate")
    )


@hooks.register("construct_page_chooser_queryset")
def confine_provider_page_chooser(pages, request):
    """A provider's page chooser (browse and search) lists only its own organization's pages, and
    the pages above them; ``directory.choosers`` holds the parent and chosen pages to the same.

    Wagtail lets any editor link to any page, and the chooser shows each page's latest *draft*
    title; a provider must not learn another organization's drafts that way.
    """
    organization = provider_organization(request.user)
    if organization is None:
        return pages
    return selectors.provider_chooser_page_list(pages, organization=organization)
