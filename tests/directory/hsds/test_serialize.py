from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from directory.hsds.checks import record_problems
from directory.hsds.serialize import (
    organization_queryset,
    serialize_organization,
    serialize_service,
    serialize_service_at_location,
    service_at_location_queryset,
    service_queryset,
)
from tests import factories as fx


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def full_service():
    sal = fx.ServiceAtLocationFactory()
    service, location = sal.service, sal.location
    fx.AddressFactory(location=location)
    fx.ScheduleFactory(service=service)
    fx.ScheduleFactory(service=None, location=location)
    phone = fx.PhoneFactory(service=service)
    fx.LanguageFactory(service=None, phone=phone)
    fx.LanguageFactory(service=service)
    fx.AttributeFactory(service=service)
    fx.ServiceCapacityFactory(service=service)
    fx.ClosureFactory(service=service)
    return service


class SerializeServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.services = [full_service() for _ in range(3)]

    def test_output_validates_and_carries_extensions(self):
        data = serialize_service(service_queryset().get(pk=self.services[0].pk))
        self.assertEqual(record_problems(data), [])
        self.assertEqual(data["capacities"][0]["unit"]["name"], "bed")
        self.assertEqual(set(data["closures"][0]), {"starts_on", "ends_on", "reason"})
        self.assertEqual(data["organization"]["id"], str(self.services[0].organization.hsds_id))
        self.assertEqual(
            data["service_at_locations"][0]["location"]["addresses"][0]["city"], "Hartford"
        )

    def test_query_count_does_not_grow_with_services(self):
        one = count_queries(
            lambda: [
                serialize_service(s) for s in service_queryset().filter(pk=self.services[0].pk)
            ]
        )
        three = count_queries(lambda: [serialize_service(s) for s in service_queryset()])
        self.assertEqual(one, three)
        self.assertLessEqual(three, 40)

    def test_list_form_has_no_children(self):
        data = serialize_service(self.services[0], full=False)
        self.assertNotIn("phones", data)
        self.assertNotIn("locations", data["organization"])

    def test_other_querysets_are_constant_too(self):
        sal_all = count_queries(
            lambda: [serialize_service_at_location(x) for x in service_at_location_queryset()]
        )
        sal_one = count_queries(
            lambda: [serialize_service_at_location(x) for x in service_at_location_queryset()[:1]]
        )
        self.assertEqual(sal_all, sal_one)
        org_all = count_queries(
            lambda: [serialize_organization(x) for x in organization_queryset()]
        )
        org_one = count_queries(
            lambda: [serialize_organization(x) for x in organization_queryset()[:1]]
        )
        self.assertEqual(org_all, org_one)
