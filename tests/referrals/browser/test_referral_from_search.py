"""A referral from a search result in a real Chromium at 360 × 740 (scale 2, touch): each tap
counted, seconds and the page's height printed; at most four taps from the result to a stored
referral, with the person carried in, found by typing, or anonymous."""

import io
import os
import time

import pytest
from django.core.management import call_command

from referrals.models import Referral
from tests.factories.referrals import referral_cast
from tests.outreach.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, session_cookies
from tests.servers import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("WAYPOINT_SCREENSHOTS", "")
MAX_TAPS = 4


@pytest.fixture
def phone(live_server, playwright_instance):
    """A phone's browser signed in as a responder of team "Unit 1", on a searchable directory."""
    cast = referral_cast()
    call_command("rebuild_search_index", stdout=io.StringIO())
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, has_touch=True, is_mobile=True
    )
    context.add_cookies(session_cookies(live_server, cast.responder))
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page, cast
    browser.close()


def shot(page, name):
    """What the phone shows, then the rest of the page a screen further down."""
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))
        page.evaluate("window.scrollBy(0, 600)")
        page.screenshot(path=os.path.join(SHOTS, f"{name}-down.png"))
        page.evaluate("window.scrollTo(0, 0)")


def tap(page, selector, taps):
    page.tap(selector)
    taps.append(selector)


def refer_from_result(page, live_server, query, taps):
    page.goto(f"{live_server.url}/search/?q=Night+shelter{query}")
    tap(page, "a[aria-label='Refer to Night shelter']", taps)
    page.wait_for_selector("#referral-form")
    return page.evaluate("document.documentElement.scrollHeight")  # the site's footer included


def saved(page, taps, t0, label, height):
    tap(page, "#save-button", taps)
    page.wait_for_selector(".referral-next")
    seconds = time.perf_counter() - t0
    wait_until(lambda: Referral.objects.exists(), message="stored")
    print(
        f"\nREFERRAL_TAPS {label} taps={len(taps)} seconds={seconds:.2f} "
        f"form_height_px={height} ({' · '.join(taps)})"
    )
    assert len(taps) <= MAX_TAPS
    return Referral.objects.get()


def test_person_carried_in_two_taps(live_server, phone):
    page, cast = phone
    taps = []
    t0 = time.perf_counter()
    height = refer_from_result(page, live_server, f"&person={cast.person.pk}", taps)
    shot(page, "referral-person-carried")
    referral = saved(page, taps, t0, "person_carried", height)
    assert (referral.person, referral.service, referral.team) == (
        cast.person,
        cast.service_a,
        cast.team1,
    )
    assert (referral.urgency, referral.consent.method, referral.status) == (
        "today",
        "verbal",
        "sent",
    )
    assert "Referral saved." in page.locator(".messages").inner_text()
    assert "Call Shelter A now" in page.locator(".referral-next").inner_text()
    assert page.locator(".referral-next a[href^='tel:']").is_visible()
    shot(page, "referral-saved")


def test_person_found_by_typing(live_server, phone):
    page, cast = phone
    taps = []
    t0 = time.perf_counter()
    height = refer_from_result(page, live_server, "", taps)
    page.fill("#who", "suny")  # one letter off still finds "Sunny"
    taps.append("type a name")
    option = f"#people-options label:has(input[value='{cast.person.pk}'])"
    page.wait_for_selector(option)
    tap(page, option, taps)
    shot(page, "referral-person-found")
    referral = saved(page, taps, t0, "person_typed", height)
    assert referral.person == cast.person


def test_anonymous_three_taps(live_server, phone):
    page, cast = phone
    taps = []
    t0 = time.perf_counter()
    height = refer_from_result(page, live_server, "", taps)
    shot(page, "referral-no-person")
    tap(page, "label.anonymous", taps)
    assert page.locator("#id_person_alias").is_visible()  # optional, never needed
    shot(page, "referral-anonymous")
    referral = saved(page, taps, t0, "anonymous", height)
    assert (referral.person.alias, referral.person.created_by_team) == ("", cast.team1)
    assert referral.consent.person == referral.person
