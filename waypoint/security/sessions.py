"""Ending a user's sessions: "sign out everywhere" and the lost-phone case (issue 9)."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone


def sessions_of(user) -> list[Session]:
    """Every unexpired database session signed in as ``user``."""
    wanted = str(user.pk)
    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        try:
            data = session.get_decoded()
        except Exception:  # a session we cannot decode cannot sign anybody in
            continue
        if str(data.get(SESSION_KEY, "")) == wanted:
            found.append(session)
    return found


def end_sessions(user) -> int:
    """Delete every session of ``user`` (all devices). Returns how many were ended."""
    keys = [s.session_key for s in sessions_of(user)]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def disable_account(user, *, by=None, reason: str = "") -> int:
    """Lost phone / left the team: the account can no longer sign in and every session ends now.

    Also removes the account's second-factor devices, so a found phone's authenticator is useless
    and re-enabling the account means enrolling a new device. Written to the audit log.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from staff.audit import audit_log
    from staff.models import AuditEvent

    user.is_active = False
    user.save(update_fields=["is_active"])
    TOTPDevice.objects.filter(user=user).delete()
    ended = end_sessions(user)
    audit_log(
        user=by,
        action=AuditEvent.Action.OTHER,
        obj=user,
        detail=f"account disabled, {ended} session(s) ended" + (f": {reason}" if reason else ""),
    )
    return ended


@transaction.atomic
def enable_account(user, *, by=None, reason: str = "") -> bool:
    """Undo ``disable_account``: the account may sign in again with its password.

    The second factor is *not* given back: the devices were deleted at disable time, and any that
    appeared since are deleted too, so the person must enrol a new authenticator at the next
    sign-in. Failed-sign-in lock-outs for the username are cleared. Written to the audit log.
    Returns False (and changes nothing) when the account was already active.
    """
    from axes.utils import reset as axes_reset
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from staff.audit import audit_log
    from staff.models import AuditEvent

    if user.is_active:
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    devices = TOTPDevice.objects.filter(user=user).delete()[0]
    axes_reset(username=user.get_username())
    audit_log(
        user=by,
        action=AuditEvent.Action.OTHER,
        obj=user,
        detail="account re-enabled, must enrol a new authenticator"
        + (f", {devices} leftover device(s) removed" if devices else "")
        + (f": {reason}" if reason else ""),
    )
    return True
