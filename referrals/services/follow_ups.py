"""A referral's follow-ups: made with it, settled by its transitions, completed by staff. They
belong to the person's case and are written through ``cases.services``."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_noop

from cases import services as case_services
from outreach.permissions import can_use_outreach

from ..models import FollowUp, FollowUpKind, ReferralStatus
from ..selectors import referral_get
from .errors import ROLE_CANNOT

DEFAULT_FOLLOW_UP_RULES = [
    {
        "kind": "not_arrived",
        "after_hours": 24,
        "label": gettext_noop("Not arrived after 24 h? Check in."),
        "modes": ["live"],
    },
    {
        "kind": "check_outcome",
        "after_hours": 72,
        "label": gettext_noop("Check the outcome after 72 h"),
        "modes": ["live", "logged"],
    },
]


def follow_up_rules() -> list[dict]:
    return list(getattr(settings, "REFERRAL_FOLLOW_UP_RULES", DEFAULT_FOLLOW_UP_RULES))


def followups_create(*, referral, owner, team, now):
    case = case_services.case_for_follow_ups(
        person_id=referral.person_id, team=team, owner=owner, encounter_id=referral.encounter_id
    )
    rows = []
    for rule in follow_up_rules():
        if referral.mode not in rule.get("modes", ["live", "logged"]):
            continue
        rows.append(
            {
                "case": case,
                "referral": referral,
                "kind": rule["kind"],
                "label": rule.get("label") or rule["kind"],
                "due_at": now + timedelta(hours=float(rule["after_hours"])),
                "owner": owner,
                "team": team,
            }
        )
    case_services.followups_create(rows=rows)


def followups_after_transition(*, referral, status, now, user):
    open_ = FollowUp.objects.filter(referral_id=referral.pk)
    if status == ReferralStatus.ARRIVED:
        case_services.followups_cancel(
            queryset=open_.filter(kind=FollowUpKind.NOT_ARRIVED), at=now, note="arrived"
        )
    elif status in (ReferralStatus.CLOSED, ReferralStatus.CANCELLED):
        case_services.followups_cancel(queryset=open_, at=now, note=status)
    elif status == ReferralStatus.DECLINED:
        case_services.followups_cancel(queryset=open_, at=now, note="declined")
        case = case_services.case_for_follow_ups(
            person_id=referral.person_id, team=referral.team, owner=referral.created_by
        )
        case_services.followups_create(
            rows=[
                {
                    "case": case,
                    "referral_id": referral.pk,
                    "kind": FollowUpKind.OTHER,
                    "label": "Declined by the provider: find another option",
                    "due_at": now,
                    "owner_id": referral.created_by_id,
                    "team_id": referral.team_id,
                }
            ]
        )
    if status in (ReferralStatus.ARRIVED, ReferralStatus.CLOSED):
        case_services.plan_step_done_by_referral(step_id=referral.plan_step_id, at=now, user=user)


def followup_complete(*, user, follow_up: FollowUp, note: str = "", request=None) -> FollowUp:
    """A referral's follow-up done: the caller must see the referral (and its case)."""
    if not can_use_outreach(user):
        raise PermissionDenied(ROLE_CANNOT)
    if referral_get(user=user, referral_id=follow_up.referral_id) is None:
        raise PermissionDenied(ROLE_CANNOT)
    return case_services.followup_complete(
        user=user, follow_up=follow_up, note=note, request=request
    )
