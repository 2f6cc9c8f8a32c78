from django.test import TestCase

from outreach.selectors import encounters_visible_to, person_search, persons_visible_to
from staff.models import Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, staff


class PersonSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.johnny = PersonFactory(
            created_by_team=cls.team,
            alias="Johnny",
            name="",
            descriptors="red backpack, dog named Max",
        )
        cls.maria = PersonFactory(
            created_by_team=cls.team, alias="María", name="María Gómez", descriptors="wheelchair"
        )
        cls.other = PersonFactory(created_by_team=TeamFactory(), alias="Johnny", descriptors="")

    def search(self, q):
        return person_search(user=self.responder, query=q)

    def test_exact_and_prefix(self):
        self.assertEqual(self.search("johnny"), [self.johnny])
        self.assertEqual(self.search("joh"), [self.johnny])

    def test_typos(self):
        self.assertEqual(self.search("jonny"), [self.johnny])
        self.assertEqual(self.search("Jhonny"), [self.johnny])
        self.assertEqual(self.search("bakpack"), [self.johnny])
        self.assertEqual(self.search("maria gomez"), [self.maria])
        self.assertEqual(self.search("wheelchiar"), [self.maria])

    def test_descriptors_and_all_words(self):
        self.assertEqual(self.search("dog max"), [self.johnny])
        self.assertEqual(self.search("dog wheelchair"), [])
        self.assertEqual(self.search("   "), [])

    def test_scope(self):
        self.assertNotIn(self.other, self.search("johnny"))
        supervisor = staff(Role.SUPERVISOR, team=None)
        self.assertEqual(
            set(person_search(user=supervisor, query="johnny")), {self.johnny, self.other}
        )


class ScopingTests(TestCase):
    def test_person_is_in_scope_of_teams_that_met_them(self):
        a, b = TeamFactory(), TeamFactory()
        ra, rb = staff(Role.RESPONDER, team=a), staff(Role.RESPONDER, team=b)
        person = PersonFactory(created_by_team=a)
        self.assertIn(person, persons_visible_to(ra))
        self.assertNotIn(person, persons_visible_to(rb))
        e = EncounterFactory(team=b, person=person)
        self.assertIn(person, persons_visible_to(rb))
        self.assertEqual(list(encounters_visible_to(rb)), [e])
        self.assertEqual(list(encounters_visible_to(ra)), [])
        for role in (Role.PROVIDER, Role.MODERATOR):
            self.assertFalse(persons_visible_to(staff(role)).exists())
            self.assertFalse(encounters_visible_to(staff(role)).exists())

    def test_responder_without_team_sees_nobody(self):
        person = PersonFactory()
        EncounterFactory(person=person)
        lonely = staff(Role.RESPONDER, team=None)
        self.assertFalse(persons_visible_to(lonely).exists())
        self.assertFalse(encounters_visible_to(lonely).exists())
