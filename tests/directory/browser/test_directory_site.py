"""The public directory in a real Chromium on a 360 px wide phone viewport: browsing, axe-core
(WCAG 2.1 AA), touch targets, the language switch, and a provider's bed count going live."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import Client
from django.utils import timezone

from directory.models import ServiceCapacity
from staff.accounts import staff_create_or_update
from tests import factories as f

# Playwright's sync API runs an event loop in this thread; the ORM calls here are ordinary test setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

TOUCH_TARGETS_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    if (el.matches('.skip')) continue;  // off-screen until focused
    let r = el.getBoundingClientRect();
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = el.closest('label'); if (label) r = label.getBoundingClientRect();
    }
    if (r.width === 0 && r.height === 0) continue;
    if (r.height < 44 || r.width < 44) bad.push(`${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return bad;
}"""


def build_site():
    f.wagtail_base_rows()
    listing = f.shelter_listing(assured_date=timezone.localdate())
    f.TaxonomyTermFactory(code="food-pantry", name="Food pantry")
    f.ScheduleFactory(
        service=listing.service, byday="MO,TU,WE,TH,FR,SA,SU", opens_at="00:00", closes_at="23:59"
    )
    capacity = f.ServiceCapacityFactory(service=listing.service, available=4, maximum=20)
    return listing.org, listing.service, capacity


@pytest.mark.browser
class DirectoryBrowserTests(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def setUp(self):
        self.org, self.service, self.capacity = build_site()
        self.context = self.browser.new_context(
            viewport={"width": 360, "height": 740}, locale="en-US"
        )
        self.page = self.context.new_page()
        self.foreign = []
        origin = urlparse(self.live_server_url).netloc
        self.page.on(
            "request",
            lambda r: urlparse(r.url).netloc not in (origin, "") and self.foreign.append(r.url),
        )

    def tearDown(self):
        self.context.close()

    def check_page(self, label):
        page = self.page
        self.assertEqual(page.locator("h1").count(), 1, f"one <h1> on {label}")
        # Evaluated through the DevTools protocol, so the pages keep their strict CSP while axe runs.
        page.evaluate(AXE.read_text())
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_AA,
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]
        self.assertEqual(violations, [], f"axe on {label}")
        self.assertEqual(page.evaluate(TOUCH_TARGETS_JS), [], f"touch targets on {label}")
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 360, f"no sideways scrolling on {label}")
        self.assertEqual(self.foreign, [], f"nothing loaded from another origin on {label}")

    def test_browse_home_category_service_and_search(self):
        page = self.page
        page.goto(self.live_server_url + "/")
        self.check_page("home")
        page.get_by_role("link", name="Emergency shelter").click()
        page.wait_for_url("**/categories/emergency-shelter/")
        self.check_page("category")
        page.get_by_role("link", name="Night Shelter").click()
        page.wait_for_load_state()
        self.assertIn("4 of 20 beds free", page.inner_text("main"))
        self.assertEqual(page.get_attribute("a.call", "href"), "tel:+18605550100")
        self.check_page("service")
        page.goto(self.live_server_url + "/")
        page.fill("#q", "shelter")
        page.press("#q", "Enter")
        page.wait_for_url("**/search/?q=shelter*")
        self.check_page("search")

    def test_language_switch_sticks(self):
        page = self.page
        page.goto(self.live_server_url + "/")
        self.assertEqual(page.get_attribute("html", "lang"), "en")
        page.get_by_role("link", name="Español").click()
        page.wait_for_load_state()
        self.assertEqual(page.get_attribute("html", "lang"), "es")
        self.assertEqual(page.inner_text("h1"), "Encuentre ayuda en Hartford")
        self.check_page("home (es)")
        page.get_by_role("link", name="Refugio de emergencia").click()
        page.get_by_role("link", name="Night Shelter").click()
        page.wait_for_load_state()
        self.assertEqual(page.get_attribute("html", "lang"), "es")
        self.assertIn("camas disponibles", page.inner_text("main"))
        self.assertEqual(page.get_attribute("h1", "lang"), "en")  # the provider's own words
        self.check_page("service (es)")

    def test_provider_updates_bed_count_and_public_page_shows_it(self):
        provider = staff_create_or_update(
            "shelter-staff", role="provider", password="pw-123-long-enough", organization=self.org
        ).user
        client = Client()
        client.force_login(provider)
        self.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": self.live_server_url,
                }
            ]
        )
        page = self.page
        page.goto(self.live_server_url + "/provider/")
        page.get_by_role("link", name="Update").first.click()
        page.wait_for_load_state()
        self.check_page("provider quick update")
        page.get_by_role("button", name="One more bed").click()
        page.wait_for_load_state()
        self.assertEqual(page.inner_text("output.count"), "5")
        page.fill("#id_available", "7")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        self.assertIn("Saved", page.inner_text("main"))
        public = self.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
        public.goto(self.live_server_url + self.service.get_url())
        self.assertIn("7 of 20 beds free", public.inner_text("main"))
        public.context.close()
        self.assertEqual(ServiceCapacity.objects.get(pk=self.capacity.pk).changes.count(), 2)

    def test_service_and_short_list_print_on_one_page(self):
        others = [
            f.ServicePageFactory(parent=self.org, title=f"Meal Program {n}") for n in range(2)
        ]
        for other in others:
            f.PhoneFactory(service=other)
        page = self.page
        page.goto(self.live_server_url + self.service.get_url())
        sms = page.get_attribute("a[href^='sms:']", "href")
        self.assertTrue(sms.startswith("sms:?&body=Night%20Shelter"), sms)
        self.assertIn(self.service.get_url(), sms.replace("%2F", "/"))
        ids = "&".join(f"s={s.hsds_id}" for s in [self.service, *others])
        for url in (self.service.get_url(), f"/list/?{ids}"):
            page.goto(self.live_server_url + url)
            pdf = page.pdf(format="Letter")
            pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
            self.assertEqual(pages, 1, f"{url} prints on one page")
        self.assertIn("Meal Program 1", page.inner_text("main"))
