"""Anonymisers for cases (retention and staging copies), in the shape of the outreach registry:
``anonymise_for_persons(person_ids)`` for those people's rows, ``anonymise_everything()`` for all.

They keep what the dashboard counts (statuses, kinds, due and done times, closure reasons,
outcomes, teams) and remove what a person said or what identifies them: goals, step wording,
notes, the safety plan's sections and the number it was texted to. A referral's follow-ups are
the referral anonymiser's, with ``anonymise_follow_up`` below; a plan's own are done here.
"""

from __future__ import annotations

from django.db import transaction

from outreach.anonymise import REMOVED

from .models import SECTIONS, Case, CaseNote, FollowUp, Goal, PlanStep, SafetyPlan

STEP_LABEL = "Step"


def anonymise_follow_up(follow_up, *, save=True):
    follow_up.label = "Follow-up"
    follow_up.note = REMOVED
    if save:
        follow_up.save(update_fields=["label", "note"])
    return follow_up


def _anonymise(cases) -> dict[str, int]:
    with transaction.atomic():
        counts = {
            "case_goal": Goal.objects.filter(case__in=cases).update(text=REMOVED),
            "case_step": PlanStep.objects.filter(case__in=cases).update(text=STEP_LABEL),
            "case_note": CaseNote.objects.filter(case__in=cases).update(text=REMOVED),
            "safety_plan": SafetyPlan.objects.filter(case__in=cases).update(
                sms_phone=REMOVED, **dict.fromkeys(SECTIONS, REMOVED)
            ),
            "case_follow_up": 0,
        }
        for follow_up in FollowUp.objects.filter(case__in=cases, referral__isnull=True).iterator():
            anonymise_follow_up(follow_up)
            counts["case_follow_up"] += 1
    return counts


def anonymise_for_persons(person_ids: list) -> dict[str, int]:
    return _anonymise(Case.objects.filter(person_id__in=list(person_ids)))


def anonymise_everything() -> dict[str, int]:
    return _anonymise(Case.objects.all())
