"""Referrals: consents, referrals and follow-ups as rows, the bodies the API and the service
layer take, and the cast most referral tests share (``ReferralTestData``)."""

import datetime as dt
import uuid
from types import SimpleNamespace

import factory
from django.utils import timezone

from referrals.models import Consent, FollowUp, Referral
from referrals.services import referral_create
from staff.models import Role

from .directory import (
    AddressFactory,
    OrganizationPageFactory,
    PhoneFactory,
    ServiceAtLocationFactory,
    ServicePageFactory,
)
from .outreach import PersonFactory
from .staff import TeamFactory, UserFactory, staff

__all__ = [
    "ConsentFactory",
    "FollowUpFactory",
    "ReferralFactory",
    "ReferralTestData",
    "referral_cast",
    "referral_data",
    "referral_json",
]


class ConsentFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    recipient = factory.SubFactory(OrganizationPageFactory)
    purpose = "shelter intake"
    method = "verbal"
    scope = "first name and needs"
    consent_text = factory.LazyAttribute(lambda o: f"I agree to share {o.scope} for {o.purpose}.")
    shared_fields = factory.LazyFunction(lambda: ["first_name"])
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    attested_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Consent


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral row straight in the database (for volume and figures); tests of behaviour use
    the service (``ReferralTestData.make_referral``)."""

    id = factory.LazyFunction(uuid.uuid4)
    service = factory.SubFactory(ServicePageFactory)
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
        model = Referral


class FollowUpFactory(factory.django.DjangoModelFactory):
    referral = factory.SubFactory(ReferralFactory)
    kind = "check_outcome"
    label = "Check in"
    due_at = factory.LazyFunction(lambda: dt.datetime(2025, 11, 5, 12, tzinfo=dt.UTC))
    owner = factory.SubFactory(UserFactory)

    class Meta:
        model = FollowUp


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


def referral_cast():
    """Two provider organizations, two teams, every role, and one person."""
    org_a = OrganizationPageFactory(title="Shelter A", email="intake@shelter-a.example.org")
    org_b = OrganizationPageFactory(title="Clinic B", email="")
    service_a = ServicePageFactory(parent=org_a, title="Night shelter", email="")
    service_b = ServicePageFactory(parent=org_b, title="Walk-in clinic")
    PhoneFactory(service=service_a, number="860-555-0101")
    sal = ServiceAtLocationFactory(service=service_a)
    AddressFactory(location=sal.location, address_1="12 Main St")
    team1 = TeamFactory(name="Unit 1")
    team2 = TeamFactory(name="Unit 2")
    return SimpleNamespace(
        org_a=org_a,
        org_b=org_b,
        service_a=service_a,
        service_b=service_b,
        team1=team1,
        team2=team2,
        responder=staff(Role.RESPONDER, team=team1, username="resp1"),
        responder_same_team=staff(Role.RESPONDER, team=team1, username="resp1b"),
        other_responder=staff(Role.RESPONDER, team=team2, username="resp2"),
        supervisor=staff(Role.SUPERVISOR, team=None, username="super"),
        moderator=staff(Role.MODERATOR, username="mod"),
        provider_a=staff(Role.PROVIDER, organization=org_a, username="prov_a"),
        provider_b=staff(Role.PROVIDER, organization=org_b, username="prov_b"),
        person=PersonFactory(
            alias="Sunny", name="Maria Lopez", created_by_team=team1, date_of_birth="1980-01-02"
        ),
    )


class ReferralTestData:
    """Mixin for a TestCase: ``referral_cast()`` as class attributes, and ``make_referral``
    through the service layer."""

    @classmethod
    def setUpTestData(cls):
        for name, value in vars(referral_cast()).items():
            setattr(cls, name, value)

    def make_referral(self, *, user=None, service=None, person=None, **overrides):
        referral, _created = referral_create(
            user=user or self.responder,
            data=referral_data(
                person=person or self.person, service=service or self.service_a, **overrides
            ),
        )
        return referral
