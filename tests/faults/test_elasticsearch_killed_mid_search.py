"""Issue #9 item 7: Elasticsearch is SIGKILLed while searches are running.

Searches go through the real HTTP stack (gunicorn with ELASTICSEARCH_URL set) without pause.
Before the kill they come from Elasticsearch; after it, every one is still answered (200), from
the database, marked degraded, with the same results, and quickly; once the node is back, from
Elasticsearch again.
"""

import io
import json
import statistics
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.browser.test_directory_site import wagtail_base_rows
from tests.faults.conftest import AppServer, ElasticsearchNode, wait_until
from tests.search.builders import service

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

INDEX = "waypoint-faults"
QUERY = "/api/search?q=shelter+near+Park+St"
PER_PHASE = 40  # searches answered before the kill, in the outage, and after the restart
PAUSE = 0.02  # between one searcher's searches: steady load that leaves the node CPU to restart


class Searcher(threading.Thread):
    """One responder searching without pause; records every answer with its start and end times."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url = url
        self.answers = []
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(PAUSE):
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
    node = ElasticsearchNode()
    server = AppServer(tmp_path, ELASTICSEARCH_URL=node.url, ELASTICSEARCH_INDEX=INDEX)
    searcher = Searcher(server.url)
    pool = ThreadPoolExecutor(max_workers=1)
    node_started = pool.submit(node.start)  # the node boots while the directory and the server are made
    at = {}
    try:
        wagtail_base_rows()
        for name in ("Harbor Night Shelter", "Park Street Shelter", "Frog Hollow Family Shelter"):
            service(name, hours="24/7", beds=2)
        server.start()
        node_started.result()
        with override_settings(ELASTICSEARCH_URL=node.url, ELASTICSEARCH_INDEX=INDEX):
            call_command("rebuild_search_index", stdout=io.StringIO())
        searcher.start()
        wait_until(lambda: searcher.count(0) >= PER_PHASE, timeout=60, message="searches before the kill")
        at["kill"] = time.monotonic()
        node.kill()
        at["dead"] = time.monotonic()  # the node's port refuses connections from here on
        wait_until(lambda: searcher.count(at["dead"]) >= PER_PHASE, timeout=60, message="searches in the outage")
        at["restart"] = time.monotonic()
        node.start()  # same port and data: the index is still there
        at["ready"] = time.monotonic()
        wait_until(lambda: searcher.count(at["ready"]) >= PER_PHASE, timeout=60, message="searches after it")
    finally:
        searcher.done.set()
        server.stop()
        pool.shutdown()  # a node still starting must be up before it can be removed
        node.remove()
    searcher.join(timeout=30)

    phases = split(searcher.answers, at)
    report(phases, at)
    assert all(a["status"] == 200 for a in searcher.answers)
    assert all(a["backend"] == "elasticsearch" and not a["degraded"] for a in phases["before"] + phases["after"])
    assert all(a["backend"] == "database" and a["degraded"] for a in phases["outage"])
    assert {tuple(a["results"]) for a in searcher.answers} == {tuple(phases["before"][0]["results"])} != {()}
    # A dead node must not cost each search the client's timeout (ELASTICSEARCH_TIMEOUT, 1.5 s).
    assert percentile([a["ms"] for a in searcher.answers if a["degraded"]], 95) < 1000


def split(answers, at):
    """Answers by phase; those running while the node died or restarted may come from either engine."""
    phases = {"before": [], "dying": [], "outage": [], "restarting": [], "after": []}
    for a in answers:
        if a["ended"] < at["kill"]:
            phases["before"].append(a)
        elif a["started"] < at["dead"]:
            phases["dying"].append(a)
        elif a["ended"] < at["restart"]:
            phases["outage"].append(a)
        elif a["started"] < at["ready"]:
            phases["restarting"].append(a)
        else:
            phases["after"].append(a)
    return phases


def report(phases, at):
    degraded = [a for a in sum(phases.values(), []) if a.get("degraded")]
    ms = {name: [a["ms"] for a in answers] for name, answers in phases.items()}
    counts = {
        **{name: len(answers) for name, answers in phases.items()},
        "degraded": len(degraded),
        "errors": sum(a["status"] != 200 for answers in phases.values() for a in answers),
        "first_degraded_after_kill_ms": round((degraded[0]["ended"] - at["kill"]) * 1000, 1) if degraded else None,
        "restart_s": round(at["ready"] - at["restart"], 1),
        "es_ms_p50_p95": [percentile(ms["before"], 50), percentile(ms["before"], 95)],
        "outage_ms_p50_p95": [percentile(ms["outage"], 50), percentile(ms["outage"], 95)],
        "degraded_ms_p50_p95_max": [percentile([a["ms"] for a in degraded], 50),
                                    percentile([a["ms"] for a in degraded], 95),
                                    round(max((a["ms"] for a in degraded), default=0), 1)],
        "after_restart_ms_p50_p95": [percentile(ms["after"], 50), percentile(ms["after"], 95)],
    }
    print("\nFAULT elasticsearch-kill " + json.dumps(counts))
