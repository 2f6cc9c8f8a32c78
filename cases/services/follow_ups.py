"""Follow-ups: made (for referrals too) and completed here, since every one belongs to a case."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from staff.audit import audit_log

from ..models import FollowUp, PlanStep
from ..selectors import case_get
from .cases import _check
from .errors import ROLE_CANNOT


def followups_create(*, rows: list[dict]) -> list[FollowUp]:
    """Store follow-ups given as field dicts (each naming its ``case``) in one INSERT."""
    return FollowUp.objects.bulk_create([FollowUp(**row) for row in rows])


def followups_cancel(*, queryset, at, note: str) -> int:
    """Settle open follow-ups that are no longer needed (the referral arrived, closed, …)."""
    return queryset.open().update(cancelled_at=at, note=note)


def followup_complete(*, user, follow_up: FollowUp, note: str = "", request=None) -> FollowUp:
    _check(user)
    if case_get(user=user, case_id=follow_up.case_id) is None:
        raise PermissionDenied(ROLE_CANNOT)
    now = timezone.now()
    updated = (
        FollowUp.objects.open()
        .filter(pk=follow_up.pk)
        .update(done_at=now, done_by=user, note=note.strip())
    )
    if updated:
        if follow_up.plan_step_id:
            PlanStep.objects.open().filter(pk=follow_up.plan_step_id).update(
                done_at=now, done_by=user
            )
        audit_log(
            user=user,
            action="follow_up_done",
            obj=follow_up.referral or follow_up.case,
            request=request,
            detail=f"follow-up {follow_up.pk}: {follow_up.label}",
        )
    follow_up.refresh_from_db()
    return follow_up
