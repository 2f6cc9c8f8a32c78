"""Follow-ups: made with a referral, settled by its transitions, completed by staff."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from outreach.permissions import can_use_outreach
from staff.audit import audit_log

from ..models import FollowUp, FollowUpKind, ReferralStatus
from ..selectors import referral_get
from .errors import ROLE_CANNOT

DEFAULT_FOLLOW_UP_RULES = [
    {
        "kind": "not_arrived",
        "after_hours": 24,
        "label": "Not arrived after 24 h? Check in.",
        "modes": ["live"],
    },
    {
        "kind": "check_outcome",
        "after_hours": 72,
        "label": "Check the outcome after 72 h",
        "modes": ["live", "logged"],
    },
]


def follow_up_rules() -> list[dict]:
    return list(getattr(settings, "REFERRAL_FOLLOW_UP_RULES", DEFAULT_FOLLOW_UP_RULES))


def followups_create(*, referral, owner, team, now):
    rows = []
    for rule in follow_up_rules():
        if referral.mode not in rule.get("modes", ["live", "logged"]):
            continue
        rows.append(
            FollowUp(
                referral=referral,
                kind=rule["kind"],
                label=rule.get("label") or rule["kind"],
                due_at=now + timedelta(hours=float(rule["after_hours"])),
                owner=owner,
                team=team,
            )
        )
    FollowUp.objects.bulk_create(rows)


def followups_after_transition(*, referral, status, now, user):
    open_ = FollowUp.objects.open().filter(referral_id=referral.pk)
    if status == ReferralStatus.ARRIVED:
        open_.filter(kind=FollowUpKind.NOT_ARRIVED).update(cancelled_at=now, note="arrived")
    elif status in (ReferralStatus.CLOSED, ReferralStatus.CANCELLED):
        open_.update(cancelled_at=now, note=status)
    elif status == ReferralStatus.DECLINED:
        open_.update(cancelled_at=now, note="declined")
        FollowUp.objects.create(
            referral_id=referral.pk,
            kind=FollowUpKind.OTHER,
            label="Declined by the provider: find another option",
            due_at=now,
            owner_id=referral.created_by_id,
            team_id=referral.team_id,
        )


def followup_complete(*, user, follow_up: FollowUp, note: str = "", request=None) -> FollowUp:
    if not can_use_outreach(user):
        raise PermissionDenied(ROLE_CANNOT)
    if referral_get(user=user, referral_id=follow_up.referral_id) is None:
        raise PermissionDenied(ROLE_CANNOT)
    now = timezone.now()
    updated = (
        FollowUp.objects.open()
        .filter(pk=follow_up.pk)
        .update(done_at=now, done_by=user, note=note.strip())
    )
    if updated:
        audit_log(
            user=user,
            action="follow_up_done",
            obj=follow_up.referral,
            request=request,
            detail=f"follow-up {follow_up.pk}: {follow_up.label}",
        )
    follow_up.refresh_from_db()
    return follow_up
