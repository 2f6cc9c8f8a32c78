"""Read queries for referrals and follow-ups, always scoped to the asking user (contracts §5).

Scope: a supervisor sees every referral, a responder its own team's (the team of whoever made
it), a provider only live referrals to its own organization, everyone else none. A referral
outside the scope is treated as if it did not exist (callers answer 404).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from outreach.models import Source, YesNoUnknown
from outreach.selectors import as_uuid
from staff.models import Role, ShiftAssignment
from staff.roles import staff_profile, staff_role, staff_team
from staff.shifts import on_duty_user_ids

from .models import FollowUp, Referral, ReferralMode, ReferralStatus, Urgency


def referrals_visible_to(user) -> QuerySet[Referral]:
    role = staff_role(user)
    if role == Role.SUPERVISOR:
        return Referral.objects.all()
    if role == Role.RESPONDER:
        return Referral.objects.for_team(staff_team(user))
    if role == Role.PROVIDER:
        return Referral.objects.for_organization(provider_organization_id(user=user))
    return Referral.objects.none()


def provider_organization_id(*, user):
    profile = staff_profile(user)
    return profile.organization_id if profile is not None else None


def provider_emails(referral: Referral) -> list[str]:
    emails = [referral.service.email or "", referral.organization.email or ""]
    return [e for e in dict.fromkeys(emails) if e]


def is_provider(user) -> bool:
    return staff_role(user) == Role.PROVIDER


def referral_get(*, user, referral_id) -> Referral | None:
    rid = as_uuid(referral_id)
    if rid is None:
        return None
    return (
        referrals_visible_to(user)
        .select_related(
            "person", "service", "organization", "consent", "team", "created_by", "encounter"
        )
        .filter(pk=rid)
        .first()
    )


def referral_list(
    *, user, status: str | None = None, limit: int | None = None
) -> QuerySet[Referral]:
    qs = referrals_visible_to(user).select_related(
        "person", "service", "organization", "consent", "team"
    )
    if status:
        qs = qs.filter(status=status)
    qs = qs.order_by("-sent_at")
    return qs[:limit] if limit else qs


def provider_inbox_list(*, user, open_only: bool = False) -> QuerySet[Referral]:
    """A provider's inbox: live referrals to its organization, with only what the list shows."""
    qs = referrals_visible_to(user).select_related("person", "service", "consent")
    if open_only:
        qs = qs.filter(
            status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.ARRIVED]
        )
    return qs.only(
        "id",
        "status",
        "urgency",
        "sent_at",
        "handoff",
        "appointment_at",
        "service__title",
        "service__hsds_id",
        "person__alias",
        "person__name",
        "consent__scope",
        "consent__expires_on",
        "consent__shared_fields",
    ).order_by("-sent_at")


def referral_person_list(*, user, person) -> QuerySet[Referral]:
    return (
        referrals_visible_to(user).filter(person=person).select_related("service", "organization")
    )


# --- follow-ups ---------------------------------------------------------------------------------
def _off_shift_owner_ids(*, team, at) -> set[int]:
    """Owners in the team who have no shift now (only meaningful when the team keeps a calendar)."""
    on_duty = on_duty_user_ids(team=team, at=at)
    owners = set(FollowUp.objects.open().filter(team=team).values_list("owner_id", flat=True))
    return owners - on_duty


@dataclass
class DueItem:
    follow_up: FollowUp
    overdue: bool
    covering: bool  # the owner is off shift and this user is on duty for the team

    @property
    def referral(self) -> Referral | None:
        """None for a follow-up of a case's plan that no referral rests on."""
        return self.follow_up.referral

    @property
    def person(self):
        return self.referral.person if self.referral else self.follow_up.case.person

    @property
    def provider_phone(self):
        """The service's first phone (prefetched by the worklist), for "Call the provider"."""
        if self.referral is None:
            return None
        phones = list(self.referral.service.phones.all())
        return phones[0] if phones else None

    @property
    def can_mark_arrived(self) -> bool:
        return self.referral is not None and self.referral.can_move_to(ReferralStatus.ARRIVED)


def followup_list_due(
    *,
    user,
    at: datetime | None = None,
    horizon_hours: int = 24,
    until: datetime | None = None,
) -> list[DueItem]:
    """A responder's "today": their own open follow-ups due by the end of the horizon (always,
    on shift or not, so nothing is invisible), plus — while they are on duty — those of team
    members who are off shift. Overdue first, oldest first."""
    at = at or timezone.now()
    until = until or at + timedelta(hours=horizon_hours)
    team = staff_team(user)
    mine = Q(owner=user)
    covering_owner_ids: set[int] = set()
    if team is not None and user.pk in on_duty_user_ids(team=team, at=at):
        covering_owner_ids = _off_shift_owner_ids(team=team, at=at) - {user.pk}
    cover = Q(team=team, owner_id__in=covering_owner_ids) if covering_owner_ids else Q(pk__in=[])
    qs = (
        FollowUp.objects.open()
        .filter(mine | cover, due_at__lte=until)
        .select_related(
            "referral__service", "referral__person", "case__person", "owner", "plan_step"
        )
        .prefetch_related("referral__service__phones")
        .order_by("due_at")
    )
    return [DueItem(f, f.due_at <= at, f.owner_id != user.pk) for f in qs]


