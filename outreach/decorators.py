"""The one page guard of the outreach, referral and dashboard pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def page_for(allowed, message):
    """Decorator for staff pages: the public goes to the login page (back here afterwards); a
    signed-in user for whom ``allowed(user)`` is false gets 403 with ``message``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
