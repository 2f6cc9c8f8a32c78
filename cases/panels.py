"""The case panel on the person card (registered in wagtail_hooks.py for ``outreach.person_panels``): the open
case, its plan and what is due next. Its reads are scoped and audited like the card's own."""

from __future__ import annotations

from outreach.permissions import can_use_outreach
from outreach.selectors import encounters_visible_to
from staff.audit import audit_log

from .selectors import case_open_for_person, case_plan


def case_panel(request, person):
    user = request.user
    if not can_use_outreach(user):
        return None
    case = case_open_for_person(user=user, person=person)
    encounter = None
    if case is not None:
        audit_log(user=user, action="view_case", obj=case, request=request, detail="person card")
        audit_log(
            user=user, action="view_case_plan", obj=case, request=request, detail="person card"
        )
    else:  # a case opened from the card is opened from the latest contact
        encounter = (
            encounters_visible_to(user).filter(person=person).order_by("-occurred_at").first()
        )
    return "cases/includes/person_panel.html", {
        "case": case,
        "plan": case_plan(case=case) if case is not None else None,
        "person": person,
        "encounter": encounter,
    }
