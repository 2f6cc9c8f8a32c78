from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from tests.factories import (
    LocationFactory,
    OrganizationPageFactory,
    ScheduleFactory,
    ServiceCapacityFactory,
    ServicePageFactory,
)


class ServicePageTests(TestCase):
    def test_service_knows_its_organization_from_the_tree(self):
        organization = OrganizationPageFactory()
        service = ServicePageFactory(parent=organization)
        service.refresh_from_db()
        self.assertEqual(service.organization, organization)
        self.assertEqual(list(organization.services.all()), [service])

    def test_minimum_age_above_maximum_is_refused(self):
        service = ServicePageFactory(minimum_age=18, maximum_age=24)
        service.minimum_age = 30
        with self.assertRaises(ValidationError):
            service.full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            service.save(clean=False)


class LocationTests(TestCase):
    def test_latitude_out_of_range_is_refused_by_the_database(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            LocationFactory(latitude=200)

    def test_half_a_coordinate_is_refused(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            LocationFactory(longitude=None)


class ScheduleTests(TestCase):
    def test_valid_range_must_be_ordered(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            ScheduleFactory(valid_from="2026-02-01", valid_to="2026-01-01")


class CapacityTests(TestCase):
    def test_available_may_exceed_total_when_over_capacity(self):
        """A feed reports a provider over capacity (12 of 10) as it is; providers' own form
        keeps a count within the total (tests/directory/test_provider_quick_updates.py)."""
        capacity = ServiceCapacityFactory(available=2, maximum=4)
        capacity.available = 5
        capacity.full_clean()
        capacity.save()
        capacity.refresh_from_db()
        self.assertEqual((capacity.available, capacity.maximum), (5, 4))

    def test_available_cannot_go_below_zero(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            ServiceCapacityFactory(available=-1)
