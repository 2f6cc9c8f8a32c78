"""Issue #9 item 7: Elasticsearch stops while searches are running.

Searches go through the real HTTP stack (gunicorn with ELASTICSEARCH_URL set) without pause while
the node first hangs (SIGSTOP: connections are accepted, nothing answers), comes back (SIGCONT),
and is then killed (SIGKILL). Every search is answered (200): from Elasticsearch while it works,
otherwise from the database, marked degraded, with the same results, and quickly.
"""

import io
import json
import signal
import statistics
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.factories import service, wagtail_base_rows
from tests.servers import (
    AppServer,
    ElasticsearchNode,
    sqlite_test_database_on_disk,
    wait_until,
)

sqlite_test_database_on_disk()  # the gunicorn reads the test database

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

INDEX = "waypoint-faults"
QUERY = "/api/search?q=shelter+near+Park+St"
PER_PHASE = 40  # searches answered in each phase
PAUSE = 0.02  # between one searcher's searches: a steady load that leaves the node some CPU
PHASES = ("before", "hung", "resumed", "dying", "outage")


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
            self.answers.append(
                {
                    "started": started,
                    **self._search(),
                    "ended": time.monotonic(),
                    "ms": (time.monotonic() - started) * 1000,
                }
            )

    def _search(self):
        """One search as a client makes it: an answer that is not a 200 is asked again, once, and kept."""
        first = self._once()
        if first["status"] == 200:
            return first
        return {**self._once(), "first_status": first["status"]}

    def _once(self):
        try:
            with urllib.request.urlopen(self.url + QUERY, timeout=30) as response:
                body = json.load(response)
                return {
                    "status": response.status,
                    "backend": body["backend"],
                    "degraded": body["degraded"],
                    "results": sorted(r["service_id"] for r in body["results"]),
                }
        except urllib.error.HTTPError as exc:
            return {"status": exc.code}
        except OSError as exc:
            return {"status": f"no answer: {exc}"}

    def since(self, moment, backend=None):
        return [
            a
            for a in self.answers
            if a["started"] >= moment and backend in (None, a.get("backend"))
        ]


def test_searches_are_answered_while_elasticsearch_hangs_and_is_killed(tmp_path):
    node = ElasticsearchNode()
    server = AppServer(tmp_path, ELASTICSEARCH_URL=node.url, ELASTICSEARCH_INDEX=INDEX)
    searcher = Searcher(server.url)
    pool = ThreadPoolExecutor(max_workers=1)
    node_started = pool.submit(
        node.start
    )  # the node boots while the directory and the server are made
    at = {"before": 0.0}
    try:
        wagtail_base_rows()
        for name in ("Harbor Night Shelter", "Park Street Shelter", "Frog Hollow Family Shelter"):
            service(name, hours="24/7", beds=2)
        server.start()
        node_started.result()
        with override_settings(ELASTICSEARCH_URL=node.url, ELASTICSEARCH_INDEX=INDEX):
            call_command("rebuild_search_index", stdout=io.StringIO())
        searcher.start()
        wait_until(
            lambda: len(searcher.since(0)) >= PER_PHASE,
            timeout=60,
            message="searches on Elasticsearch",
        )
        fault(at, "hung", node.signal, signal.SIGSTOP)
        wait_until(
            lambda: len(searcher.since(at["hung"])) >= PER_PHASE,
            timeout=60,
            message="searches, node hung",
        )
        fault(at, "resumed", node.signal, signal.SIGCONT)
        wait_until(
            lambda: len(searcher.since(at["resumed"], "elasticsearch")) >= PER_PHASE,
            timeout=60,
            message="searches back on Elasticsearch",
        )
        fault(at, "dying", node.kill)
        at["outage"] = time.monotonic()  # the node's port refuses connections from here on
        wait_until(
            lambda: len(searcher.since(at["outage"])) >= PER_PHASE,
            timeout=60,
            message="searches, node dead",
        )
    finally:
        searcher.done.set()
        server.stop()
        pool.shutdown()  # a node still starting must be up before it can be removed
        node.remove()
    searcher.join(timeout=30)

    phases = split(searcher.answers, at)
    report(phases, at)
    assert all(a["status"] == 200 for a in searcher.answers)
    assert all(a["backend"] == "elasticsearch" and not a["degraded"] for a in phases["before"])
    assert all(
        a["backend"] == "database" and a["degraded"] for a in phases["hung"] + phases["outage"]
    )
    assert back_on_elasticsearch(phases["resumed"])
    assert (
        {tuple(a["results"]) for a in searcher.answers}
        == {tuple(phases["before"][0]["results"])}
        != {()}
    )
    # A hung or dead node costs one search the client's timeout (1.5 s) now and then, not every search.
    assert percentile([a["ms"] for a in searcher.answers if a["degraded"]], 95) < 1000


def fault(at, phase, action, *args):
    at[phase] = time.monotonic()
    action(*args)


def split(answers, at):
    """Answers by the phase they started and ended in; those spanning a change are "crossing"."""
    marks = sorted(at.items(), key=lambda item: item[1]) + [("end", float("inf"))]
    phases = {name: [] for name in PHASES + ("crossing",)}
    for a in answers:
        phase = next(
            name for (name, t), (_, t_next) in zip(marks, marks[1:]) if t <= a["started"] < t_next
        )
        next_mark = next(t for name, t in marks if t > a["started"])
        phases[phase if a["ended"] < next_mark else "crossing"].append(a)
    return phases


def back_on_elasticsearch(answers):
    """Degraded while the client's breaker rests, then Elasticsearch again, and stays there."""
    backends = [a["backend"] for a in answers]
    first = backends.index("elasticsearch") if "elasticsearch" in backends else None
    return first is not None and set(backends[first:]) == {"elasticsearch"}


def percentile(values, p):
    return (
        round(statistics.quantiles(values, n=100, method="inclusive")[p - 1], 1)
        if len(values) > 1
        else None
    )


def report(phases, at):
    degraded = [a for answers in phases.values() for a in answers if a.get("degraded")]
    resumed_es = [a for a in phases["resumed"] if a["backend"] == "elasticsearch"]
    ms = [a["ms"] for a in degraded]
    counts = {
        **{name: len(answers) for name, answers in phases.items()},
        "degraded": len(degraded),
        "errors": sum(a["status"] != 200 for answers in phases.values() for a in answers),
        "retried": [
            str(a["first_status"])
            for answers in phases.values()
            for a in answers
            if "first_status" in a
        ],
        "waited_for_timeout": sum(m >= 1000 for m in ms),
        "back_on_es_after_resume_s": round(resumed_es[0]["started"] - at["resumed"], 2)
        if resumed_es
        else None,
        "breaker_s": settings.ELASTICSEARCH_RETRY_AFTER,
        "es_ms_p50_p95": [percentile([a["ms"] for a in phases["before"]], p) for p in (50, 95)],
        "degraded_ms_p50_p95_max": [
            percentile(ms, 50),
            percentile(ms, 95),
            round(max(ms, default=0), 1),
        ],
        "outage_ms_p50_p95": [percentile([a["ms"] for a in phases["outage"]], p) for p in (50, 95)],
    }
    print("\nFAULT elasticsearch " + json.dumps(counts))
