"""The provider's screens on a phone: /provider/ leads to the inbox, the status form's default is
the next step (never "closed"), the bed screen's change log reads as words."""

from django.test import TestCase

from directory.models import CapacityChange
from referrals.models import ReferralStatus
from tests.factories import ReferralTestData, ServiceCapacityFactory


class ProviderScreenTests(ReferralTestData, TestCase):
    def setUp(self):
        self.client.force_login(self.provider_a)

    def test_home_links_the_inbox_with_the_open_count(self):
        self.make_referral()
        self.make_referral()
        page = self.client.get("/provider/")
        self.assertContains(page, 'href="/provider/referrals/"')
        self.assertContains(page, "Referral inbox: 2 open")
        inbox = self.client.get("/provider/referrals/")
        self.assertContains(inbox, 'href="/provider/"')
        self.assertEqual(inbox.content.decode().count("<main"), 1)

    def test_after_accepted_the_default_is_arrived_never_closed(self):
        referral = self.make_referral()
        self.client.post(f"/provider/referrals/{referral.pk}/", {"status": "accepted"})
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.ACCEPTED)
        page = self.client.get(f"/provider/referrals/{referral.pk}/").content.decode()
        options = page[page.index('<select name="status">') :]
        options = options[: options.index("</select>")]
        self.assertIn('<option value="arrived" selected>Arrived</option>', options)
        self.assertLess(options.index('"arrived"'), options.index('"closed"'))
        self.assertEqual(options.count("selected"), 1)

    def test_recent_changes_say_who_and_when_in_words(self):
        capacity = ServiceCapacityFactory(service=self.service_a, available=3, maximum=24)
        CapacityChange.objects.create(capacity=capacity, available=3, maximum=24)
        page = self.client.get(f"/provider/services/{self.service_a.pk}/").content.decode()
        changes = page[page.index('class="changes"') :]
        self.assertIn("3 of 24 beds free · by an import · just now", changes)
        self.assertNotIn(" ? ", changes)
        self.assertIn("Mark closed for today", page)
