"""Real-browser tests of the offline outreach client (Chromium through Playwright).

The live server runs in a thread beside the test; on SQLite an in-memory test database would be
one connection shared by every thread, which cannot show what concurrent requests do. So when
these tests are collected on SQLite, the test database is a file (unique per run) instead.
"""

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from tests.servers import sqlite_test_database_on_disk

# Playwright's sync API runs an event loop in the test thread; the ORM calls there are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

sqlite_test_database_on_disk()

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def session_cookies(live_server, user):
    """Cookies of a logged-in session for ``user`` (made with Django's test client)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    host = live_server.url
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": host}]


class PersistentBrowser:
    """A Chromium with a user-data-dir that outlives it: IndexedDB, caches and the service worker."""

    def __init__(self, playwright, user_data_dir, cookies, *, service_workers="allow"):
        self.playwright = playwright
        self.user_data_dir = str(user_data_dir)
        self.cookies = cookies
        self.service_workers = service_workers
        self.context = None

    def open(self, *, offline=False):
        """``offline``: from launch, before a service worker woken by the restart can send anything."""
        self.context = self.playwright.chromium.launch_persistent_context(
            self.user_data_dir,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=PHONE,
            device_scale_factor=2,
            has_touch=True,
            service_workers=self.service_workers,
            offline=offline,
        )
        self.context.add_cookies(self.cookies)
        self.context.set_default_timeout(20_000)
        return self.context

    def page(self):
        return self.context.pages[0] if self.context.pages else self.context.new_page()

    def _browser_pids(self):
        """The main Chromium process of this user-data-dir (one we started)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            args = [a.decode(errors="replace") for a in cmdline]
            if (
                any(self.user_data_dir in a for a in args)
                and not any(a.startswith("--type=") for a in args)
                and args
                and "chrom" in Path(args[0]).name
            ):
                pids.append(int(entry.name))
        return pids

    def kill(self):
        """SIGKILL the browser: no clean shutdown, as when a phone kills the app."""
        pids = self._browser_pids()
        assert pids, "browser process not found"
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self._browser_pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        with contextlib.suppress(Exception):
            self.context.close()
        self.context = None

    def close(self):
        if self.context is not None:
            self.context.close()
            self.context = None


@pytest.fixture
def browser_factory(playwright_instance, tmp_path):
    made = []

    def make(live_server, user, **kwargs):
        b = PersistentBrowser(
            playwright_instance,
            tmp_path / f"profile-{len(made)}",
            session_cookies(live_server, user),
            **kwargs,
        )
        made.append(b)
        return b

    yield make
    for b in made:
        with contextlib.suppress(Exception):
            b.close()
