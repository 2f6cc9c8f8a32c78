"""Issue #9 item 7: the server is SIGKILLed while the offline client is syncing.

Thirty encounters are queued offline in Chromium; the phone comes back online on a slow network,
the gunicorn server is killed with some but not all of them stored, and restarted on the same
port. The client's own retry sends the rest: every encounter is stored exactly once.
"""

import json
import time
from collections import Counter

import pytest
from django.db import connections

from outreach.models import Encounter
from staff.models import Role
from tests.factories import TeamFactory, staff
from tests.servers import AppServer, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.faults, pytest.mark.django_db(transaction=True)]

TOTAL = 30
# A phone network: each request and answer takes this long, so the sync is still in flight when killed.
LATENCY_MS = 150

# Every POST /api/encounters the page sends, and how it ended (a status, or "network error").
COUNT_POSTS = """(() => {
  const posts = window.__encounterPosts = [];
  const send = window.fetch.bind(window);
  window.fetch = (url, init) => {
    if (!init || init.method !== "POST" || !String(url).endsWith("/api/encounters")) return send(url, init);
    const post = {id: JSON.parse(init.body).id, outcome: "in flight"};
    posts.push(post);
    return send(url, init).then(
      (res) => { post.outcome = res.status; return res; },
      (err) => { post.outcome = "network error"; throw err; });
  };
})();"""

QUEUE = """async (total) => {
  const ids = [];
  for (let i = 0; i < total; i++) {
    const item = await WaypointQueue.add({id: WaypointQueue.uuid4(), occurred_at: new Date().toISOString(),
      source: "outreach", disposition: "resolved_on_scene", needs: ["food"], notes: "queued offline " + i});
    ids.push(item.id);
  }
  return ids;
}"""


def phone_network(ctx, page):
    """Sets the page offline, or online with phone latency (going online fires its "online" event)."""
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")

    def set_offline(offline):
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": offline,
                "latency": LATENCY_MS,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            },
        )

    return set_offline


def stored():
    return Encounter.objects.count()


def sync_in_flight():
    """Some but not all stored: the moment to kill the server (the count stored then, else 0)."""
    n = stored()
    return n if TOTAL // 6 <= n < TOTAL // 2 else 0


def test_server_killed_mid_sync_stores_every_encounter_once(tmp_path, browser_factory):
    user = staff(Role.RESPONDER, team=TeamFactory(name="Night shift"))
    server = AppServer(tmp_path)
    try:
        server.start()
        # Service workers off: every send then goes through the page's counted fetch.
        browser = browser_factory(server, user, service_workers="block")
        ctx = browser.open()
        ctx.add_init_script(COUNT_POSTS)
        page = browser.page()
        page.goto(server.url + "/outreach/")
        page.wait_for_selector("#quick-log[data-enhanced='1']")

        set_offline = phone_network(ctx, page)
        set_offline(True)
        ids = page.evaluate(QUEUE, TOTAL)
        assert page.evaluate("WaypointQueue.count()") == TOTAL and stored() == 0

        set_offline(False)
        stored_at_kill = wait_until(
            sync_in_flight, timeout=30, interval=0.02, message="the sync in flight"
        )
        server.kill()
        killed_at = time.monotonic()
        in_flight = page.evaluate("__encounterPosts.filter(p => p.outcome === 'in flight').length")

        server.start()
        restarted_in = time.monotonic() - killed_at
        wait_until(
            lambda: page.evaluate("WaypointQueue.count()") == 0, timeout=40, message="queue sent"
        )
        recovered_in = time.monotonic() - killed_at
        time.sleep(1.0)  # anything late would show up as an extra record

        posts = page.evaluate("__encounterPosts")
        stored_ids = [str(pk) for pk in Encounter.objects.values_list("pk", flat=True)]
        report(
            ids,
            stored_ids,
            posts,
            stored_at_kill=stored_at_kill,
            in_flight=in_flight,
            restarted_in=restarted_in,
            recovered_in=recovered_in,
            log=server.access_log(),
        )

        assert sorted(stored_ids) == sorted(ids)  # all 30, each once (the id is the primary key)
        assert page.evaluate("WaypointQueue.problems().then(p => p.length)") == 0
        last = {post["id"]: post["outcome"] for post in posts}
        assert set(last) == set(ids) and set(last.values()) <= {200, 201}
        assert sum(post["outcome"] == "network error" for post in posts) >= 1
    finally:
        server.stop()
        # While Playwright's event loop runs, asgiref gives the ORM a connection of its own: close it,
        # or PostgreSQL cannot drop the test database at the end.
        connections.close_all()


def report(ids, stored_ids, posts, *, log, **timing):
    outcomes = Counter(str(post["outcome"]) for post in posts)
    attempts = Counter(post["id"] for post in posts)
    counts = {
        "queued": len(ids),
        "stored": len(stored_ids),
        "duplicated": len(stored_ids) - len(set(stored_ids)),
        "posts_sent": len(posts),
        "post_outcomes": dict(outcomes),
        "encounters_retried": sum(n > 1 for n in attempts.values()),
        "server_answered": dict(
            Counter(status for method, path, status in log if path == "/api/encounters")
        ),
        **{k: round(v, 2) if isinstance(v, float) else v for k, v in timing.items()},
    }
    print("\nFAULT server-kill " + json.dumps(counts))
