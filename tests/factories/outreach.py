"""Outreach: persons, encounters, and the JSON body the offline client posts."""

import datetime as dt
import uuid

import factory
from django.utils import timezone

from outreach.models import Encounter, Person
from outreach.services import encounter_content_hash

from .staff import TeamFactory, UserFactory

__all__ = [
    "EncounterFactory",
    "PersonFactory",
    "encounter_json",
]


class PersonFactory(factory.django.DjangoModelFactory):
    alias = factory.Faker("first_name")
    descriptors = factory.Faker("sentence", nb_words=5)
    created_by_team = factory.SubFactory(TeamFactory)

    class Meta:
        model = Person


class EncounterFactory(factory.django.DjangoModelFactory):
    id = factory.LazyFunction(uuid.uuid4)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    source = "outreach"
    disposition = "resolved_on_scene"
    needs = factory.LazyFunction(lambda: ["housing"])
    team = factory.SubFactory(TeamFactory)
    responder = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory, created_by_team=factory.SelfAttribute("..team"))
    location_text = factory.Faker("street_name")
    content_hash = factory.LazyAttribute(
        lambda o: encounter_content_hash({"id": o.id, "notes": "factory"})
    )

    class Meta:
        model = Encounter


def encounter_json(**overrides):
    """A valid body for POST /api/encounters (contracts §4.3)."""
    body = {
        "id": str(uuid.uuid4()),
        "occurred_at": "2026-11-23T21:05:00-05:00",
        "source": "outreach",
        "lat": 41.7637,
        "lng": -72.6851,
        "location_text": "behind the library",
        "needs": ["housing", "food"],
        "disposition": "referred",
        "notes": "",
    }
    body.update(overrides)
    return body
