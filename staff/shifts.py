"""Who is on duty when, from the shift calendar (follow-up reminders and case hand-overs use it)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .models import ShiftAssignment


def on_duty_user_ids(*, team, at: datetime | None = None) -> set[int]:
    at = at or timezone.now()
    if team is None:
        return set()
    return set(
        ShiftAssignment.objects.filter(team=team, starts_at__lte=at, ends_at__gt=at).values_list(
            "user_id", flat=True
        )
    )
