"""A case per person and episode: open → active → inactive → closed, invalid moves refused."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from cases.models import Case, CaseStatus
from cases.services import (
    InvalidTransition,
    case_assign,
    case_note_add,
    case_open,
    case_transition,
)
from cases.services.errors import NOT_ON_TEAM, REASON_REQUIRED
from staff.models import AuditEvent
from tests.factories import CaseTestData


class CaseLifecycleTests(CaseTestData, TestCase):
    def test_opened_from_a_contact_assigned_to_the_worker_and_team(self):
        self.assertEqual(self.case.status, CaseStatus.OPEN)
        self.assertEqual(self.case.encounter, self.encounter)
        self.assertEqual(self.case.assigned_to, self.responder)
        self.assertEqual(self.case.team, self.team1)
        self.assertTrue(
            AuditEvent.objects.filter(action="case_open", person_id=self.person.pk).exists()
        )

    def test_one_episode_at_a_time(self):
        again, created = case_open(user=self.responder_same_team, person_id=self.person.pk)
        self.assertFalse(created)
        self.assertEqual(again, self.case)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Case.objects.create(
                person=self.person, assigned_to=self.responder, opened_by=self.responder
            )

    def test_whole_lifecycle_then_a_new_episode(self):
        case = case_transition(user=self.responder, case=self.case, status="active")
        case = case_transition(user=self.responder, case=case, status="inactive")
        case = case_transition(user=self.responder, case=case, status="active")
        case = case_transition(
            user=self.responder,
            case=case,
            status="closed",
            closure_reason="goals_met",
            outcome="improved",
        )
        self.assertEqual(case.status, CaseStatus.CLOSED)
        self.assertIsNotNone(case.closed_at)
        new, created = case_open(user=self.responder, person_id=self.person.pk)
        self.assertTrue(created)
        self.assertNotEqual(new.pk, case.pk)

    def test_invalid_transitions_are_refused(self):
        closed = case_transition(
            user=self.responder,
            case=self.case,
            status="closed",
            closure_reason="lost_to_contact",
            outcome="unknown",
        )
        for status in ("open", "active", "inactive", "closed"):
            with self.assertRaises(InvalidTransition):
                case_transition(
                    user=self.responder,
                    case=closed,
                    status=status,
                    closure_reason="other",
                    outcome="unknown",
                )
        case2 = case_transition(user=self.other_responder, case=self.case2, status="active")
        with self.assertRaises(InvalidTransition):
            case_transition(user=self.other_responder, case=case2, status="open")

    def test_closing_needs_a_reason_and_an_outcome(self):
        with self.assertRaises(ValidationError) as caught:
            case_transition(user=self.responder, case=self.case, status="closed")
        self.assertIn(REASON_REQUIRED, caught.exception.messages)
        with self.assertRaises(ValidationError):
            case_transition(
                user=self.responder, case=self.case, status="closed", closure_reason="goals_met"
            )
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.OPEN)

    def test_other_team_and_providers_cannot_move_or_note_a_case(self):
        with self.assertRaises(Case.DoesNotExist):
            case_transition(user=self.other_responder, case=self.case, status="active")
        for user in (self.provider_a, self.moderator):
            with self.assertRaises(PermissionDenied):
                case_transition(user=user, case=self.case, status="active")
            with self.assertRaises(PermissionDenied):
                case_note_add(user=user, case=self.case, text="x")
        with self.assertRaises(PermissionDenied):
            case_note_add(user=self.other_responder, case=self.case, text="x")

    def test_assign_within_the_team_only(self):
        case = case_assign(user=self.responder, case=self.case, assignee=self.responder_same_team)
        self.assertEqual(case.assigned_to, self.responder_same_team)
        with self.assertRaises(ValidationError) as caught:
            case_assign(user=self.responder, case=self.case, assignee=self.other_responder)
        self.assertIn(NOT_ON_TEAM, caught.exception.messages)

    def test_pages_change_status_and_refuse_invalid_moves(self):
        self.client.force_login(self.responder)
        url = f"/outreach/cases/{self.case.pk}/status/"
        self.client.post(url, {"status": "active"})
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, "active")
        response = self.client.post(url, {"status": "open"}, follow=True)
        self.assertContains(response, "not possible")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, "active")
        self.client.post(
            url, {"status": "closed", "closure_reason": "goals_met", "outcome": "stable"}
        )
        self.case.refresh_from_db()
        self.assertEqual((self.case.status, self.case.outcome), ("closed", "stable"))


class CaseOpenPageTests(CaseTestData, TestCase):
    def test_opened_from_the_person_card_with_the_latest_contact(self):
        from tests.factories import EncounterFactory, PersonFactory

        newcomer = PersonFactory(alias="Lark", created_by_team=self.team1)
        contact = EncounterFactory(person=newcomer, team=self.team1, responder=self.responder)
        self.client.force_login(self.responder)
        card = self.client.get(f"/outreach/people/{newcomer.pk}/")
        self.assertContains(card, f'name="encounter" value="{contact.pk}"')
        response = self.client.post(
            "/outreach/cases/open/", {"person": str(newcomer.pk), "encounter": str(contact.pk)}
        )
        case = Case.objects.get(person=newcomer)
        self.assertRedirects(response, f"/outreach/cases/{case.pk}/")
        self.assertEqual(case.encounter, contact)

    def test_another_teams_open_case_is_named_not_shown(self):
        from tests.factories import EncounterFactory

        EncounterFactory(person=self.person, team=self.team2, responder=self.other_responder)
        self.client.force_login(self.other_responder)
        response = self.client.post(
            "/outreach/cases/open/", {"person": str(self.person.pk)}, follow=True
        )
        self.assertContains(response, "open case with another team")
        self.assertNotContains(response, f"/outreach/cases/{self.case.pk}/")
        self.assertEqual(Case.objects.filter(person=self.person).count(), 1)

    def test_a_person_out_of_scope_is_404(self):
        self.client.force_login(self.other_responder)
        response = self.client.post("/outreach/cases/open/", {"person": str(self.person.pk)})
        self.assertEqual(response.status_code, 404)
