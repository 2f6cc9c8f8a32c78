"""Issue #9 item 7: Elasticsearch is SIGKILLed while searches are running.

Searches go through the real HTTP stack (gunicorn with ELASTICSEARCH_URL set) without pause.
Before the kill they come from Elasticsearch; after it, every one is still answered (200), from
the database, marked degraded, with real results, and quickly.
"""

import io
import json
import statistics
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.browser.test_directory_site import wagtail_base_rows
from tests.faults.conftest import AppServer, ElasticsearchNode, wait_until
from tests.search.builders import service

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

INDEX = "waypoint-faults"
QUERY = "/api/search?q=shelter+near+Park+St"
PER_PHASE = 40  # searches answered before the kill, and after it


class Searcher(threading.Thread):
    """One responder searching without pause; records every answer with its start and end times."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url = url
        self.answers = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            started = time.monotonic()
            self.answers.append({"started": started, **self._search(), "ended": time.monotonic(),
                                 "ms": (time.monotonic() - started) * 1000})

    def _search(self):
        try:
            with urllib.request.urlopen(self.url + QUERY, timeout=30) as response:
                body = json.load(response)
                return {"status": response.status, "backend": body["backend"], "degraded": body["degraded"],
                        "results": sorted(r["service_id"] for r in body["results"])}
        except urllib.error.HTTPError as exc:
            return {"status": exc.code}
        except OSError as exc:
            return {"status": f"no answer: {exc}"}

    def count(self, since):
        return sum(a["started"] >= since for a in self.answers)


def percentile(values, p):
    return round(statistics.quantiles(values, n=100, method="inclusive")[p - 1], 1) if len(values) > 1 else None


def test_searches_are_answered_from_the_database_when_elasticsearch_is_killed(tmp_path):
    wagtail_base_rows()
    for name in ("Harbor Night Shelter", "Park Street Shelter", "Frog Hollow Family Shelter"):
        service(name, hours="24/7", beds=2)
    node = ElasticsearchNode()
    server = AppServer(tmp_path, ELASTICSEARCH_URL=node.url, ELASTICSEARCH_INDEX=INDEX)
    searcher = Searcher(server.url)
    try:
        node.start()
        with override_settings(ELASTICSEARCH_URL=node.url, ELASTICSEARCH_INDEX=INDEX):
            call_command("rebuild_search_index", stdout=io.StringIO())
        server.start()
        searcher.start()
        wait_until(lambda: searcher.count(0) >= PER_PHASE, timeout=60, message="searches before the kill")
        killed_at = time.monotonic()
        node.kill()
        dead_at = time.monotonic()  # the node's port refuses connections from here on
        wait_until(lambda: searcher.count(dead_at) >= PER_PHASE, timeout=60, message="searches after the kill")
    finally:
        searcher.done.set()
        server.stop()
        node.remove()
    searcher.join(timeout=30)

    before = [a for a in searcher.answers if a["ended"] < killed_at]
    outage = [a for a in searcher.answers if a["started"] >= dead_at]
    # Running while the node died: either engine may have answered, but they were answered.
    straddling = [a for a in searcher.answers if a["ended"] >= killed_at and a["started"] < dead_at]
    report(before, straddling, outage, killed_at=killed_at)

    assert all(a["status"] == 200 for a in searcher.answers)
    assert all(a["backend"] == "elasticsearch" and not a["degraded"] for a in before)
    assert all(a["backend"] == "database" and a["degraded"] for a in outage)
    assert {tuple(a["results"]) for a in before + outage} == {tuple(before[0]["results"])} != {()}
    # A dead node must not cost each search the client's timeout (ELASTICSEARCH_TIMEOUT, 1.5 s).
    assert percentile([a["ms"] for a in outage], 95) < 1000


def report(before, straddling, outage, *, killed_at):
    degraded = [a for a in straddling + outage if a.get("degraded")]
    counts = {
        "before": len(before),
        "straddling_kill": len(straddling),
        "outage": len(outage),
        "degraded": len(degraded),
        "errors": sum(a["status"] != 200 for a in before + straddling + outage),
        "first_degraded_after_ms": round((degraded[0]["ended"] - killed_at) * 1000, 1) if degraded else None,
        "es_ms_p50_p95": [percentile([a["ms"] for a in before], 50), percentile([a["ms"] for a in before], 95)],
        "outage_ms_p50_p95": [percentile([a["ms"] for a in outage], 50), percentile([a["ms"] for a in outage], 95)],
        "fallback_ms_max": round(max((a["ms"] for a in degraded), default=0), 1),
    }
    print("\nFAULT elasticsearch-kill " + json.dumps(counts))
