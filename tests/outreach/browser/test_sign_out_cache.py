"""Signing out on a shared phone: the offline client's cached staff pages go, unsent encounters stay.

Real Chromium with the service worker, a real database. The queue holds an encounter the server
could not take (POSTs answered 503) when the responder signs out through the outreach nav.
"""

import pytest
from playwright.sync_api import Error as PlaywrightError

from outreach.models import Encounter
from staff.models import Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, staff
from tests.outreach.browser.conftest import session_cookies
from tests.outreach.browser.test_offline_sync import log_encounter, open_with_worker
from tests.servers import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CACHED_OUTREACH_URLS = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      if (new URL(req.url).pathname.startsWith('/outreach/')) found.push(name + ' ' + req.url);
    }
  }
  return found;
}"""

# Read the IndexedDB queue directly: the signed-out page does not load queue.js.
QUEUED_IDS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('waypoint-outreach');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('queue')) { db.close(); resolve(null); return; }
    const r = db.transaction('queue').objectStore('queue').getAll();
    r.onsuccess = () => { db.close(); resolve(r.result.map(i => [i.id, i.owner])); };
    r.onerror = () => reject(r.error);
  };
})"""


def settled_content(page):
    """The page's HTML once the failed navigation has settled (None while it is still changing)."""
    try:
        return page.content()
    except Exception:
        return None


def _sign_in(ctx, live_server, user):
    ctx.clear_cookies()
    ctx.add_cookies(session_cookies(live_server, user))


def test_sign_out_clears_cached_pages_and_keeps_the_queue(live_server, browser_factory):
    team = TeamFactory(name="Shared phone")
    first = staff(Role.RESPONDER, team=team)
    second = staff(Role.RESPONDER, team=team)
    person = PersonFactory(created_by_team=team, alias="Quiet Harbour", hazard_note="keep distance")
    EncounterFactory(team=team, person=person, responder=first)
    browser = browser_factory(live_server, first)
    ctx = browser.open()
    page = browser.page()

    # The first responder's phone caches the shell, the directory and a person's page.
    open_with_worker(page, live_server)
    page.goto(live_server.url + f"/outreach/people/{person.pk}/")
    page.goto(live_server.url + "/outreach/directory/")
    page.goto(live_server.url + "/outreach/")
    cached = page.evaluate(CACHED_OUTREACH_URLS)
    assert any(f"/outreach/people/{person.pk}/" in c for c in cached), cached
    assert any(c.endswith("/outreach/directory.json") for c in cached), cached

    # An encounter that the server does not take yet: it waits in the queue.
    ctx.route("**/api/encounters", lambda route: route.fulfill(status=503, body="down"))
    saved_id = log_encounter(page, note="made before signing out")
    page.wait_for_selector("#sync-badge:has-text('1 waiting to sync')")

    page.click("#sign-out-button")
    page.wait_for_url("**/account/signed-out/")
    page.wait_for_selector("#offline-cache-status[data-cleared='1']", state="attached")
    assert page.evaluate(CACHED_OUTREACH_URLS) == []
    assert page.evaluate(QUEUED_IDS) == [[saved_id, str(first.pk)]]
    assert Encounter.objects.filter(pk=saved_id).count() == 0

    # Offline, the next person cannot open the first responder's pages from the phone.
    ctx.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.goto(live_server.url + f"/outreach/people/{person.pk}/")
    assert "Quiet Harbour" not in wait_until(
        lambda: settled_content(page), message="the error page"
    )
    ctx.set_offline(False)
    page.goto(live_server.url + "/account/signed-out/")
    assert page.evaluate(QUEUED_IDS) == [[saved_id, str(first.pk)]]

    # The next user signs in on the same phone: the first responder's record is not sent as theirs.
    ctx.unroute("**/api/encounters")
    _sign_in(ctx, live_server, second)
    page.goto(live_server.url + "/outreach/")
    page.wait_for_selector("#sync-badge[data-others='1']")
    assert page.evaluate("WaypointQueue.sync()")["sent"] == 0
    assert Encounter.objects.filter(pk=saved_id).count() == 0
    assert page.evaluate(QUEUED_IDS) == [[saved_id, str(first.pk)]]
    own_id = log_encounter(page, note="second responder's own")
    wait_until(lambda: Encounter.objects.filter(pk=own_id).exists(), message="own record sent")
    assert Encounter.objects.get(pk=own_id).responder == second
    wait_until(
        lambda: page.evaluate(QUEUED_IDS) == [[saved_id, str(first.pk)]],
        message="only the first's left",
    )

    # "Sign out everywhere" clears the caches too, and still keeps the queue.
    page.goto(live_server.url + "/account/sign-out/")
    page.click("text=Sign out everywhere")
    page.wait_for_url("**/account/signed-out/")
    page.wait_for_selector("#offline-cache-status[data-cleared='1']", state="attached")
    assert page.evaluate(CACHED_OUTREACH_URLS) == []
    assert page.evaluate(QUEUED_IDS) == [[saved_id, str(first.pk)]]

    # When the first responder signs in here again, the record goes out under their name.
    _sign_in(ctx, live_server, first)
    page.goto(live_server.url + "/outreach/")
    wait_until(
        lambda: Encounter.objects.filter(pk=saved_id).exists(),
        message="first responder's record sent",
    )
    stored = Encounter.objects.get(pk=saved_id)
    assert (
        stored.responder == first
        and stored.team == team
        and stored.notes == "made before signing out"
    )
    wait_until(lambda: page.evaluate(QUEUED_IDS) == [], message="queue empty")


def test_sign_out_while_offline_still_removes_cached_pages(live_server, browser_factory):
    team = TeamFactory(name="No signal")
    user = staff(Role.RESPONDER, team=team)
    person = PersonFactory(created_by_team=team, alias="Lantern")
    EncounterFactory(team=team, person=person, responder=user)
    browser = browser_factory(live_server, user)
    ctx = browser.open()
    page = browser.page()
    open_with_worker(page, live_server)
    page.goto(live_server.url + f"/outreach/people/{person.pk}/")
    assert page.evaluate(CACHED_OUTREACH_URLS)

    ctx.set_offline(True)
    page.goto(live_server.url + "/outreach/")  # from the service worker's cache
    saved_id = log_encounter(page, note="no signal")
    # The caches go first, then the form is sent and fails (offline): wait for that navigation to
    # end in the browser's error page, or the next goto would race it.
    with page.expect_event("framenavigated"):
        page.click("#sign-out-button")
    page.wait_for_load_state()
    ctx.set_offline(False)
    page.goto(live_server.url + "/search/")  # outside the worker's scope: clears and caches nothing
    assert page.evaluate(CACHED_OUTREACH_URLS) == []
    # The sign-out never reached the server, so the session lives on: back online, Background Sync
    # may send the record under it. Either way it is kept exactly once: queued for its author, or stored.
    wait_until(
        lambda: len(page.evaluate(QUEUED_IDS)) + Encounter.objects.filter(pk=saved_id).count() == 1,
        message="the record queued or stored, not both",
    )
    assert page.evaluate(QUEUED_IDS) in ([], [[saved_id, str(user.pk)]])
