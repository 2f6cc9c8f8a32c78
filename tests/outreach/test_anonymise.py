from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from outreach.models import Encounter, Person
from tests.outreach.factories import EncounterFactory, PersonFactory


class AnonymiseOutreachTests(TestCase):
    def test_refuses_without_debug(self):
        with self.assertRaises(CommandError):
            call_command("anonymise_outreach")

    @override_settings(DEBUG=True)
    def test_removes_personal_details(self):
        person = PersonFactory(name="Real Name", alias="Ray", descriptors="tattoo", hazard_note="dog")
        EncounterFactory(person=person, notes="said his sister lives on Park St", location_text="12 Elm St")
        call_command("anonymise_outreach", stdout=open("/dev/null", "w"))
        person = Person.objects.get()
        self.assertEqual((person.name, person.descriptors), ("", ""))
        self.assertNotIn("Ray", person.alias)
        e = Encounter.objects.get()
        self.assertEqual((e.notes, e.location_text), ("", ""))