def _local_midnight_after(at: datetime, days: int) -> datetime:
    """Midnight starting the local day ``days`` after ``at``'s (settings.TIME_ZONE, DST-safe)."""
    day = timezone.localtime(at).date() + timedelta(days=days)
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@dataclass
class Worklist:
    overdue: list[DueItem]
    today: list[DueItem]  # due later today, in the local time zone
    tomorrow: list[DueItem]

    @property
    def count(self) -> int:
        """What the bottom bar shows: what is overdue or due today."""
        return len(self.overdue) + len(self.today)


def followup_worklist(*, user, at: datetime | None = None) -> Worklist:
    """The Today page: overdue first, then the rest of today, then tomorrow, each oldest first."""
    at = at or timezone.now()
    end_of_today = _local_midnight_after(at, 1)
    items = followup_list_due(user=user, at=at, until=_local_midnight_after(at, 2))
    return Worklist(
        overdue=[i for i in items if i.overdue],
        today=[i for i in items if not i.overdue and i.follow_up.due_at < end_of_today],
        tomorrow=[i for i in items if i.follow_up.due_at >= end_of_today],
    )


def followup_due_today_count(*, user, at: datetime | None = None) -> int:
    at = at or timezone.now()
    return len(followup_list_due(user=user, at=at, until=_local_midnight_after(at, 1)))


def followup_assignee(*, follow_up: FollowUp, at: datetime | None = None):
    """Who works it now: the owner when on shift (or the team keeps no calendar), else someone on duty."""
    at = at or timezone.now()
    if follow_up.team_id is None:
        return follow_up.owner
    team_has_calendar = ShiftAssignment.objects.filter(team_id=follow_up.team_id).exists()
    on_duty = on_duty_user_ids(team=follow_up.team, at=at)
    if not team_has_calendar or follow_up.owner_id in on_duty or not on_duty:
        return follow_up.owner
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=on_duty).order_by("pk").first()


def followup_list_overdue_all(*, at: datetime | None = None) -> QuerySet[FollowUp]:
    at = at or timezone.now()
    return (
        FollowUp.objects.open().filter(due_at__lte=at).select_related("owner", "referral", "team")
    )


def open_loop_list(*, user) -> list[Referral]:
    """A supervisor's (or a responder's, for their team) every open referral, oldest first."""
    qs = (
        referrals_visible_to(user)
        .filter(status__in=Referral.OPEN_STATUSES)
        .select_related("service", "organization", "team", "person", "created_by")
        .order_by("sent_at")
    )
    return list(qs)


# --- measures ------------------------------------------------------------------------------------
ANSWER_RATE_LABEL = "Answer rate (answered ÷ live)"


@dataclass
class ReferralMetrics:
    live: int
    answered: int
    answer_rate: float | None
    arrived: int
    median_sent_to_arrived_hours: float | None


def referral_metrics(*, queryset: QuerySet[Referral] | None = None) -> ReferralMetrics:
    """Answer rate (answered ÷ live): of live referrals not cancelled, the share the provider
    answered with a result (declined, arrived or closed). Median time from sent to arrived over
    those that arrived.

    Not the dashboard's *closed-loop rate* (arrived ÷ made, ``reporting.figures``): that one counts
    only arrivals, over every referral made, logged ones too (README, "Two referral rates")."""
    qs = (queryset if queryset is not None else Referral.objects.all()).filter(
        mode=ReferralMode.LIVE
    )
    qs = qs.exclude(status=ReferralStatus.CANCELLED)
    live = qs.count()
    answered = qs.filter(
        status__in=[ReferralStatus.DECLINED, ReferralStatus.ARRIVED, ReferralStatus.CLOSED]
    ).count()
    durations = [
        (arrived - sent).total_seconds() / 3600
        for sent, arrived in qs.filter(arrived_at__isnull=False).values_list(
            "sent_at", "arrived_at"
        )
    ]
    return ReferralMetrics(
        live=live,
        answered=answered,
        answer_rate=(answered / live) if live else None,
        arrived=len(durations),
        median_sent_to_arrived_hours=statistics.median(durations) if durations else None,
    )


def referral_urgency_for(encounter) -> str:
    """The urgency a referral from this contact starts at (the responder may change it): now
    when the person is a danger to themselves or others, routine from a planned follow-up
    visit, otherwise today, as for a 911 call."""
    if encounter is None:
        return Urgency.TODAY
    if YesNoUnknown.YES in (encounter.danger_to_self, encounter.danger_to_others):
        return Urgency.NOW
    if encounter.source == Source.FOLLOW_UP:
        return Urgency.ROUTINE
    return Urgency.TODAY
