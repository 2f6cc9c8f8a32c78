"""Shared data for the case tests: the referral tests' teams, roles and services, plus a case."""

from cases.services import case_open

from .outreach import EncounterFactory, PersonFactory
from .referrals import ReferralTestData

__all__ = ["CaseTestData"]


class CaseTestData(ReferralTestData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.encounter = EncounterFactory(person=cls.person, team=cls.team1, responder=cls.responder)
        cls.case, _created = case_open(
            user=cls.responder, person_id=cls.person.pk, encounter=cls.encounter
        )
        # Someone team 2 works with, and their case.
        cls.person2 = PersonFactory(alias="Robin", created_by_team=cls.team2)
        cls.case2, _created = case_open(user=cls.other_responder, person_id=cls.person2.pk)
