"""One timed run: the client threads, an optional PostgreSQL restart, a bounded drain."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from . import pgcluster
from .clients import Client, Recorder, run_logger, run_searcher


@dataclass
class Restart:
    at: float  # seconds after the start
    pgdata: str
    mode: str = "fast"
    began: float | None = None  # monotonic
    downtime: float | None = None
    error: str = ""


@dataclass
class Outcome:
    recorder: Recorder
    started: float  # monotonic
    stopped: float  # when the clients stopped taking new work
    ended: float
    stragglers: int  # client threads still busy when the drain limit passed


def run_load(
    *,
    origin: str,
    search_paths: list[str],
    session_keys: list[str],
    searchers: int,
    run_tag: str,
    duration: float,
    drain: float,
    restart: Restart | None = None,
) -> Outcome:
    """Clients start together, stop taking new work after ``duration``, retry until ``drain`` more."""
    recorder = Recorder()
    stop = threading.Event()
    started = time.monotonic()
    deadline = started + duration + drain
    threads = [
        threading.Thread(
            target=run_searcher,
            args=(Client(origin, recorder, deadline), search_paths, stop, i),
            daemon=True,
        )
        for i in range(searchers)
    ]
    threads += [
        threading.Thread(
            target=run_logger,
            args=(Client(origin, recorder, deadline), key, run_tag, stop, i),
            daemon=True,
        )
        for i, key in enumerate(session_keys)
    ]
    if restart is not None:
        threads.append(
            threading.Thread(target=_restart_later, args=(restart, started), daemon=True)
        )
    for thread in threads:
        thread.start()
    stop.wait(duration)
    stop.set()
    stopped = time.monotonic()
    for thread in threads:  # daemon threads: a stuck one cannot keep the command alive
        thread.join(timeout=max(0.0, deadline + 5 - time.monotonic()))
    return Outcome(recorder, started, stopped, time.monotonic(), sum(t.is_alive() for t in threads))


def _restart_later(restart: Restart, started: float) -> None:
    time.sleep(max(0.0, started + restart.at - time.monotonic()))
    restart.began = time.monotonic()
    try:
        restart.downtime = pgcluster.restart(restart.pgdata, restart.mode)
    except Exception as exc:  # reported as a failed run, never swallowed
        restart.error = repr(exc)
