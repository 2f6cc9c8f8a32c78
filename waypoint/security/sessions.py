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

    from outreach.audit import audit_log
    from outreach.models import AuditEvent

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
