"""Shared data for the referral tests: two provider organizations, two teams, every role."""

from referrals.services import referral_create
from staff.models import Role
from tests.factories import (
    AddressFactory,
    OrganizationPageFactory,
    PhoneFactory,
    ServiceAtLocationFactory,
    ServicePageFactory,
)
from tests.outreach.factories import PersonFactory, TeamFactory, referral_data, staff


class ReferralTestData:
    @classmethod
    def setUpTestData(cls):
        cls.org_a = OrganizationPageFactory(title="Shelter A", email="intake@shelter-a.example.org")
        cls.org_b = OrganizationPageFactory(title="Clinic B", email="")
        cls.service_a = ServicePageFactory(parent=cls.org_a, title="Night shelter", email="")
        cls.service_b = ServicePageFactory(parent=cls.org_b, title="Walk-in clinic")
        PhoneFactory(service=cls.service_a, number="860-555-0101")
        sal = ServiceAtLocationFactory(service=cls.service_a)
        AddressFactory(location=sal.location, address_1="12 Main St")
        cls.team1 = TeamFactory(name="Unit 1")
        cls.team2 = TeamFactory(name="Unit 2")
        cls.responder = staff(Role.RESPONDER, team=cls.team1, username="resp1")
        cls.responder_same_team = staff(Role.RESPONDER, team=cls.team1, username="resp1b")
        cls.other_responder = staff(Role.RESPONDER, team=cls.team2, username="resp2")
        cls.supervisor = staff(Role.SUPERVISOR, team=None, username="super")
        cls.moderator = staff(Role.MODERATOR, username="mod")
        cls.provider_a = staff(Role.PROVIDER, organization=cls.org_a, username="prov_a")
        cls.provider_b = staff(Role.PROVIDER, organization=cls.org_b, username="prov_b")
        cls.person = PersonFactory(
            alias="Sunny", name="Maria Lopez", created_by_team=cls.team1, date_of_birth="1980-01-02"
        )

    def make_referral(self, *, user=None, service=None, person=None, **overrides):
        referral, _created = referral_create(
            user=user or self.responder,
            data=referral_data(
                person=person or self.person, service=service or self.service_a, **overrides
            ),
        )
        return referral
