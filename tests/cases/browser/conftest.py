# The outreach browser fixtures (Chromium, phone viewport, file-backed SQLite test database).
from tests.outreach.browser.conftest import *  # noqa: F403
