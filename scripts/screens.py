#!/usr/bin/env python
"""Phone screenshots of each role's main screens, 360 × 740 at device scale 2, into docs/screens/.

Run against the demo with the second factor off and a known password:

    WAYPOINT_REQUIRE_2FA=0 WAYPOINT_PASSWORD=demo-pass make demo      # in one shell
    WAYPOINT_PASSWORD=demo-pass .venv/bin/python scripts/screens.py   # in another

Each account signs in through the staff sign-in page as a person would, then opens its screens.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("WAYPOINT_URL", "http://127.0.0.1:8000")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screens"
SEARCH = "/search/?q=detox+bed+tonight+spanish+near+park+st"


def quick_log_saved(page):
    page.wait_for_function("document.getElementById('quick-log').dataset.enhanced === '1'")
    page.check('input[name="disposition"][value="referred"]')
    page.check('input[name="needs"][value="housing"]')
    page.click("#save-button")
    page.wait_for_selector("#save-status:has-text('sent')")


def first_case(page):
    page.locator("a.who").first.click()
    page.wait_for_load_state("networkidle")


def first_change(page):
    page.locator("table a[href*='/pending/']").first.click()
    page.wait_for_load_state("networkidle")


def refer_from_search(page):
    page.get_by_role("link", name="Refer").first.click()
    page.wait_for_load_state("networkidle")


# (account, name, path, what to do there before the picture)
SHOTS = [
    ("responder.north", "responder-home", "/outreach/", None),
    ("responder.north", "quick-log-saved", "/outreach/", quick_log_saved),
    ("responder.north", "search-results", SEARCH, None),
    ("responder.north", "referral-new", SEARCH, refer_from_search),
    ("responder.north", "today", "/outreach/today/", None),
    ("responder.north", "screening", "/outreach/screenings/new/", None),
    ("responder.north", "caseload", "/outreach/cases/?team=1", None),
    ("responder.north", "case", "/outreach/cases/?team=1", first_case),
    ("provider.riverbend", "provider-home", "/provider/", None),
    ("provider.riverbend", "provider-inbox", "/provider/referrals/", None),
    ("supervisor", "supervisor-dashboard", "/outreach/dashboard/", None),
    ("moderator", "moderator-home", "/admin/directory-reports/pending/", None),
    ("moderator", "moderator-review", "/admin/directory-reports/pending/", first_change),
    (None, "public-home", "/", None),
    (None, "public-search", "/search/?q=food+pantry+open+now", None),
]


def sign_in(page, username, password):
    page.goto(BASE + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def main():
    password = os.environ.get("WAYPOINT_PASSWORD")
    if not password:
        sys.exit("Set WAYPOINT_PASSWORD to the demo staff password.")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        contexts = {}
        for account, name, path, action in SHOTS:
            if account not in contexts:
                contexts[account] = browser.new_context(
                    viewport={"width": 360, "height": 740},
                    device_scale_factor=2,
                    has_touch=True,
                    is_mobile=True,
                )
                if account:
                    sign_in(contexts[account].new_page(), account, password)
            page = contexts[account].new_page()
            page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            if action:
                action(page)
            page.screenshot(path=OUT / f"{name}.png")
            print(f"{name}.png  {page.url}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
