"""django-axes in front of the model backend.

Every web sign-in (Wagtail admin login, Django login views) passes ``request`` and goes through
Axes' lock-out check. ``authenticate()`` without a request (management commands, the test
client's ``login()``) has no client to lock out: Axes would raise, so this backend steps aside
and the next backend decides as usual.
"""

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
