"""A two-step plan on a phone in under a minute with no typing (real Chromium, 360 × 740), and
the screens the team uses: caseload, case page with its plan, the safety plan's print view.

Screenshots go to $CASES_SHOTS (default /tmp/cases-shots) to be looked at."""

import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

from cases.models import PlanStep
from cases.services import case_open, plan_step_add, safety_plan_save
from staff.models import Role
from tests.factories import PersonFactory, TeamFactory, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CASES_SHOTS", "/tmp/cases-shots"))


def test_two_step_plan_by_taps_then_the_screens(live_server, browser_factory):
    SHOTS.mkdir(parents=True, exist_ok=True)
    team = TeamFactory(name="Unit 7")
    worker = staff(Role.RESPONDER, team=team)
    person = PersonFactory(created_by_team=team, alias="Quiet Harbour")
    case, _ = case_open(user=worker, person_id=person.pk)
    late = PersonFactory(created_by_team=team, alias="Marcus")
    late_case, _ = case_open(user=worker, person_id=late.pk)
    plan_step_add(
        user=worker,
        case=late_case,
        text="Call back about the bed",
        kind="follow_up",
        due_at=timezone.now() - timezone.timedelta(hours=3),
    )
    safety_plan_save(
        user=worker,
        case=case,
        data={
            "warning_signs": "Not sleeping; stopping my meds",
            "coping": "Walk by the river, music",
            "distractions": "Day centre on Main St",
            "helpers": "My sister Ana",
            "professionals": "988 Suicide & Crisis Lifeline: call or text 988",
            "safer_surroundings": "Leave the pills with Ana",
        },
    )

    browser = browser_factory(live_server, worker, service_workers="block")
    page = browser.open().new_page()
    taps = 0
    started = time.monotonic()
    page.goto(f"{live_server.url}/outreach/cases/{case.pk}/")
    page.get_by_label("Find a shelter bed for tonight").check()
    taps += 1
    page.get_by_label("Call back tomorrow to check in").check()
    taps += 1
    page.click("#save-plan")
    taps += 1
    page.wait_for_selector(".message")
    seconds = time.monotonic() - started
    steps = list(PlanStep.objects.filter(case=case))
    assert len(steps) == 2
    assert {s.owner_id for s in steps} == {worker.pk}
    assert taps == 3
    assert seconds < 60, seconds
    print(f"two-step plan: {taps} taps, {seconds:.1f} s (page load to saved)")
    page.screenshot(path=str(SHOTS / "case-with-plan.png"), full_page=True)

    page.goto(f"{live_server.url}/outreach/cases/")
    assert page.locator(".caseload li").first.inner_text().startswith("Marcus")  # overdue first
    page.screenshot(path=str(SHOTS / "caseload.png"), full_page=True)

    page.goto(f"{live_server.url}/outreach/cases/{case.pk}/safety-plan/")
    assert page.locator(".print-button").is_visible()  # shown by print.js
    page.emulate_media(media="print")
    assert not page.locator(".no-print").is_visible()
    assert not page.locator(".outreach-nav").is_visible()
    page.screenshot(path=str(SHOTS / "safety-plan-print.png"), full_page=True)
