"""The person search in a real browser, with JavaScript off and on: no request the browser makes
(page, redirect, asset, service worker, sync) carries the searched name in its URL."""

import pytest

from staff.models import Role
from tests.factories import PersonFactory, TeamFactory, staff
from tests.outreach.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, session_cookies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Marisol Quintero"


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_no_url_carries_the_name(live_server, playwright_instance, javascript):
    team = TeamFactory(name="Search")
    user = staff(Role.RESPONDER, team=team)
    person = PersonFactory(created_by_team=team, name=NAME, alias="Blue Heron")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    try:
        ctx = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
        ctx.add_cookies(session_cookies(live_server, user))
        seen = []
        ctx.on("request", lambda r: seen.append(r.url))
        ctx.on("response", lambda r: seen.append(r.headers.get("location", "")))
        page = ctx.new_page()
        page.goto(live_server.url + "/outreach/people/")
        page.fill("#id_q", NAME)
        page.click("button:has-text('Find')")
        page.wait_for_selector(f"a[href='/outreach/people/{person.pk}/']")
        page.click(f"a[href='/outreach/people/{person.pk}/']")
        page.wait_for_url(f"**/outreach/people/{person.pk}/")
        assert len(seen) > 3
        for url in seen:
            for word in ("marisol", "quintero"):
                assert word not in url.lower(), url
    finally:
        browser.close()
