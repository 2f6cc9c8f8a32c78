"""factory_boy factories for the outreach log (teams, staff, people, encounters)."""

import datetime as dt
import uuid

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.models import Encounter, Person, Role, StaffProfile, Team
from outreach.services import encounter_content_hash

PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"CRT Unit {n}")

    class Meta:
        model = Team
        django_get_or_create = ("name",)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class StaffProfileFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    role = Role.RESPONDER
    team = factory.SubFactory(TeamFactory)

    class Meta:
        model = StaffProfile


def staff(role=Role.RESPONDER, *, team=None, username=None, organization=None):
    """A user with a StaffProfile of this role (a responder or supervisor gets a team)."""
    kwargs = {}
    if username:
        kwargs["user__username"] = username
    if role == Role.PROVIDER:
        from tests.factories import OrganizationPageFactory

        kwargs["organization"] = organization or OrganizationPageFactory()
        kwargs["team"] = None
    elif role == Role.MODERATOR:
        kwargs["team"] = None
    elif team is not None:
        kwargs["team"] = team
    return StaffProfileFactory(role=role, **kwargs).user


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
    content_hash = factory.LazyAttribute(lambda o: encounter_content_hash({"id": o.id, "notes": "factory"}))

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
