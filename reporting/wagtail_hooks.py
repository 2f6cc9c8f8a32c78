"""The supervisor dashboard in the Wagtail admin menu (a supervisor's home)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from staff.admin_menu import RoleMenuItem
from staff.models import Role


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return RoleMenuItem(
        _("Supervisor dashboard"),
        reverse("reporting:index"),
        icon_name="view",
        order=10,
        roles=[Role.SUPERVISOR],
    )
