"""A Wagtail admin menu item shown only to some staff roles (each app registers its own)."""

from wagtail.admin.menu import MenuItem

from .roles import staff_role


class RoleMenuItem(MenuItem):
    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = frozenset(roles)

    def is_shown(self, request):
        return staff_role(request.user) in self.roles
