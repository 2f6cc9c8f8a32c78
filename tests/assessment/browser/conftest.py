"""The outreach client's browser fixtures (a file test database on SQLite, Chromium profiles)."""

from tests.outreach.browser.conftest import browser_factory, playwright_instance  # noqa: F401
