from django.test import SimpleTestCase

from directory.hsds.checks import record_problems
from directory.hsds.schema import validator
from tests.factories import example_on_globe, published_example


class SchemaTests(SimpleTestCase):
    def test_official_example_passes_the_schema_alone(self):
        # As published it is schema-valid: the schema does not bound latitude (we do, below).
        self.assertEqual(list(validator("service").iter_errors(published_example())), [])

    def test_formats_are_asserted(self):
        record = example_on_globe()
        record.update(
            id="not-a-uuid", email="nobody", url="not a uri", last_modified="2023-13-45T00:00:00Z"
        )
        fields = {e.absolute_path[0] for e in validator("service").iter_errors(record)}
        self.assertEqual(fields, {"id", "email", "url", "last_modified"})

    def test_refs_resolve_offline_for_31_capacity(self):
        errors = list(
            validator("service_capacity").iter_errors({"id": "x", "unit": {}, "available": "3"})
        )
        self.assertTrue(errors)
        self.assertIn("3.1-dev", validator("service_capacity").schema["$id"])

    def test_published_example_is_refused_for_its_coordinates(self):
        problems = dict(record_problems(published_example()))
        self.assertIn("service_at_locations[0].location.latitude", problems)
        self.assertIn("organization.locations[0].latitude", problems)
        self.assertNotIn("organization.locations[0].longitude", problems)  # 101 is a real longitude

    def test_example_on_globe_has_no_problems(self):
        self.assertEqual(record_problems(example_on_globe()), [])
