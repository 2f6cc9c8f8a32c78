"""Shared helpers for the security tests: verified sign-in with a real TOTP device."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import totp_device


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def verified_login(client, user):
    """force_login, then pass the real TOTP verify page (so the session is OTP-verified)."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
    response = client.post(
        "/account/2fa/verify/", {"token": current_code(device), "next": "/outreach/"}
    )
    assert response.status_code == 302, response.content[:500]
    return device
