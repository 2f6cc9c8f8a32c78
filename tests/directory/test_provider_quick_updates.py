"""Bed counts, "closed today", "still accurate" and problem reports: live at once, outside moderation,
and every change kept with who and when (issue items 5, 6, 7)."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import post_save
from django.test import TestCase
from django.utils import timezone

from directory import selectors, services
from directory.models import CapacityChange, ProblemReport, ServiceCapacity
from directory.tasks import send_verification_reminders
from staff.accounts import staff_create_or_update
from tests import factories as f


def staff(username, role, organization=None, email=""):
    return staff_create_or_update(
        username, role=role, password="pw-123-long-enough", organization=organization, email=email
    ).user


class CapacityUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = f.home_page()
        cls.org = f.OrganizationPageFactory(title="Alpha Shelter", parent=home)
        cls.other_org = f.OrganizationPageFactory(title="Other Shelter", parent=home)
        cls.service = f.ServicePageFactory(title="Alpha Night Beds", parent=cls.org)
        cls.other_service = f.ServicePageFactory(title="Other Beds", parent=cls.other_org)
        cls.capacity = f.ServiceCapacityFactory(service=cls.service, available=3, maximum=10)
        cls.other_capacity = f.ServiceCapacityFactory(
            service=cls.other_service, available=1, maximum=4
        )
        cls.provider = staff("prov", "provider", cls.org)

    def test_update_logs_who_and_when_and_fires_post_save(self):
        seen = []

        def receiver(sender, instance, **kwargs):
            seen.append(instance.available)

        post_save.connect(receiver, sender=ServiceCapacity, dispatch_uid="test-capacity-sync")
        try:
            services.capacity_update(capacity=self.capacity, available=7, user=self.provider)
        finally:
            post_save.disconnect(dispatch_uid="test-capacity-sync", sender=ServiceCapacity)
        self.assertEqual(seen, [7])
        self.capacity.refresh_from_db()
        self.assertEqual(self.capacity.available, 7)
        self.assertEqual(self.capacity.updated_by, self.provider)
        change = CapacityChange.objects.get(capacity=self.capacity)
        self.assertEqual(
            (change.available, change.maximum, change.changed_by), (7, 10, self.provider)
        )
        self.assertLess(timezone.now() - change.changed_at, timedelta(minutes=1))

    def test_bounds(self):
        with self.assertRaises(ValidationError):
            services.capacity_update(capacity=self.capacity, available=-1, user=self.provider)
        with self.assertRaises(ValidationError):
            services.capacity_update(capacity=self.capacity, available=11, user=self.provider)
        with self.assertRaises(ValidationError):
            services.capacity_update(
                capacity=self.capacity, available=5, maximum=4, user=self.provider
            )
        self.capacity.refresh_from_db()
        self.assertEqual((self.capacity.available, self.capacity.maximum), (3, 10))
        self.assertFalse(CapacityChange.objects.exists())

    def test_other_organization_refused(self):
        with self.assertRaises(PermissionDenied):
            services.capacity_update(capacity=self.other_capacity, available=0, user=self.provider)

    def test_plus_minus_and_typed_number_show_at_once_on_public_page(self):
        self.client.force_login(self.provider)
        url = f"/provider/services/{self.service.pk}/capacity/"
        self.assertEqual(self.client.get(f"/provider/services/{self.service.pk}/").status_code, 200)
        self.client.post(url, {"action": "inc"})
        self.client.post(url, {"action": "inc"})
        self.client.post(url, {"action": "dec"})
        self.capacity.refresh_from_db()
        self.assertEqual(self.capacity.available, 4)
        response = self.client.post(
            url, {"action": "set", "available": "9", "maximum": "10"}, follow=True
        )
        self.assertContains(response, "Saved")
        self.assertContains(self.client.get(self.service.get_url()), "9 of 10 beds free")
        response = self.client.post(
            url, {"action": "set", "available": "12", "maximum": "10"}, follow=True
        )
        self.assertContains(response, "cannot be more than the total")
        response = self.client.post(url, {"action": "set", "available": "-2"}, follow=True)
        self.capacity.refresh_from_db()
        self.assertEqual(self.capacity.available, 9)
        self.assertEqual(CapacityChange.objects.filter(capacity=self.capacity).count(), 4)

    def test_minus_at_zero_stays_zero(self):
        services.capacity_update(capacity=self.capacity, available=0, user=self.provider)
        self.client.force_login(self.provider)
        response = self.client.post(
            f"/provider/services/{self.service.pk}/capacity/", {"action": "dec"}, follow=True
        )
        self.assertContains(response, "cannot go below 0")
        self.capacity.refresh_from_db()
        self.assertEqual(self.capacity.available, 0)
        self.assertContains(self.client.get(self.service.get_url()), "Full: no beds free")

    def test_start_counting_beds(self):
        service = f.ServicePageFactory(parent=self.org)
        self.client.force_login(self.provider)
        self.client.post(
            f"/provider/services/{service.pk}/capacity/",
            {"action": "set", "available": "2", "maximum": "6"},
        )
        capacity = ServiceCapacity.objects.get(service=service)
        self.assertEqual((capacity.available, capacity.maximum, capacity.unit.name), (2, 6, "bed"))


class ClosedTodayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = f.OrganizationPageFactory(parent=f.home_page())
        cls.service = f.ServicePageFactory(title="Drop-in", parent=cls.org)
        f.ScheduleFactory(
            service=cls.service, byday="MO,TU,WE,TH,FR,SA,SU", opens_at="00:00", closes_at="23:59"
        )
        cls.provider = staff("prov", "provider", cls.org)

    def test_closed_today_and_back(self):
        self.client.force_login(self.provider)
        url = f"/provider/services/{self.service.pk}/today/"
        self.client.post(url, {"closed": "1", "reason": "Burst pipe"})
        closure = self.service.closures.get()
        self.assertEqual(
            (closure.starts_on, closure.ends_on), (timezone.localdate(), timezone.localdate())
        )
        self.assertContains(self.client.get(self.service.get_url()), "Closed today: Burst pipe")
        self.client.post(url, {"closed": "0"})
        self.assertFalse(self.service.closures.exists())
        self.assertNotContains(self.client.get(self.service.get_url()), "Closed today")


class FreshnessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = f.OrganizationPageFactory(title="Alpha", parent=f.home_page())
        cls.stale = f.ServicePageFactory(
            title="Old Listing",
            parent=cls.org,
            assured_date=timezone.localdate() - timedelta(days=200),
        )
        cls.never = f.ServicePageFactory(title="Never Verified", parent=cls.org)
        cls.fresh = f.ServicePageFactory(
            title="Fresh Listing",
            parent=cls.org,
            assured_date=timezone.localdate() - timedelta(days=10),
        )
        cls.provider = staff("prov", "provider", cls.org, email="prov@example.org")
        cls.moderator = staff("mod", "moderator")

    def test_stale_report_and_reminder_email(self):
        titles = [s.title for s in selectors.stale_listing_list()]
        self.assertEqual(sorted(titles), ["Never Verified", "Old Listing"])
        self.client.force_login(self.moderator)
        response = self.client.get("/admin/directory-reports/stale/")
        self.assertContains(response, "Old Listing")
        self.assertNotContains(response, "Fresh Listing")
        result = send_verification_reminders.enqueue()
        self.assertEqual(result.return_value, 1)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["prov@example.org"])
        self.assertIn("Old Listing", message.body)
        self.assertIn("/provider/", message.body)

    def test_one_click_still_accurate(self):
        self.client.force_login(self.provider)
        self.assertContains(self.client.get("/provider/"), "Still accurate")
        self.client.post(f"/provider/services/{self.stale.pk}/confirm/")
        self.stale.refresh_from_db()
        self.assertEqual(self.stale.assured_date, timezone.localdate())
        self.assertNotIn(self.stale, list(selectors.stale_listing_list()))
        self.assertContains(
            self.client.get(self.stale.get_url()), timezone.localdate().strftime("%Y")
        )


class ProblemQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = f.home_page()
        cls.org = f.OrganizationPageFactory(title="Alpha", parent=home)
        cls.other = f.OrganizationPageFactory(title="Bravo", parent=home)
        cls.service = f.ServicePageFactory(title="Alpha Beds", parent=cls.org)
        cls.other_service = f.ServicePageFactory(title="Bravo Beds", parent=cls.other)
        cls.report = services.problem_report_create(
            service=cls.service, kinds=["full"], note="no beds"
        )
        cls.other_report = services.problem_report_create(
            service=cls.other_service, kinds=["moved"]
        )
        cls.provider = staff("prov", "provider", cls.org)
        cls.responder = staff("resp", "responder")
        cls.moderator = staff("mod", "moderator")
        f.ServiceCapacityFactory(service=cls.service)
        services.capacity_update(
            capacity=ServiceCapacity.objects.get(service=cls.service),
            available=1,
            user=cls.moderator,
        )
        ServiceCapacity.objects.filter(service=cls.service).update(
            updated=timezone.now() - timedelta(days=2)
        )

    def test_provider_sees_only_its_own_reports(self):
        self.client.force_login(self.provider)
        page = self.client.get("/provider/")
        self.assertContains(page, "Alpha Beds")
        self.assertNotContains(page, "Bravo Beds")
        admin = self.client.get("/admin/directory-reports/problems/")
        self.assertContains(admin, "Alpha Beds")
        self.assertNotContains(admin, "Bravo Beds")
        self.assertEqual(
            self.client.post(
                f"/provider/reports/{self.other_report.pk}/", {"status": "resolved"}
            ).status_code,
            404,
        )
        self.client.post(f"/provider/reports/{self.report.pk}/", {"status": "resolved"})
        self.report.refresh_from_db()
        self.assertEqual((self.report.status, self.report.handled_by), ("resolved", self.provider))

    def test_moderator_queue_and_beds_report(self):
        self.client.force_login(self.moderator)
        admin = self.client.get("/admin/directory-reports/problems/")
        self.assertContains(admin, "Alpha Beds")
        self.assertContains(admin, "Bravo Beds")
        beds = self.client.get("/admin/directory-reports/beds/")
        self.assertContains(beds, "Alpha Beds")

    def test_responder_quick_report_is_not_rate_limited(self):
        self.client.force_login(self.responder)
        page = self.client.get(self.service.get_url())
        self.assertContains(page, "Quick report from the field")
        for _ in range(8):
            response = self.client.post(
                f"/services/{self.service.hsds_id}/report/", {"kinds": "full"}
            )
            self.assertEqual(response.status_code, 200)
        self.assertEqual(
            ProblemReport.objects.filter(
                service=self.service, source="responder", reported_by=self.responder
            ).count(),
            8,
        )
