"""The signed, expiring, single-use link for providers not on Waypoint (no login).

A leaf of the app: services and tasks both import it, it imports neither."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare

from .models import Referral, ReferralMode, ReferralStatus

NOT_LIVE = "Only a live referral goes to the provider."
LINK_SALT = "waypoint.referrals.provider-link.v1"


def link_max_age() -> int:
    return int(getattr(settings, "REFERRAL_LINK_MAX_AGE", 72 * 3600))


def _signer():
    return signing.TimestampSigner(salt=LINK_SALT)


def referral_link_token(*, referral: Referral) -> str:
    """A fresh single-purpose token for this referral; any earlier token stops working."""
    if referral.mode != ReferralMode.LIVE:
        raise ValidationError(NOT_LIVE)
    nonce = secrets.token_urlsafe(24)
    Referral.objects.filter(pk=referral.pk).update(link_nonce=nonce)
    referral.link_nonce = nonce
    return _signer().sign_object({"r": str(referral.pk), "n": nonce})


def _link_payload(token: str):
    try:
        payload = _signer().unsign_object(token, max_age=link_max_age())
    except (
        signing.BadSignature,
        ValueError,
        TypeError,
        UnicodeDecodeError,
    ):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(payload, dict) or not payload.get("r") or not payload.get("n"):
        return None
    return payload


def referral_link_resolve(*, token: str) -> Referral | None:
    """The referral a valid, unused, unexpired token stands for; None otherwise (show nothing)."""
    payload = _link_payload(token)
    if payload is None:
        return None
    try:
        rid = uuid.UUID(str(payload["r"]))
    except ValueError:
        return None
    referral = (
        Referral.objects.select_related("service", "person", "consent", "organization")
        .filter(
            pk=rid,
            mode=ReferralMode.LIVE,
            status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
        )
        .first()
    )
    if (
        referral is None
        or not referral.link_nonce
        or not constant_time_compare(referral.link_nonce, payload["n"])
    ):
        return None
    return referral
