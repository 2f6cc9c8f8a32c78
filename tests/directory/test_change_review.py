"""A moderator's review of a provider's change on a phone: the queue says who asked and when, the
review shows what changed, Approve publishes, Send back needs a note, and nobody else gets in."""

from django.test import TestCase
from wagtail.models import WorkflowState

from staff.accounts import staff_create_or_update
from tests import factories as f

PASSWORD = "correct horse battery staple"
QUEUE = "/admin/directory-reports/pending/"


def staff(username, role, organization=None):
    return staff_create_or_update(
        username, role=role, password=PASSWORD, organization=organization
    ).user


class ChangeReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = f.home_page()
        cls.org = f.OrganizationPageFactory(
            title="Alpha Recovery Center", parent=cls.home, description="Old text"
        )
        cls.other_org = f.OrganizationPageFactory(title="Bravo Shelter Network", parent=cls.home)
        cls.provider = staff("provider-a", "provider", cls.org)
        cls.other_provider = staff("provider-b", "provider", cls.other_org)
        cls.responder = staff("responder-a", "responder")
        cls.moderator = staff("mod", "moderator")

    def setUp(self):
        self.org.refresh_from_db()
        self.org.description = "Walk-ins until 9 pm"
        self.org.save_revision(user=self.provider)
        self.org.get_workflow().start(self.org, self.provider)
        self.review = f"/admin/directory-reports/pending/{self.org.pk}/"

    def _state(self):
        return WorkflowState.objects.get(object_id=str(self.org.pk))

    def test_queue_links_each_change_to_its_review_with_who_and_when(self):
        self.client.force_login(self.moderator)
        html = self.client.get(QUEUE).content.decode()
        self.assertIn(f'href="{self.review}"', html)
        self.assertIn("provider-a", html)

    def test_review_shows_what_changed_and_approve_publishes_it(self):
        self.client.force_login(self.moderator)
        response = self.client.get(self.review)
        html = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertIn('<span class="deletion">Old text</span>', html)
        self.assertIn('<span class="addition">Walk-ins until 9 pm</span>', html)
        self.assertIn(f"/admin/pages/{self.org.pk}/revisions/compare/live...", html)
        self.assertIn('name="approve"', html)

        response = self.client.post(self.review, {"approve": "", "comment": ""}, follow=True)
        self.assertRedirects(response, QUEUE)
        self.assertContains(response, "Approved: “Alpha Recovery Center” is live.")
        self.org.refresh_from_db()
        self.assertEqual(self.org.description, "Walk-ins until 9 pm")
        self.assertEqual(self._state().status, WorkflowState.STATUS_APPROVED)
        self.assertNotContains(response, f'href="{self.review}"')

        # A second tap (or a colleague) finds it decided, and nothing happens twice.
        response = self.client.post(self.review, {"approve": ""}, follow=True)
        self.assertRedirects(response, QUEUE)
        self.assertContains(response, "no longer waiting")
        self.assertEqual(self.org.revisions.count(), 1)

    def test_send_back_needs_a_note_and_keeps_the_live_page(self):
        self.client.force_login(self.moderator)
        response = self.client.post(self.review, {"send_back": "", "comment": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Say what the provider should fix")
        self.assertEqual(self._state().status, WorkflowState.STATUS_IN_PROGRESS)

        note = "Which evenings? The phone line says Fridays only."
        response = self.client.post(self.review, {"send_back": "", "comment": note}, follow=True)
        self.assertContains(response, "Sent back")
        state = self._state()
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertEqual(state.current_task_state.comment, note)
        self.org.refresh_from_db()
        self.assertEqual(self.org.description, "Old text")

    def test_nobody_but_a_moderator_reviews_or_decides(self):
        for user in (self.provider, self.other_provider, self.responder):
            self.client.force_login(user)
            for response in (
                self.client.get(self.review),
                self.client.post(self.review, {"approve": ""}),
            ):
                # Wagtail answers a refusal in its admin with a redirect to the admin home.
                self.assertIn(response.status_code, (302, 403), user)
                self.assertNotIn("Walk-ins", response.content.decode())
                if response.status_code == 302:
                    self.assertEqual(response["Location"], "/admin/")
        self.client.logout()
        self.assertEqual(self.client.post(self.review, {"approve": ""}).status_code, 302)
        self.assertEqual(self._state().status, WorkflowState.STATUS_IN_PROGRESS)
        self.org.refresh_from_db()
        self.assertEqual(self.org.description, "Old text")

    def test_a_page_not_waiting_has_no_review(self):
        self.client.force_login(self.moderator)
        response = self.client.get(f"/admin/directory-reports/pending/{self.other_org.pk}/")
        self.assertRedirects(response, QUEUE)

    def test_the_editor_offers_approve_as_its_main_button_to_a_moderator(self):
        self.client.force_login(self.moderator)
        html = self.client.get(f"/admin/pages/{self.org.pk}/edit/").content.decode()
        footer = html[html.index('aria-label="Actions (footer)"') :]
        main = footer.index('data-workflow-action-name="approve"')
        self.assertLess(main, footer.index("More actions"))
        self.assertIn("Approve and Publish", footer[main : main + 300])
