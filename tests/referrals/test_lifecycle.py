from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from referrals.models import FollowUp, Referral, ReferralEvent
from referrals.services import (
    OUTCOME_REQUIRED,
    REASON_REQUIRED,
    InvalidTransition,
    referral_transition,
)
from tests.factories import ReferralTestData


class ReferralLifecycleTests(ReferralTestData, TestCase):
    def move(self, referral, status, user=None, **kw):
        return referral_transition(
            user=user or self.responder, referral=referral, status=status, **kw
        )

    def test_happy_path_records_who_and_when(self):
        r = self.make_referral()
        self.assertEqual(r.status, "sent")
        r = self.move(r, "accepted", user=self.provider_a)
        r = self.move(r, "arrived", user=self.provider_a)
        r = self.move(r, "closed", user=self.responder, outcome="engaged")
        self.assertEqual(r.status, "closed")
        self.assertIsNotNone(r.accepted_at)
        self.assertIsNotNone(r.arrived_at)
        self.assertIsNotNone(r.closed_at)
        events = list(r.events.values_list("from_status", "to_status", "by_label"))
        self.assertEqual(
            events,
            [
                ("", "sent", "resp1"),
                ("sent", "accepted", "prov_a"),
                ("accepted", "arrived", "prov_a"),
                ("arrived", "closed", "resp1"),
            ],
        )

    def test_every_invalid_transition_is_refused(self):
        valid = {(k, v) for k, vs in Referral.TRANSITIONS.items() for v in vs}
        targets = ["accepted", "declined", "arrived", "closed", "cancelled"]
        paths = {
            "sent": [],
            "accepted": ["accepted"],
            "arrived": ["accepted", "arrived"],
            "declined": ["declined"],
            "closed": ["accepted", "arrived", "closed"],
            "cancelled": ["cancelled"],
        }
        for start, path in paths.items():
            for target in targets:
                if (start, target) in valid:
                    continue
                with self.subTest(start=start, target=target):
                    r = self.make_referral()
                    for step in path:
                        self.move(r, step, reason="full", outcome="engaged")
                    with self.assertRaises(InvalidTransition):
                        self.move(r, target, reason="full", outcome="engaged")
                    r.refresh_from_db()
                    self.assertEqual(r.status, start)
                    self.assertEqual(r.events.count(), 1 + len(path))

    def test_decline_needs_reason_and_close_needs_outcome(self):
        r = self.make_referral()
        with self.assertRaisesMessage(ValidationError, REASON_REQUIRED):
            self.move(r, "declined", user=self.provider_a)
        r = self.move(r, "accepted")
        with self.assertRaisesMessage(ValidationError, OUTCOME_REQUIRED):
            self.move(r, "closed", outcome="")
        with self.assertRaisesMessage(ValidationError, OUTCOME_REQUIRED):
            self.move(r, "closed", outcome="whatever")
        r = self.move(r, "closed", outcome="lost_to_contact")
        self.assertEqual(r.outcome, "lost_to_contact")

    def test_declined_keeps_reason_and_asks_the_responder_to_find_another_option(self):
        r = self.make_referral()
        r = self.move(r, "declined", user=self.provider_a, reason="No beds tonight")
        self.assertEqual(r.reason, "No beds tonight")
        open_ = FollowUp.objects.open().filter(referral=r)
        self.assertEqual([f.kind for f in open_], ["other"])
        self.assertEqual(open_[0].owner, self.responder)

    def test_provider_cannot_cancel_and_moderator_cannot_touch(self):
        r = self.make_referral()
        with self.assertRaises(PermissionDenied):
            self.move(r, "cancelled", user=self.provider_a)
        with self.assertRaises(PermissionDenied):
            self.move(r, "accepted", user=self.moderator)

    def test_out_of_scope_users_get_does_not_exist(self):
        r = self.make_referral()
        for user in (self.provider_b, self.other_responder):
            with self.subTest(user=user.username), self.assertRaises(Referral.DoesNotExist):
                self.move(r, "accepted", user=user)
        r.refresh_from_db()
        self.assertEqual(r.status, "sent")

    def test_logged_referral_is_never_sent_state(self):
        r = self.make_referral(mode="logged")
        self.assertEqual(r.status, "logged")
        with self.assertRaises(InvalidTransition):
            self.move(r, "accepted")
        r = self.move(r, "arrived")
        self.assertEqual(r.status, "arrived")

    def test_arrival_clears_the_not_arrived_follow_up_and_closing_clears_the_rest(self):
        r = self.make_referral()
        self.assertEqual(
            sorted(FollowUp.objects.open().filter(referral=r).values_list("kind", flat=True)),
            ["check_outcome", "not_arrived"],
        )
        self.move(r, "accepted")
        self.move(r, "arrived")
        self.assertEqual(
            list(FollowUp.objects.open().filter(referral=r).values_list("kind", flat=True)),
            ["check_outcome"],
        )
        self.move(r, "closed", outcome="engaged")
        self.assertFalse(FollowUp.objects.open().filter(referral=r).exists())

    def test_database_refuses_a_closed_referral_without_outcome(self):
        r = self.make_referral()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=r.pk).update(status="closed", outcome="")

    def test_transitions_are_audited(self):
        from staff.models import AuditEvent

        r = self.make_referral()
        self.move(r, "accepted", user=self.provider_a)
        event = AuditEvent.objects.filter(action="referral_status", object_id=str(r.pk)).get()
        self.assertEqual(event.username, "prov_a")
        self.assertEqual(event.person_id, self.person.pk)
        self.assertEqual(ReferralEvent.objects.filter(referral=r).count(), 2)
