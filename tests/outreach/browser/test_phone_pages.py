"""Every page each role works on, in Chromium at 360 × 740 with touch, in English and in Spanish:
no sideways scrolling, no console error (a CSP refusal is one), an <h1>, no axe-core WCAG 2.1 AA
violation, and on a Spanish page no English. The quick log's confirmation shows inside the
viewport after Save, and Undo takes the contact back."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from cases.services import case_open
from outreach.models import Encounter
from referrals.models import FollowUpKind
from referrals.services import referral_create
from staff.models import Role
from tests.directory.browser.test_directory_site import AXE, WCAG_AA, build_site
from tests.factories import (
    EncounterFactory,
    FollowUpFactory,
    PersonFactory,
    referral_data,
    staff_for_every_role,
)
from tests.factories.assessment import make_assessment, make_screening
from tests.servers import wait_until
from tests.waypoint.english import english_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT_HEIGHT = 740
# What a reader types in their language: the query is theirs, and shows in the page title.
SEARCHES = {"en": "/search/?q=shelter+tonight+near+park+st", "es": "/search/?q=albergue+esta+noche"}
LANGUAGES = pytest.mark.parametrize("language", ["en", "es"])
# The innermost elements reaching past the screen's right edge, to name what overflows.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 360 && ![...e.children].some(
    c => c.getBoundingClientRect().right > 360))
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""


@pytest.fixture
def site():
    org, service, _capacity = build_site()
    call_command("rebuild_search_index", stdout=__import__("io").StringIO())
    users = staff_for_every_role(organization=org, suffix="phone")
    responder = users[Role.RESPONDER]
    team = responder.staff_profile.team
    person = PersonFactory(alias="Sunny", created_by_team=team)
    referral, _ = referral_create(
        user=responder,
        data=referral_data(person=person, service=service, shared_fields=["first_name"]),
    )
    FollowUpFactory(
        referral=referral,
        kind=FollowUpKind.NOT_ARRIVED,
        label="Not arrived after 24 h? Check in.",  # as the referral rule stores it
        due_at=timezone.now() - dt.timedelta(hours=2),
        owner=responder,
    )
    encounter = EncounterFactory(team=team, responder=responder, person=person)
    case, _ = case_open(user=responder, person_id=person.pk, encounter=encounter)
    screening = make_screening(team=team, responder=responder, person=person)
    assessment = make_assessment(team=team, responder=responder, person=person)
    return {
        "users": users,
        "service": service,
        "organization": org,
        "referral": referral,
        "person": person,
        "encounter": encounter,
        "case": case,
        "screening": screening,
        "assessment": assessment,
    }


class Phone:
    """One role's phone: a page whose console errors are collected, and the checks every page gets."""

    def __init__(self, browser_factory, live_server, user, language="en"):
        self.live_server = live_server
        self.language = language
        self.browser = browser_factory(live_server, user)
        context = self.browser.open()
        if language != settings.LANGUAGE_CODE:  # as the site's language link sets it
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
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
        wide = page.evaluate(WIDEST) if width > 360 else []
        assert width <= 360, f"{label} is {width} px wide: {wide}"
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
        if self.language == "es":
            assert page.get_attribute("html", "lang") == "es", label
            names = set(get_user_model().objects.values_list("username", flat=True))
            assert english_in(page.content(), names=names) == [], f"English on the Spanish {label}"

    def in_viewport(self, selector):
        box = self.page.locator(selector).bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT_HEIGHT


@LANGUAGES
def test_responder_pages(site, live_server, browser_factory, language):
    phone = Phone(browser_factory, live_server, site["users"][Role.RESPONDER], language)
    person, case = f"/outreach/people/{site['person'].pk}/", f"/outreach/cases/{site['case'].pk}/"
    for path in (
        "/outreach/",
        "/outreach/today/",
        "/outreach/people/",
        person,
        f"/outreach/encounters/{site['encounter'].pk}/",
        "/outreach/referrals/open/",
        f"/outreach/referrals/{site['referral'].pk}/",
        f"/outreach/referrals/new/?service={site['service'].hsds_id}&person={site['person'].pk}",
        "/outreach/screenings/new/",
        f"/outreach/screenings/{site['screening'].pk}/",
        "/outreach/assessments/new/",
        f"/outreach/assessments/{site['assessment'].pk}/",
        "/outreach/cases/",
        case,
        case + "safety-plan/",
        "/outreach/directory/",
        SEARCHES[language],
    ):
        phone.visit(path)
        assert phone.page.locator("nav.bottom-bar").is_visible(), path
    assert phone.page.locator("#bar-today .bar-count").get_attribute("data-count") == "1"
    cards = phone.page.locator("ol.results > li")
    assert cards.count() >= 1
    if language == "en":
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


@LANGUAGES
def test_supervisor_pages(site, live_server, browser_factory, language):
    phone = Phone(browser_factory, live_server, site["users"][Role.SUPERVISOR], language)
    for path in (
        "/outreach/dashboard/",
        "/outreach/referrals/open/",
        "/outreach/today/",
        "/outreach/cases/?team=1",
        f"/outreach/cases/{site['case'].pk}/",
        SEARCHES[language],
    ):
        phone.visit(path)


@LANGUAGES
def test_provider_pages(site, live_server, browser_factory, language):
    phone = Phone(browser_factory, live_server, site["users"][Role.PROVIDER], language)
    for path in (
        "/provider/",
        "/provider/referrals/",
        f"/provider/referrals/{site['referral'].pk}/",
        f"/provider/services/{site['service'].pk}/",
        SEARCHES[language],
    ):
        phone.visit(path)
        assert not phone.page.locator("nav.bottom-bar").count(), path
    if language == "en":
        phone.page.goto(live_server.url + "/provider/")
        assert phone.page.get_by_role("link", name="Referral inbox: 1 open").is_visible()


@LANGUAGES
def test_public_and_moderator_pages(site, live_server, browser_factory, language):
    moderator = Phone(browser_factory, live_server, site["users"][Role.MODERATOR], language)
    moderator.visit(SEARCHES[language])
    assert moderator.page.locator(".staff-link a").get_attribute("href") == (
        "/admin/directory-reports/pending/"
    )
    public = Phone(browser_factory, live_server, site["users"][Role.MODERATOR], language)
    public.browser.context.clear_cookies()
    if language != settings.LANGUAGE_CODE:
        public.browser.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
    for path in ("/", SEARCHES[language], site["service"].url, site["organization"].url):
        public.visit(path)
        assert public.page.locator(".staff-link a").get_attribute("href") == "/admin/login/", path
