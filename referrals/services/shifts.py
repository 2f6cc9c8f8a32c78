"""``shift_create``: who is on duty when (follow-up reminders go to them)."""

from __future__ import annotations

from datetime import datetime

from staff.models import ShiftAssignment


def shift_create(*, team, user, starts_at: datetime, ends_at: datetime) -> ShiftAssignment:
    shift = ShiftAssignment(team=team, user=user, starts_at=starts_at, ends_at=ends_at)
    shift.full_clean()
    shift.save()
    return shift
