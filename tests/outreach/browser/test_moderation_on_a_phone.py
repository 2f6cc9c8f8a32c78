"""A provider's change and a moderator's approval on a phone (Chromium, 360 × 740, touch): the
provider's main button submits, the moderator opens the change from the queue, sees what changed
and approves in two taps, and the confirmation shows where the thumb is. Seconds and taps are
printed beside the way through Wagtail's editor; every moderator page gets the phone checks."""

import time

import pytest
from wagtail.models import WorkflowState

from directory.models import ServicePage
from staff.models import Role
from tests.directory.browser.test_directory_site import build_site
from tests.factories import staff_for_every_role
from tests.outreach.browser.test_phone_pages import LANGUAGES, Phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = "/admin/directory-reports/pending/"
MAX_TAPS = 2


@pytest.fixture
def listing():
    org, service, _capacity = build_site()
    return service, staff_for_every_role(organization=org, suffix="phone")


def submit_change(phone, service, alternate_name):
    """The provider edits one field and taps the editor's main button; returns the seconds to
    load the editor and to submit."""
    page = phone.page
    t0 = time.perf_counter()
    page.goto(f"{phone.live_server.url}/admin/pages/{service.pk}/edit/")
    page.wait_for_load_state("networkidle")
    loaded = time.perf_counter() - t0
    page.fill("#id_alternate_name", alternate_name)
    main = page.locator("footer .w-dropdown-button > button").first
    assert "Submit" in main.inner_text() or "Enviar" in main.inner_text()
    t1 = time.perf_counter()
    with page.expect_navigation():
        main.tap()
    page.wait_for_load_state("networkidle")
    return loaded, time.perf_counter() - t1


def waiting(service):
    return WorkflowState.objects.filter(object_id=str(service.pk), status="in_progress").exists()


def test_submit_then_approve_in_two_taps(listing, live_server, browser_factory):
    service, users = listing
    provider = Phone(browser_factory, live_server, users[Role.PROVIDER])
    moderator = Phone(browser_factory, live_server, users[Role.MODERATOR])

    edit_s, submit_s = submit_change(provider, service, "Night beds, walk in")
    assert waiting(service)

    page, taps = moderator.page, []
    moderator.visit(QUEUE)
    t0 = time.perf_counter()
    with page.expect_navigation():
        page.tap(f"a[href='{QUEUE}{service.pk}/']")
    taps.append("the change in the queue")
    page.wait_for_load_state("networkidle")
    assert page.locator(".change-review__changes").get_by_text("Night beds, walk in").is_visible()
    assert moderator.in_viewport("button[name=approve]"), "Approve is under the thumb"
    with page.expect_navigation():
        page.tap("button[name=approve]")
    taps.append("Approve")
    page.wait_for_load_state("networkidle")
    review_s = time.perf_counter() - t0
    message = page.locator(".messages li.success")
    assert "is live" in message.inner_text()
    assert moderator.in_viewport(".messages li.success"), "the confirmation is in view"
    assert ServicePage.objects.get(pk=service.pk).alternate_name == "Night beds, walk in"
    assert not waiting(service)
    assert len(taps) <= MAX_TAPS

    # The same decision through Wagtail's editor, its main button now Approve, for comparison.
    submit_change(provider, service, "Night beds, walk in or call")
    t0 = time.perf_counter()
    page.goto(f"{live_server.url}/admin/pages/{service.pk}/edit/")
    page.wait_for_load_state("networkidle")
    main = page.locator("footer .w-dropdown-button > button").first
    assert "Approve" in main.inner_text()
    with page.expect_navigation():
        main.tap()
    page.wait_for_load_state("networkidle")
    editor_s = time.perf_counter() - t0
    assert not waiting(service)
    print(
        f"\nMODERATION provider edit_load={edit_s:.2f}s submit={submit_s:.2f}s · moderator "
        f"review+approve={review_s:.2f}s taps={len(taps)} ({' · '.join(taps)}) · "
        f"editor approve={editor_s:.2f}s · ratio review/editor={review_s / editor_s:.2f}"
    )


@LANGUAGES
def test_moderator_pages(listing, live_server, browser_factory, language):
    service, users = listing
    provider = Phone(browser_factory, live_server, users[Role.PROVIDER], language)
    submit_change(provider, service, "Night beds, walk in")
    provider.check("the provider's listing editor")
    moderator = Phone(browser_factory, live_server, users[Role.MODERATOR], language)
    for path in (
        QUEUE,
        f"{QUEUE}{service.pk}/",
        "/admin/directory-reports/problems/",
        "/admin/directory-reports/stale/",
        "/admin/directory-reports/beds/",
        "/admin/category-crosswalk/",
    ):
        moderator.visit(path)
