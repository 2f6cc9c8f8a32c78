"""Today as a worklist: overdue first, each person named, today and tomorrow split at local
midnight (settings.TIME_ZONE), and call / arrived / done one tap each."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import TestCase, override_settings
from django.utils import timezone

from referrals.models import FollowUp, FollowUpKind, ReferralStatus
from referrals.selectors import followup_due_today_count, followup_worklist
from staff.models import AuditEvent
from tests.factories import FollowUpFactory, ReferralTestData

NEW_YORK = ZoneInfo("America/New_York")


@override_settings(TIME_ZONE="America/New_York")
class TodayWorklistTests(ReferralTestData, TestCase):
    def setUp(self):
        self.referral = self.make_referral()
        FollowUp.objects.all().delete()  # only the ones each test makes

    def due(self, at, label="Check in"):
        return FollowUpFactory(
            referral=self.referral,
            kind=FollowUpKind.NOT_ARRIVED,
            label=label,
            due_at=at,
            owner=self.responder,
        )

    def test_tomorrow_is_not_today_in_new_york_even_when_it_is_today_in_utc(self):
        # 19:00 in New York is already the next day in UTC; 23:30 is still today in New York.
        now = dt.datetime(2026, 11, 23, 19, 0, tzinfo=NEW_YORK)
        late_tonight = self.due(dt.datetime(2026, 11, 23, 23, 30, tzinfo=NEW_YORK), "tonight")
        after_midnight = self.due(dt.datetime(2026, 11, 24, 0, 30, tzinfo=NEW_YORK), "tomorrow")
        overdue = self.due(dt.datetime(2026, 11, 22, 9, 0, tzinfo=NEW_YORK), "yesterday")
        self.due(dt.datetime(2026, 11, 25, 9, 0, tzinfo=NEW_YORK), "later")
        worklist = followup_worklist(user=self.responder, at=now)
        self.assertEqual([i.follow_up for i in worklist.overdue], [overdue])
        self.assertEqual([i.follow_up for i in worklist.today], [late_tonight])
        self.assertEqual([i.follow_up for i in worklist.tomorrow], [after_midnight])
        self.assertEqual(worklist.count, 2)
        self.assertEqual(followup_due_today_count(user=self.responder, at=now), 2)

    def test_the_page_names_the_person_puts_overdue_first_and_is_audited(self):
        now = timezone.now()
        self.due(now + dt.timedelta(minutes=1), "soon")
        self.due(now - dt.timedelta(hours=3), "late")
        self.client.force_login(self.responder)
        page = self.client.get("/outreach/today/").content.decode()
        self.assertIn(self.person.display_name, page)
        self.assertLess(page.index("Overdue"), page.index("Later today"))
        self.assertLess(page.index("late ·"), page.index("soon ·"))
        self.assertIn('href="tel:', page)  # the provider's phone
        self.assertTrue(
            AuditEvent.objects.filter(
                user=self.responder, person_id=self.person.pk, detail="today"
            ).exists()
        )

    def test_arrived_and_done_from_today_come_back_to_today(self):
        follow_up = self.due(timezone.now() - dt.timedelta(hours=1))
        self.referral.status = ReferralStatus.ACCEPTED
        self.referral.save(update_fields=["status"])
        self.client.force_login(self.responder)
        self.assertContains(self.client.get("/outreach/today/"), ">Arrived</button>")
        response = self.client.post(
            f"/outreach/referrals/{self.referral.pk}/status/",
            {"status": "arrived", "back": "today"},
        )
        self.assertRedirects(response, "/outreach/today/", fetch_redirect_response=False)
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, ReferralStatus.ARRIVED)
        response = self.client.post(f"/outreach/follow-ups/{follow_up.pk}/done/")
        self.assertRedirects(response, "/outreach/today/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/outreach/today/"), "Nothing due today.")

    def test_another_teams_follow_ups_are_not_listed(self):
        self.due(timezone.now())
        self.client.force_login(self.other_responder)
        self.assertNotContains(self.client.get("/outreach/today/"), self.person.display_name)
