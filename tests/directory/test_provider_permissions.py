"""Provider self-service in the Wagtail admin: its own organization only, every way in (issue item 4),
and the directory column of the role table (contracts §5)."""

from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, WorkflowState

from directory.permissions import WORKFLOW_NAME, organization_collection
from staff.accounts import staff_create_or_update
from tests import factories as f

PASSWORD = "correct horse battery staple"


def staff(username, role, organization=None):
    return staff_create_or_update(
        username, role=role, password=PASSWORD, organization=organization
    ).user


class ProviderBreakInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = f.home_page()
        cls.org_a = f.OrganizationPageFactory(title="Alpha Recovery Center", parent=cls.home)
        cls.org_b = f.OrganizationPageFactory(title="Bravo Shelter Network", parent=cls.home)
        cls.service_a = f.ServicePageFactory(title="Alpha Detox", parent=cls.org_a)
        cls.service_b = f.ServicePageFactory(title="Bravo Night Beds", parent=cls.org_b)
        # a draft of B that nobody outside B (or a moderator) may see
        cls.service_b.title = "Bravo SECRET DRAFT"
        cls.revision_b = cls.service_b.save_revision()
        cls.service_b.refresh_from_db()
        cls.provider_a = staff("provider-a", "provider", cls.org_a)
        cls.provider_b = staff("provider-b", "provider", cls.org_b)
        cls.image_a = Image.objects.create(
            title="alpha-logo-image",
            file=get_test_image_file(),
            collection=organization_collection(cls.org_a),
        )
        cls.image_b = Image.objects.create(
            title="bravo-secret-image",
            file=get_test_image_file(),
            collection=organization_collection(cls.org_b),
        )
        cls.doc_a = Document.objects.create(
            title="alpha-intake-form",
            file=ContentFile(b"alpha", name="alpha.txt"),
            collection=organization_collection(cls.org_a),
        )
        cls.doc_b = Document.objects.create(
            title="bravo-secret-form",
            file=ContentFile(b"bravo", name="bravo.txt"),
            collection=organization_collection(cls.org_b),
        )

    def setUp(self):
        self.client.force_login(self.provider_a)

    def assertRefused(self, url, *, method="get", data=None):
        """Refused: an error status, or redirected (Wagtail sends a 'permission denied' message) to a
        page that is not the other organization's, and nothing of the other organization shown."""
        response = getattr(self.client, method)(url, data or {})
        self.assertIn(
            response.status_code,
            (302, 403, 404),
            f"{method.upper()} {url} answered {response.status_code}",
        )
        self.assertNotIn("Bravo", response.content.decode(), url)
        hops = 0
        while response.status_code == 302 and hops < 5:
            location = response["Location"]
            for pk in (self.service_b.pk, self.org_b.pk):
                self.assertNotRegex(
                    location, rf"/pages/{pk}/(edit|revisions|preview|view_draft)", url
                )
            response = self.client.get(location)
            hops += 1
        self.assertNotIn("Bravo", response.content.decode(), f"{url} -> final page")
        return response

    def test_admin_listing_shows_only_its_own_organization(self):
        # the explorer starts at (and is confined to) its own organization
        response = self.client.get(f"/admin/pages/{self.home.pk}/", follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Alpha")
        self.assertNotContains(response, "Bravo")
        response = self.client.get("/admin/pages/", follow=True)
        self.assertContains(response, "Alpha")
        self.assertNotContains(response, "Bravo")
        response = self.client.get("/admin/")
        self.assertNotContains(response, "Bravo")
        self.assertRefused(f"/admin/pages/{self.org_b.pk}/")

    def test_edit_urls_of_another_organization(self):
        self.assertEqual(
            self.client.get(f"/admin/pages/{self.service_a.pk}/edit/").status_code, 200
        )
        self.assertRefused(f"/admin/pages/{self.org_b.pk}/edit/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/edit/")
        self.assertRefused(
            f"/admin/pages/{self.service_b.pk}/edit/", method="post", data={"title": "hijack"}
        )
        self.assertRefused(f"/admin/pages/add/directory/servicepage/{self.org_b.pk}/")
        self.assertRefused(f"/admin/pages/{self.org_b.pk}/add_subpage/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/delete/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/unpublish/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/move/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/copy/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/lock/", method="post")
        self.service_b.refresh_from_db()
        self.assertFalse(self.service_b.locked)
        self.assertEqual(
            Page.objects.get(pk=self.service_b.pk).title,
            "Bravo SECRET DRAFT".replace("SECRET DRAFT", "Night Beds"),
        )

    def test_preview_and_draft_of_another_organization(self):
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/edit/preview/")
        self.assertRefused(
            f"/admin/pages/{self.service_b.pk}/edit/preview/", method="post", data={"title": "x"}
        )
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/view_draft/")

    def test_revisions_and_history_of_another_organization(self):
        rid = self.revision_b.pk
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/revisions/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/revisions/{rid}/view/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/revisions/{rid}/revert/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/revisions/compare/live...{rid}/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/history/")
        self.assertRefused(f"/admin/pages/{self.service_b.pk}/workflow_history/")
        # and nothing of B's draft leaks into its own organization's revision screens
        self.assertEqual(
            self.client.get(f"/admin/pages/{self.service_a.pk}/history/").status_code, 200
        )

    def test_image_and_document_choosers(self):
        response = self.client.get("/admin/images/chooser/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "alpha-logo-image")
        self.assertNotContains(response, "bravo-secret-image")
        response = self.client.get("/admin/images/chooser/results/", {"q": "bravo"})
        self.assertNotContains(response, "bravo-secret-image")
        self.assertRefused(f"/admin/images/{self.image_b.pk}/")
        self.assertRefused(f"/admin/images/chooser/{self.image_b.pk}/")
        response = self.client.get("/admin/documents/chooser/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "alpha-intake-form")
        self.assertNotContains(response, "bravo-secret-form")
        self.assertRefused(f"/admin/documents/edit/{self.doc_b.pk}/")
        self.assertRefused(f"/admin/documents/chooser/{self.doc_b.pk}/")

    def test_admin_search(self):
        response = self.client.get("/admin/pages/search/", {"q": "Bravo"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Bravo Night Beds")
        self.assertNotContains(response, "Bravo Shelter Network")
        response = self.client.get("/admin/pages/search/", {"q": "Alpha"})
        self.assertContains(response, "Alpha Detox")
        for url in ("/admin/pages/search/results/", "/admin/images/", "/admin/documents/"):
            response = self.client.get(url, {"q": "bravo"})
            self.assertNotIn("Bravo", response.content.decode(), url)
            self.assertNotIn("bravo-secret", response.content.decode(), url)

    def test_page_chooser_does_not_show_other_organizations(self):
        for url in (
            f"/admin/choose-page/{self.org_b.pk}/",
            f"/admin/choose-page/{self.home.pk}/",
            "/admin/choose-page/search/?q=Bravo",
            "/admin/choose-page/search/?q=SECRET",
        ):
            body = self.client.get(url).content.decode()
            self.assertNotIn("Bravo Night Beds", body, url)
            self.assertNotIn("SECRET DRAFT", body, url)

    def test_quick_update_and_reports_of_another_organization(self):
        self.assertRefused(f"/provider/services/{self.service_b.pk}/")
        self.assertRefused(
            f"/provider/services/{self.service_b.pk}/today/", method="post", data={"closed": "1"}
        )
        self.assertRefused(f"/provider/services/{self.service_b.pk}/confirm/", method="post")
        self.assertFalse(self.service_b.closures.exists())
        self.assertRefused("/admin/directory-reports/stale/")
        self.assertRefused("/admin/directory-reports/beds/")
        self.assertRefused("/admin/directory-reports/pending/")
        self.assertRefused("/admin/users/")
        self.assertRefused("/admin/groups/")
        self.assertRefused("/admin/workflows/list/")


class ModeratedEditTests(TestCase):
    """A provider's edit waits for the moderator group before it goes live."""

    @classmethod
    def setUpTestData(cls):
        cls.home = f.home_page()
        cls.org = f.OrganizationPageFactory(
            title="Alpha Recovery Center", parent=cls.home, description="Old text"
        )
        cls.provider = staff("provider-a", "provider", cls.org)
        cls.moderator = staff("mod", "moderator")

    def test_provider_cannot_publish_and_submits_to_moderators(self):
        perms = self.org.permissions_for_user(self.provider)
        self.assertTrue(perms.can_edit())
        self.assertFalse(perms.can_publish())
        workflow = self.org.get_workflow()
        self.assertEqual(workflow.name, WORKFLOW_NAME)
        self.client.force_login(self.provider)
        data = {
            "title": "Alpha Recovery Center",
            "slug": self.org.slug,
            "alternate_name": "",
            "description": "New text from the provider",
            "email": "",
            "website": "",
            "tax_status": "",
            "tax_id": "",
            "year_incorporated": "",
            "legal_status": "",
            "phones-TOTAL_FORMS": "0",
            "phones-INITIAL_FORMS": "0",
            "phones-MIN_NUM_FORMS": "0",
            "phones-MAX_NUM_FORMS": "1000",
            "locations-TOTAL_FORMS": "0",
            "locations-INITIAL_FORMS": "0",
            "locations-MIN_NUM_FORMS": "0",
            "locations-MAX_NUM_FORMS": "1000",
            "action-submit": "Submit",
        }
        response = self.client.post(f"/admin/pages/{self.org.pk}/edit/", data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.org.refresh_from_db()
        self.assertEqual(self.org.description, "Old text")  # not live yet
        state = WorkflowState.objects.get(object_id=str(self.org.pk))
        self.assertEqual(state.status, "in_progress")
        # trying to publish directly is refused
        data["action-publish"] = "Publish"
        data.pop("action-submit")
        self.client.post(f"/admin/pages/{self.org.pk}/edit/", data)
        self.org.refresh_from_db()
        self.assertEqual(self.org.description, "Old text")
        # the moderator approves: now it is live
        task_state = state.current_task_state
        self.assertTrue(task_state.task.specific.user_can_access_editor(self.org, self.moderator))
        task_state.task.specific.on_action(task_state, self.moderator, "approve")
        self.org.refresh_from_db()
        self.assertEqual(self.org.description, "New text from the provider")

    def test_moderator_edits_any_organization(self):
        other = f.OrganizationPageFactory(title="Other Org", parent=self.home)
        for page in (self.org, other):
            perms = page.permissions_for_user(self.moderator)
            self.assertTrue(perms.can_edit())
            self.assertTrue(perms.can_publish())
        self.client.force_login(self.moderator)
        self.assertEqual(self.client.get(f"/admin/pages/{other.pk}/edit/").status_code, 200)
        for name in ("stale", "beds", "pending", "problems"):
            self.assertEqual(
                self.client.get(f"/admin/directory-reports/{name}/").status_code, 200, name
            )


class RoleTableTests(TestCase):
    """contracts §5, directory column."""

    @classmethod
    def setUpTestData(cls):
        cls.home = f.home_page()
        cls.org = f.OrganizationPageFactory(title="Alpha Recovery Center", parent=cls.home)
        cls.service = f.ServicePageFactory(title="Alpha Detox", parent=cls.org)
        cls.hidden = f.ServicePageFactory(title="Unpublished Service", parent=cls.org, live=False)
        cls.capacity = f.ServiceCapacityFactory(service=cls.service, available=2, maximum=5)
        cls.users = {
            "responder": staff("resp", "responder"),
            "supervisor": staff("sup", "supervisor"),
            "moderator": staff("mod", "moderator"),
            "provider": staff("prov", "provider", cls.org),
        }

    def test_public_sees_published_listings_only(self):
        self.assertEqual(self.client.get(self.service.get_url()).status_code, 200)
        self.assertEqual(self.client.get(f"/services/{self.hidden.hsds_id}/").status_code, 404)
        self.assertEqual(self.client.get(f"/admin/pages/{self.service.pk}/edit/").status_code, 302)
        self.assertEqual(self.client.get(f"/provider/services/{self.service.pk}/").status_code, 302)

    def test_responders_and_supervisors_read_only(self):
        for role in ("responder", "supervisor"):
            self.client.force_login(self.users[role])
            self.assertEqual(self.client.get(self.service.get_url()).status_code, 200)
            self.assertNotEqual(
                self.client.get(f"/admin/pages/{self.service.pk}/edit/").status_code, 200, role
            )
            self.assertEqual(
                self.client.get(f"/provider/services/{self.service.pk}/").status_code, 404, role
            )
            self.assertEqual(
                self.client.post(
                    f"/provider/services/{self.service.pk}/capacity/", {"action": "inc"}
                ).status_code,
                404,
            )
            self.assertFalse(self.service.permissions_for_user(self.users[role]).can_edit())
        self.capacity.refresh_from_db()
        self.assertEqual(self.capacity.available, 2)

    def test_provider_edits_own_moderated_and_availability_instant(self):
        provider = self.users["provider"]
        perms = self.service.permissions_for_user(provider)
        self.assertTrue(perms.can_edit())
        self.assertFalse(perms.can_publish())
        self.client.force_login(provider)
        self.client.post(f"/provider/services/{self.service.pk}/capacity/", {"action": "inc"})
        self.capacity.refresh_from_db()
        self.assertEqual(self.capacity.available, 3)

    def test_moderator_approves_all_organizations(self):
        perms = self.service.permissions_for_user(self.users["moderator"])
        self.assertTrue(perms.can_publish())
        self.client.force_login(self.users["moderator"])
        self.assertEqual(self.client.get(f"/provider/services/{self.service.pk}/").status_code, 200)
