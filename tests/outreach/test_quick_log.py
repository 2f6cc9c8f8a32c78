"""The quick log as a plain HTML form (JavaScript off), its defaults, and the person card."""

import uuid

from django.test import TestCase
from wagtail import hooks

from outreach.models import Encounter
from staff.models import Role
from tests.factories import EncounterFactory, PersonFactory, TeamFactory, staff


class QuickLogFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Frog Hollow")
        cls.user = staff(Role.RESPONDER, team=cls.team)
        cls.mate = staff(Role.RESPONDER, team=cls.team)
        cls.person = PersonFactory(created_by_team=cls.team, alias="Ray", hazard_note="dog bites")
        EncounterFactory(team=cls.team, person=cls.person, responder=cls.user)

    def setUp(self):
        self.client.force_login(self.user)

    def test_defaults(self):
        r = self.client.get("/outreach/?cad=HPD-1")
        self.assertContains(r, 'name="cad_incident"')
        self.assertContains(r, 'value="HPD-1"')
        self.assertContains(r, 'value="dispatch" required checked')
        self.assertContains(r, "Ray")
        self.assertContains(r, "dog bites")
        self.assertContains(r, 'Team <span translate="no">Frog Hollow</span>')
        self.assertContains(r, 'rel="manifest"')
        self.assertEqual(r.content.decode().count("<h1"), 1)
        form = r.context["form"]
        self.assertEqual(form["living_situation"].value(), "99")
        self.assertEqual(set(form["team_members"].value()), {self.user.pk, self.mate.pk})

    def post(self, **data):
        body = {
            "id": str(uuid.uuid4()),
            "occurred_at": "2026-11-23T21:05",
            "source": "outreach",
            "disposition": "resolved_on_scene",
            "living_situation": "116",
            "transport_destination": "none",
            "interpreter": "none",
        }
        body.update(data)
        return self.client.post("/outreach/", body), body

    def test_plain_post_creates_an_encounter(self):
        r, body = self.post(person_id=str(self.person.pk), needs=["housing", "food"], notes="ok")
        self.assertRedirects(r, f"/outreach/people/{self.person.pk}/")
        e = Encounter.objects.get(pk=body["id"])
        self.assertEqual((e.person, e.team, e.responder), (self.person, self.team, self.user))
        self.assertEqual(e.needs, ["food", "housing"])
        self.assertEqual(e.living_situation, "116")
        self.assertEqual(e.occurred_at.utcoffset().total_seconds(), 0)  # stored aware
        # a double submit of the same form is the same record
        r2 = self.client.post("/outreach/", body)
        self.assertRedirects(r2, f"/outreach/people/{self.person.pk}/")
        self.assertEqual(Encounter.objects.filter(pk=body["id"]).count(), 1)

    def test_alias_and_anonymous(self):
        r, body = self.post(person_alias="Green Scarf")
        e = Encounter.objects.get(pk=body["id"])
        self.assertEqual(e.person.alias, "Green Scarf")
        r, body = self.post()
        self.assertRedirects(r, "/outreach/")
        self.assertIsNone(Encounter.objects.get(pk=body["id"]).person)

    def test_errors_are_shown(self):
        r, body = self.post(disposition="", source="dispatch")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "CAD incident number")
        self.assertFalse(Encounter.objects.filter(pk=body["id"]).exists())


class PersonCardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.user = staff(Role.RESPONDER, team=cls.team)
        cls.person = PersonFactory(
            created_by_team=cls.team, alias="Lou", hazard_note="startles easily"
        )
        cls.old = EncounterFactory(team=cls.team, person=cls.person, location_text="bus stop")
        cls.new = EncounterFactory(
            team=cls.team, person=cls.person, location_text="behind the library"
        )
        cls.new.occurred_at = cls.old.occurred_at.replace(year=cls.old.occurred_at.year + 1)
        cls.new.save()

    def test_card_comes_first(self):
        self.client.force_login(self.user)
        html = self.client.get(f"/outreach/people/{self.person.pk}/").content.decode()
        card = html.index('class="person-card"')
        self.assertLess(card, html.index("Timeline"))
        self.assertLess(html.index("startles easily"), html.index("Timeline"))
        self.assertLess(html.index("behind the library"), html.index("Timeline"))  # last seen

    def test_hooks_add_referrals_and_follow_ups(self):
        from outreach.selectors import TimelineItem

        def card(person, user):
            return {
                "last_referral": {
                    "label": "Detox at Blue Hills",
                    "status": "accepted",
                    "at": None,
                    "url": "",
                },
                "open_follow_ups": [{"label": "Call about bed", "due": None, "url": ""}],
            }

        def timeline(person, user):
            return [
                TimelineItem(
                    at=self.new.occurred_at, kind="referral", title="Referral: Detox", url="#"
                )
            ]

        with (
            hooks.register_temporarily("outreach_person_card", card),
            hooks.register_temporarily("outreach_person_timeline", timeline),
        ):
            self.client.force_login(self.user)
            r = self.client.get(f"/outreach/people/{self.person.pk}/")
        self.assertContains(r, "Detox at Blue Hills")
        self.assertContains(r, "accepted")
        self.assertContains(r, "Call about bed")
        self.assertContains(r, "Referral: Detox")
