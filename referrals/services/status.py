"""``referral_transition``: the only way a status changes (the allowed moves are ``Referral.TRANSITIONS``).

The change is one conditional UPDATE (``WHERE status = <expected>``) inside ``transaction.atomic``
after a ``select_for_update`` where the database has it, so two people changing the same referral
at the same moment cannot both win: the loser gets ``ReferralConflict`` (HTTP 409).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from core.db import retry_when_locked
from staff.audit import audit_log
from staff.models import Role
from staff.roles import staff_role

from ..links import referral_link_resolve
from ..models import Outcome, Referral, ReferralEvent, ReferralStatus
from ..selectors import referral_get
from .create import LOCK_RETRIES
from .errors import ROLE_CANNOT, InvalidTransition, ReferralConflict
from .follow_ups import followups_after_transition
from .notify import referral_link_email_enqueue

INVALID_TRANSITION = "A referral that is %(current)s cannot become %(new)s."
CHANGED_MEANWHILE = "Someone else changed this referral at the same moment; reload and try again."
REASON_REQUIRED = "Give a reason for declining."
OUTCOME_REQUIRED = "Choose an outcome to close the referral."
UNKNOWN_STATUS = "Unknown status."

LINK_STATUSES = frozenset(
    {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.ARRIVED}
)
PROVIDER_STATUSES = frozenset(
    {
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.ARRIVED,
        ReferralStatus.CLOSED,
    }
)


def _check_role(*, user, referral_status_to: str, via: str):
    if via == ReferralEvent.Via.LINK:
        if referral_status_to not in LINK_STATUSES:
            raise PermissionDenied(ROLE_CANNOT)
        return
    role = staff_role(user)
    if role == Role.PROVIDER:
        if referral_status_to not in PROVIDER_STATUSES:
            raise PermissionDenied(ROLE_CANNOT)
    elif role not in (Role.RESPONDER, Role.SUPERVISOR):
        raise PermissionDenied(ROLE_CANNOT)


def _validate_fields(*, status, reason, outcome):
    if status not in ReferralStatus.values or status in (
        ReferralStatus.SENT,
        ReferralStatus.LOGGED,
    ):
        raise ValidationError({"status": [UNKNOWN_STATUS]})
    if status == ReferralStatus.DECLINED and not reason.strip():
        raise ValidationError({"reason": [REASON_REQUIRED]})
    if status == ReferralStatus.CLOSED and outcome not in Outcome.values:
        raise ValidationError({"outcome": [OUTCOME_REQUIRED]})


def referral_transition(
    *,
    user,
    referral: Referral | uuid.UUID | str,
    status: str,
    reason: str = "",
    outcome: str = "",
    outcome_note: str = "",
    via: str = ReferralEvent.Via.APP,
    request=None,
    at: datetime | None = None,
    _expected_nonce: str | None = None,
) -> Referral:
    """Move a referral to ``status`` if the lifecycle and the caller's role allow it.

    Raises ``InvalidTransition`` (not allowed from the current status), ``ReferralConflict``
    (changed by someone else meanwhile), ``ValidationError`` (missing reason/outcome),
    ``PermissionDenied`` (role), ``Referral.DoesNotExist`` (not visible to the caller).
    """
    reason, outcome = (reason or "").strip(), (outcome or "").strip()
    _validate_fields(status=status, reason=reason, outcome=outcome)
    _check_role(user=user, referral_status_to=status, via=via)
    referral_id = referral.pk if isinstance(referral, Referral) else referral
    return retry_when_locked(
        lambda: _transition_once(
            user=user,
            referral_id=referral_id,
            status=status,
            reason=reason,
            outcome=outcome,
            outcome_note=outcome_note,
            via=via,
            request=request,
            at=at,
            expected_nonce=_expected_nonce,
        ),
        attempts=LOCK_RETRIES,
        step=0.02,
    )


def _transition_once(
    *, user, referral_id, status, reason, outcome, outcome_note, via, request, at, expected_nonce
):
    if via != ReferralEvent.Via.LINK and referral_get(user=user, referral_id=referral_id) is None:
        raise Referral.DoesNotExist
    now = at or timezone.now()
    with transaction.atomic():
        qs = Referral.objects.filter(pk=referral_id)
        if connection.features.has_select_for_update:
            qs = qs.select_for_update()  # PostgreSQL: the second changer waits here, then re-reads
        current = qs.get()
        if not current.can_move_to(status):
            raise InvalidTransition(INVALID_TRANSITION % {"current": current.status, "new": status})
        changes = {"status": status, "status_changed_at": now}
        if status == ReferralStatus.ACCEPTED:
            changes["accepted_at"] = now
        elif status == ReferralStatus.ARRIVED:
            changes["arrived_at"] = now
        elif status in (ReferralStatus.CLOSED, ReferralStatus.DECLINED, ReferralStatus.CANCELLED):
            changes["closed_at"] = now
            changes["link_nonce"] = ""
        if reason:
            changes["reason"] = reason
        if status == ReferralStatus.CLOSED:
            changes["outcome"] = outcome
            changes["outcome_note"] = outcome_note.strip()
        guard = {"pk": referral_id, "status": current.status}
        if expected_nonce is not None:
            guard["link_nonce"] = expected_nonce
            changes["link_nonce"] = ""  # single use: the link dies with its first use
        # The conditional UPDATE: of two simultaneous changes only one can match (SQLite has no
        # row locks; this is what stops the second one there).
        if Referral.objects.filter(**guard).update(**changes) != 1:
            raise ReferralConflict(CHANGED_MEANWHILE)
        by_label = user.get_username() if user is not None else "provider link"
        ReferralEvent.objects.create(
            referral_id=referral_id,
            from_status=current.status,
            to_status=status,
            at=now,
            by=user,
            by_label=by_label,
            via=via,
            reason=reason,
            outcome=outcome,
        )
        followups_after_transition(referral=current, status=status, now=now, user=user)
        audit_log(
            user=user,
            action="referral_status",
            obj=current,
            request=request,
            detail=f"{current.status} → {status} via {via}"
            + (f"; reason: {reason}" if reason else "")
            + (f"; outcome: {outcome}" if outcome else ""),
        )
    return Referral.objects.select_related("person", "service", "organization", "consent").get(
        pk=referral_id
    )


def referral_link_transition(
    *, token: str, status: str, reason: str = "", request=None
) -> Referral | None:
    """Use a link once: returns the changed referral, or None for a bad, used or expired token."""
    referral = retry_when_locked(
        lambda: referral_link_resolve(token=token), attempts=LOCK_RETRIES, step=0.02
    )
    if referral is None:
        return None
    referral = referral_transition(
        user=None,
        referral=referral.pk,
        status=status,
        reason=reason,
        via=ReferralEvent.Via.LINK,
        request=request,
        _expected_nonce=referral.link_nonce,
    )
    if referral.status == ReferralStatus.ACCEPTED:
        # The next step (arrived) gets its own fresh link.
        transaction.on_commit(lambda: referral_link_email_enqueue(referral_id=referral.pk))
    return referral
