import datetime as dt

from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from referrals.models import FollowUp
from referrals.selectors import followup_assignee, followup_list_due, open_loop_list
from referrals.services import followup_complete
from referrals.tasks import send_follow_up_reminders
from tests.factories import ReferralTestData, ShiftAssignmentFactory


class FollowUpTests(ReferralTestData, TestCase):
    def test_rules_come_from_settings(self):
        rules = [{"kind": "not_arrived", "after_hours": 2, "label": "2 h check"}]
        with override_settings(REFERRAL_FOLLOW_UP_RULES=rules):
            r = self.make_referral()
        f = FollowUp.objects.get(referral=r)
        self.assertEqual(f.label, "2 h check")
        self.assertAlmostEqual((f.due_at - r.sent_at).total_seconds(), 7200, delta=1)

    def test_default_rules_24h_and_72h(self):
        r = self.make_referral()
        hours = sorted((f.due_at - r.sent_at).total_seconds() / 3600 for f in r.follow_ups.all())
        self.assertEqual(hours, [24, 72])

    def test_today_shows_due_and_overdue_and_done_removes(self):
        past = timezone.now() - dt.timedelta(hours=30)
        r = self.make_referral_at(past)
        items = followup_list_due(user=self.responder)
        self.assertEqual([(i.follow_up.kind, i.overdue) for i in items], [("not_arrived", True)])
        items_later = followup_list_due(user=self.responder, horizon_hours=72)
        self.assertEqual(len(items_later), 2)
        followup_complete(user=self.responder, follow_up=items[0].follow_up)
        self.assertEqual(followup_list_due(user=self.responder), [])
        self.client.force_login(self.responder)
        self.assertEqual(self.client.get("/outreach/today/").status_code, 200)
        self.assertTrue(r.follow_ups.filter(done_by=self.responder).exists())

    def make_referral_at(self, when):
        from referrals.services import referral_create
        from tests.factories import referral_data

        referral, _ = referral_create(
            user=self.responder,
            data=referral_data(person=self.person, service=self.service_a),
            at=when,
        )
        return referral

    def test_off_shift_owner_tasks_go_to_whoever_is_on_duty(self):
        self.make_referral_at(timezone.now() - dt.timedelta(hours=30))
        now = timezone.now()
        ShiftAssignmentFactory(team=self.team1, user=self.responder_same_team)
        ShiftAssignmentFactory(
            team=self.team1,
            user=self.responder,
            starts_at=now - dt.timedelta(hours=20),
            ends_at=now - dt.timedelta(hours=12),
        )
        covering = followup_list_due(user=self.responder_same_team)
        self.assertEqual(len(covering), 1)
        self.assertTrue(covering[0].covering)
        self.assertEqual(
            followup_assignee(follow_up=covering[0].follow_up), self.responder_same_team
        )
        # The owner still sees their own task too: nothing overdue is ever invisible.
        self.assertEqual(len(followup_list_due(user=self.responder)), 1)
        # Another team's on-duty member does not get it.
        ShiftAssignmentFactory(team=self.team2, user=self.other_responder)
        self.assertEqual(followup_list_due(user=self.other_responder), [])

    def test_nothing_overdue_is_ever_invisible(self):
        for hours in (30, 80, 100):
            self.make_referral_at(timezone.now() - dt.timedelta(hours=hours))
        ShiftAssignmentFactory(
            team=self.team1,
            user=self.responder_same_team,
            starts_at=timezone.now() - dt.timedelta(days=3),
            ends_at=timezone.now() - dt.timedelta(days=2),
        )
        overdue = set(
            FollowUp.objects.open().filter(due_at__lte=timezone.now()).values_list("pk", flat=True)
        )
        self.assertTrue(overdue)
        seen = set()
        for user in (
            self.responder,
            self.responder_same_team,
            self.other_responder,
            self.supervisor,
        ):
            seen |= {i.follow_up.pk for i in followup_list_due(user=user)}
        self.assertEqual(overdue - seen, set())
        # ...and the supervisor sees every open loop, oldest first.
        loops = open_loop_list(user=self.supervisor)
        self.assertEqual(len(loops), 3)
        self.assertEqual(loops, sorted(loops, key=lambda r: r.sent_at))
        self.client.force_login(self.supervisor)
        response = self.client.get("/outreach/referrals/open/")
        self.assertContains(response, "Night shelter", count=3)

    def test_reminders_by_email_through_the_task(self):
        self.make_referral_at(timezone.now() - dt.timedelta(hours=30))
        result = send_follow_up_reminders.enqueue()
        self.assertEqual(result.return_value, 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.responder.email])
        self.assertNotIn("Sunny", mail.outbox[0].body)
        # Reminded once per due time.
        self.assertEqual(send_follow_up_reminders.enqueue().return_value, 0)
