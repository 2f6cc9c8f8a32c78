"""The load: searchers and encounter loggers as threads with plain ``http.client``.

Loggers behave like the offline client (static/outreach/queue.js): one client-made UUID per
encounter, sent again unchanged after a network error or a 5xx until the server says 200/201;
400/409 are problems kept aside (here: failures). Searchers retry the same way, so a search that
met a 503 while PostgreSQL restarted counts as a retry, and as a failure only if it never got an
answer before the deadline.
"""

from __future__ import annotations

import http.client
import json
import math
import random
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from urllib.parse import urlencode

REQUEST_TIMEOUT = 30
MAX_BACKOFF = 2.0


@dataclass
class EndpointStats:
    latencies_ms: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)  # monotonic times of the 2xx answers
    statuses: dict = field(default_factory=lambda: defaultdict(int))
    network_errors: int = 0
    retries: int = 0
    failed: int = 0  # operations that never got an answer they could accept
    degraded: int = 0  # searches answered from the fallback ("degraded": true)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def errors(self) -> int:
        """Attempts that did not get a 2xx: 5xx, unexpected 4xx, network errors."""
        return self.network_errors + sum(
            n for status, n in self.statuses.items() if not 200 <= status < 300
        )

    def longest_silence(self, start: float, end: float) -> float:
        """The longest stretch of [start, end] (monotonic) in which no request got a 2xx."""
        times = [start, *sorted(t for t in self.answered_at if start <= t <= end), end]
        return max(b - a for a, b in zip(times, times[1:]))

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies_ms)
        if not values:
            return math.nan
        return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


class Recorder:
    """Thread-safe tally of every attempt, per endpoint, plus the encounters sent and acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.endpoints: dict[str, EndpointStats] = defaultdict(EndpointStats)
        self.sent: set[str] = set()
        self.acknowledged: set[str] = set()
        self.problems: list[str] = []

    def attempt(self, endpoint: str, ms: float, status: int | None) -> None:
        with self.lock:
            stats = self.endpoints[endpoint]
            stats.latencies_ms.append(ms)
            if status is None:
                stats.network_errors += 1
            else:
                stats.statuses[status] += 1
                if 200 <= status < 300:
                    stats.answered_at.append(time.monotonic())

    def count(self, endpoint: str, what: str) -> None:
        with self.lock:
            setattr(self.endpoints[endpoint], what, getattr(self.endpoints[endpoint], what) + 1)

    def problem(self, text: str) -> None:
        with self.lock:
            if len(self.problems) < 20:
                self.problems.append(text)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class Client:
    """One phone: its own cookies; a new TCP connection per request (no keep-alive surprises)."""

    def __init__(self, origin: str, recorder: Recorder, deadline: float):
        self.host, self.port = origin.removeprefix("http://").split(":")
        self.origin = origin
        self.recorder = recorder
        self.deadline = deadline  # no retry starts after this (monotonic)
        self.cookies: dict[str, str] = {}

    def _once(
        self, endpoint: str, method: str, path: str, body: bytes | None, headers: dict
    ) -> Response | None:
        headers = {**headers, "Host": f"{self.host}:{self.port}", "Connection": "close"}
        if self.cookies:
            # The cookies are Secure (production); over loopback HTTP the client sends them itself.
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        except (OSError, http.client.HTTPException):
            self.recorder.attempt(endpoint, (time.perf_counter() - started) * 1000, None)
            return None
        finally:
            conn.close()
        self.recorder.attempt(endpoint, (time.perf_counter() - started) * 1000, response.status)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def request(
        self,
        endpoint: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict | None = None,
    ) -> Response | None:
        """Send until an answer that is not a 5xx; ``None`` when the deadline passed first."""
        attempt = 0
        while True:
            response = self._once(endpoint, method, path, body, headers or {})
            if response is not None and response.status < 500:
                return response
            if time.monotonic() >= self.deadline:
                self.recorder.count(endpoint, "failed")
                return None
            self.recorder.count(endpoint, "retries")
            time.sleep(self._backoff(response, attempt))
            attempt += 1

    @staticmethod
    def _backoff(response: Response | None, attempt: int) -> float:
        retry_after = response.headers.get("Retry-After") if response is not None else None
        if retry_after and retry_after.isdigit():
            return min(float(retry_after), MAX_BACKOFF)
        return min(0.1 * 2**attempt, MAX_BACKOFF)


def search_queries(items: list[dict]) -> list[str]:
    """Query strings for ``/api/search`` from search/data/eval_dev.json-shaped items."""
    paths = []
    for item in items:
        params = {k: item[k] for k in ("q", "lat", "lng", "near", "at") if item.get(k) is not None}
        paths.append("/api/search?" + urlencode(params))
    return paths


def run_searcher(client: Client, paths: list[str], stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        response = client.request(
            "GET /api/search", "GET", rng.choice(paths), headers={"Accept": "application/json"}
        )
        if response is None:
            continue
        if response.status != 200:
            client.recorder.count("GET /api/search", "failed")
            client.recorder.problem(f"search {response.status}: {response.body[:200]!r}")
        elif b'"degraded": true' in response.body or b'"degraded":true' in response.body:
            client.recorder.count("GET /api/search", "degraded")


def encounter_payload(run_tag: str, seq: int, rng: random.Random) -> dict:
    """A realistic quick-log entry; ``notes`` carries a per-run tag so duplicates can be counted."""
    return {
        "id": str(uuid.uuid4()),
        "occurred_at": datetime.now(UTC).isoformat(),
        "source": rng.choice(["outreach", "walk_in", "follow_up"]),
        "lat": round(rng.uniform(41.724, 41.806), 5),
        "lng": round(rng.uniform(-72.718, -72.645), 5),
        "location_text": "Bushnell Park, north side",
        "needs": rng.sample(
            ["mental_health", "substance_use", "housing", "food", "medical"], rng.randint(0, 2)
        ),
        "disposition": rng.choice(["resolved_on_scene", "referred", "declined"]),
        "notes": f"{run_tag} #{seq}",
    }


def run_logger(
    client: Client, session_key: str, run_tag: str, stop: threading.Event, seed: int
) -> None:
    rng = random.Random(seed)
    client.cookies["sessionid"] = session_key
    token = _csrf_token(client)
    if token is None:
        return
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": token,
        "Origin": client.origin,
    }
    seq = 0
    while not stop.is_set():
        seq += 1
        payload = encounter_payload(run_tag, seq, rng)
        with client.recorder.lock:
            client.recorder.sent.add(payload["id"])
        response = client.request(
            "POST /api/encounters",
            "POST",
            "/api/encounters",
            body=json.dumps(payload).encode(),
            headers=headers,
        )
        if response is None:
            continue
        if response.status in (200, 201):
            with client.recorder.lock:
                client.recorder.acknowledged.add(payload["id"])
        else:
            client.recorder.count("POST /api/encounters", "failed")
            client.recorder.problem(f"encounter {response.status}: {response.body[:200]!r}")


def _csrf_token(client: Client) -> str | None:
    """What the offline client does first: GET /outreach/csrf.json (sets the csrftoken cookie too)."""
    response = client.request(
        "GET /outreach/csrf.json",
        "GET",
        "/outreach/csrf.json",
        headers={"Accept": "application/json"},
    )
    if response is None:
        return None
    if response.status != 200:
        client.recorder.count("GET /outreach/csrf.json", "failed")
        client.recorder.problem(f"csrf.json {response.status}: {response.body[:200]!r}")
        return None
    return json.loads(response.body)["token"]
