from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Staff sign-in (second factor, lock-out, sessions), security headers, audit search, OpenAPI."""

    name = "waypoint.security"
    label = "waypoint_security"
    verbose_name = "Waypoint security"
