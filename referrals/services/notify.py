"""Emailing the provider its link: the email itself is the ``send_referral_link`` task."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from staff.audit import audit_log
from staff.models import Role
from staff.roles import staff_role

from ..links import NOT_LIVE
from ..models import Referral, ReferralMode
from ..selectors import provider_emails, referral_get
from ..tasks import send_referral_link
from .errors import ROLE_CANNOT

NO_PROVIDER_EMAIL = "The provider has no email address on file."


def referral_link_email_enqueue(*, referral_id) -> None:
    send_referral_link.enqueue(str(referral_id))


def referral_link_send(*, user, referral: Referral, request=None) -> None:
    """Email the provider a fresh link (through the django-tasks queue)."""
    if (
        referral_get(user=user, referral_id=referral.pk) is None
        or staff_role(user) == Role.PROVIDER
    ):
        raise PermissionDenied(ROLE_CANNOT)
    if referral.mode != ReferralMode.LIVE:
        raise ValidationError(NOT_LIVE)
    if not provider_emails(referral):
        raise ValidationError(NO_PROVIDER_EMAIL)
    audit_log(
        user=user,
        action="referral_link",
        obj=referral,
        request=request,
        detail="link emailed to provider",
    )
    transaction.on_commit(lambda: referral_link_email_enqueue(referral_id=referral.pk))
