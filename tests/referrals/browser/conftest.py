"""The outreach client's browser fixtures (a file test database on SQLite, Chromium)."""

from tests.outreach.browser.conftest import playwright_instance  # noqa: F401
