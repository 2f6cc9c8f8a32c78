"""Every page each role works on, in Chromium at 360 × 740 with touch: no sideways scrolling, no
console error (a CSP refusal is one), an <h1>, and no axe-core WCAG 2.1 AA violation. The quick
log's confirmation shows inside the viewport after Save, and Undo takes the contact back."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from outreach.models import Encounter
from referrals.models import FollowUpKind
from referrals.services import referral_create
from staff.models import Role
from tests.directory.browser.test_directory_site import AXE, WCAG_AA, build_site
from tests.factories import FollowUpFactory, PersonFactory, referral_data, staff_for_every_role
from tests.servers import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT_HEIGHT = 740
SEARCH = "/search/?q=shelter+tonight+near+park+st"


@pytest.fixture
def site():
    org, service, _capacity = build_site()
    call_command("rebuild_search_index", stdout=__import__("io").StringIO())
    users = staff_for_every_role(organization=org, suffix="phone")
    person = PersonFactory(alias="Sunny", created_by_team=users[Role.RESPONDER].staff_profile.team)
    referral, _ = referral_create(
        user=users[Role.RESPONDER],
        data=referral_data(person=person, service=service, shared_fields=["first_name"]),
    )
    FollowUpFactory(
        referral=referral,
        kind=FollowUpKind.NOT_ARRIVED,
        label="Check in with the shelter",
        due_at=timezone.now() - dt.timedelta(hours=2),
        owner=users[Role.RESPONDER],
    )
    return {"users": users, "service": service, "referral": referral}


class Phone:
    """One role's phone: a page whose console errors are collected, and the checks every page gets."""

    def __init__(self, browser_factory, live_server, user):
        self.live_server = live_server
        self.browser = browser_factory(live_server, user)
        context = self.browser.open()
        self.page = self.browser.page()
        self.errors = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        assert context.pages

    def visit(self, path):
        self.errors.clear()
        self.page.goto(self.live_server.url + path)
        self.page.wait_for_load_state("networkidle")
        self.check(path)

    def check(self, label):
        page = self.page
        assert page.locator("h1").count() == 1, f"one <h1> on {label}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{label} is {width} px wide"
        # Evaluated through the DevTools protocol: the page keeps its strict CSP while axe runs.
        page.evaluate(AXE.read_text())
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_AA,
        )
        violations = [
            f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        assert violations == [], f"axe on {label}"
        assert self.errors == [], f"console errors on {label}"

    def in_viewport(self, selector):
        box = self.page.locator(selector).bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT_HEIGHT


def test_responder_pages(site, live_server, browser_factory):
    phone = Phone(browser_factory, live_server, site["users"][Role.RESPONDER])
    referral = site["referral"]
    for path in (
        "/outreach/",
        "/outreach/today/",
        "/outreach/people/",
        "/outreach/referrals/open/",
        f"/outreach/referrals/{referral.pk}/",
        SEARCH,
    ):
        phone.visit(path)
        assert phone.page.locator("nav.bottom-bar").is_visible(), path
    assert phone.page.locator("#bar-today .bar-count").get_attribute("data-count") == "1"
    cards = phone.page.locator("ol.results > li")
    assert cards.count() >= 1
    first = cards.first
    for name in ("Call", "Directions", "Refer"):
        assert first.get_by_role("link", name=name).count() == 1, name


def test_quick_log_confirms_in_view_and_undo_takes_it_back(site, live_server, browser_factory):
    phone = Phone(browser_factory, live_server, site["users"][Role.RESPONDER])
    page = phone.page
    phone.visit("/outreach/")
    page.wait_for_function("document.getElementById('quick-log').dataset.enhanced === '1'")
    page.check('input[name="disposition"][value="referred"]')
    page.check('input[name="needs"][value="housing"]')
    page.click("#save-button")
    page.wait_for_selector("#save-status:has-text('sent ✓')")
    assert phone.in_viewport("#save-status"), page.locator("#save-status").bounding_box()
    assert phone.in_viewport("#undo-button")
    encounter_id = page.locator("#save-status").get_attribute("data-saved-id")
    assert Encounter.objects.filter(pk=encounter_id).exists()
    page.click("#undo-button")
    page.wait_for_selector("#save-status:has-text('Undone')")
    assert phone.in_viewport("#save-status")
    wait_until(lambda: not Encounter.objects.filter(pk=encounter_id).exists(), message="undo")
    phone.check("quick log after undo")


def test_supervisor_pages(site, live_server, browser_factory):
    phone = Phone(browser_factory, live_server, site["users"][Role.SUPERVISOR])
    for path in ("/outreach/dashboard/", "/outreach/referrals/open/", "/outreach/today/", SEARCH):
        phone.visit(path)


def test_provider_pages(site, live_server, browser_factory):
    phone = Phone(browser_factory, live_server, site["users"][Role.PROVIDER])
    for path in (
        "/provider/",
        "/provider/referrals/",
        f"/provider/referrals/{site['referral'].pk}/",
        f"/provider/services/{site['service'].pk}/",
        SEARCH,
    ):
        phone.visit(path)
        assert not phone.page.locator("nav.bottom-bar").count(), path
    phone.page.goto(live_server.url + "/provider/")
    assert phone.page.get_by_role("link", name="Referral inbox: 1 open").is_visible()


def test_public_and_moderator_pages(site, live_server, browser_factory, playwright_instance):
    moderator = Phone(browser_factory, live_server, site["users"][Role.MODERATOR])
    moderator.visit(SEARCH)
    assert moderator.page.get_by_role("link", name="My work").get_attribute("href") == (
        "/admin/directory-reports/pending/"
    )
    public = Phone(browser_factory, live_server, site["users"][Role.MODERATOR])
    public.browser.context.clear_cookies()
    for path in ("/", SEARCH):
        public.visit(path)
        assert public.page.get_by_role("link", name="Staff sign in").is_visible(), path
