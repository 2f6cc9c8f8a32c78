"""Factories for the reporting tests: referrals and follow-ups built straight into the database
(the figures read stored rows; the referral services are tested elsewhere)."""

import datetime as dt
import uuid

import factory

from cases.services import case_for_follow_ups
from referrals.models import Consent, FollowUp, Referral
from tests.factories import ServicePageFactory
from tests.outreach.factories import PersonFactory, UserFactory


class ConsentFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    recipient = factory.LazyAttribute(lambda o: ServicePageFactory().organization)
    purpose = "shelter intake"
    method = "verbal"
    scope = "first name and needs"
    consent_text = "You may share my first name and needs with the shelter."
    expires_on = factory.LazyFunction(lambda: dt.date(2030, 1, 1))
    attested_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Consent


class ReferralFactory(factory.django.DjangoModelFactory):
    id = factory.LazyFunction(uuid.uuid4)
    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServicePageFactory)
    organization = factory.LazyAttribute(lambda o: o.service.organization)
    consent = factory.SubFactory(
        ConsentFactory,
        person=factory.SelfAttribute("..person"),
        recipient=factory.SelfAttribute("..organization"),
    )
    created_by = factory.SubFactory(UserFactory)
    mode = "live"
    status = "sent"
    sent_at = factory.LazyFunction(lambda: dt.datetime(2025, 11, 4, 12, tzinfo=dt.UTC))
    status_changed_at = factory.SelfAttribute("sent_at")
    content_hash = factory.LazyFunction(lambda: uuid.uuid4().hex)

    class Meta:
        model = Referral


class FollowUpFactory(factory.django.DjangoModelFactory):
    referral = factory.SubFactory(ReferralFactory)
    # Every follow-up belongs to a case: the person's own, as the referral service makes it.
    case = factory.LazyAttribute(
        lambda o: case_for_follow_ups(
            person_id=o.referral.person_id, team=o.referral.team, owner=o.owner
        )
    )
    kind = "check_outcome"
    label = "Check in"
    due_at = factory.LazyFunction(lambda: dt.datetime(2025, 11, 5, 12, tzinfo=dt.UTC))
    owner = factory.SubFactory(UserFactory)

    class Meta:
        model = FollowUp
