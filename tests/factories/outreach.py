"""factory_boy factories for the outreach log (teams, staff, people, encounters)."""

import datetime as dt
import uuid

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.models import Encounter, Person
from outreach.services import encounter_content_hash
from staff.models import Role, StaffProfile, Team

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


# --- referrals (issue 7) ----------------------------------------------------------------------------
def _service():
    from tests.factories import ServicePageFactory

    return ServicePageFactory()


class ConsentFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    recipient = factory.SubFactory("tests.factories.OrganizationPageFactory")
    purpose = "shelter intake"
    method = "verbal"
    scope = "first name and needs"
    consent_text = factory.LazyAttribute(lambda o: f"I agree to share {o.scope} for {o.purpose}.")
    shared_fields = factory.LazyFunction(lambda: ["first_name"])
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    attested_by = factory.SubFactory(UserFactory)

    class Meta:
        model = "referrals.Consent"


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral row straight in the database (for volume); tests of behaviour use the service."""

    id = factory.LazyFunction(uuid.uuid4)
    service = factory.LazyFunction(_service)
    organization = factory.LazyAttribute(lambda o: o.service.organization)
    team = factory.SubFactory(TeamFactory)
    created_by = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory, created_by_team=factory.SelfAttribute("..team"))
    consent = factory.SubFactory(
        ConsentFactory,
        person=factory.SelfAttribute("..person"),
        recipient=factory.SelfAttribute("..organization"),
        attested_by=factory.SelfAttribute("..created_by"),
    )
    urgency = "routine"
    mode = "live"
    status = "sent"
    sent_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.SelfAttribute("sent_at")
    content_hash = factory.LazyFunction(lambda: uuid.uuid4().hex)

    class Meta:
        model = "referrals.Referral"


class ShiftAssignmentFactory(factory.django.DjangoModelFactory):
    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=4))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=4))

    class Meta:
        model = "staff.ShiftAssignment"


def referral_json(*, person, service, **overrides):
    """A valid body for POST /api/referrals (contracts §4.4)."""
    body = {
        "id": str(uuid.uuid4()),
        "person": {"id": str(person.pk)},
        "service_id": str(service.hsds_id),
        "consent": {
            "method": "verbal",
            "scope": "first name and what I need",
            "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
        "urgency": "today",
        "notes": "met behind the library; prefers mornings",
    }
    body.update(overrides)
    return body


def referral_data(*, person, service, **overrides):
    """Cleaned data for ``referral_create`` (the service layer)."""
    data = {
        "id": uuid.uuid4(),
        "person_id": person.pk,
        "service_id": service.hsds_id,
        "consent_method": "verbal",
        "consent_scope": "first name and what I need",
        "consent_expires_on": timezone.localdate() + dt.timedelta(days=30),
        "urgency": "routine",
        "notes": "team-only note",
    }
    data.update(overrides)
    return data
