"""Security middleware: second factor for staff who can see personal data, and the CSP header."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse

# Pages and APIs that show persons, encounters or referrals (or the admin that can). Every rule
# here reads ``request.path_info``, the path Django routes on: ``request.path`` also carries the
# server's SCRIPT_NAME, which a proxy header can set, and would then match no prefix at all.
PROTECTED_PREFIXES = (
    "/outreach/",
    "/provider/",
    "/api/encounters",
    "/api/screenings",
    "/api/referrals",
    "/admin/",
    "/account/staff/",
    "/account/audit/",
)
# Reachable without the second factor: signing in and out, and enrolling the factor itself.
OPEN_PATHS = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/account/2fa/",
    "/account/sign-out",
)


def needs_second_factor(user) -> bool:
    """Every role that can see persons, encounters or referrals: responder, supervisor, provider, superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    from staff.roles import staff_role

    return staff_role(user) in {"responder", "supervisor", "provider"}


class SecondFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``: unverified staff go to TOTP setup or verify.

    Pages redirect; the JSON APIs answer 403 with the contracts §4 error shape. Controlled by the
    ``WAYPOINT_REQUIRE_2FA`` setting (on everywhere except the test settings, where tests that
    check it turn it on).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "WAYPOINT_REQUIRE_2FA", True) and self._blocked(request):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {
                        "error": {
                            "code": "second_factor_required",
                            "message": "Verify your sign-in with your authenticator app first.",
                            "fields": {},
                        }
                    },
                    status=403,
                )
            target = reverse("security:2fa_verify" if has_device else "security:2fa_setup")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _blocked(request) -> bool:
        path = request.path_info
        if not path.startswith(PROTECTED_PREFIXES) or path.startswith(OPEN_PATHS):
            return False
        user = getattr(request, "user", None)
        if user is None or not needs_second_factor(user):
            return False
        return not user.is_verified()


# Waypoint's own pages: scripts only from our origin, no inline script, no eval.
STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The Wagtail admin (a third-party UI) relies on inline scripts and styles; it is staff-only,
# behind the second factor, and still limited to our own origin.
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; frame-src 'self' https:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


class ContentSecurityPolicyMiddleware:
    """Sets Content-Security-Policy (strict everywhere except /admin/, see docs/security.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(("/admin/", "/django-admin/"))
            strict = getattr(settings, "WAYPOINT_CSP", STRICT_POLICY)
            response["Content-Security-Policy"] = ADMIN_POLICY if admin else strict
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response
