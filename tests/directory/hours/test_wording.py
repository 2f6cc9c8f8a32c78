"""The one wording of opening hours: a time as the public pages and the search cards both say it."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from django.utils import translation

from directory.hours import OpeningStatus
from directory.hours.wording import moment, schedule_sentence, status_line

NY = ZoneInfo("America/New_York")
FRIDAY_EVENING = datetime(2026, 12, 4, 19, 30, tzinfo=NY)


def local(*args):
    return datetime(*args, tzinfo=NY)


class MomentTests(SimpleTestCase):
    def test_today_tomorrow_and_another_day(self):
        self.assertEqual(moment(local(2026, 12, 4, 21), now=FRIDAY_EVENING), "9 p.m.")
        self.assertEqual(moment(local(2026, 12, 5, 8), now=FRIDAY_EVENING), "tomorrow 8 a.m.")
        self.assertEqual(moment(local(2026, 12, 7, 9, 30), now=FRIDAY_EVENING), "Mon 9:30 a.m.")

    def test_days_are_local_days(self):
        # 01:00 UTC on Saturday is still Friday evening in Hartford.
        self.assertEqual(
            moment(datetime(2026, 12, 5, 1, 0, tzinfo=ZoneInfo("UTC")), now=FRIDAY_EVENING),
            "8 p.m.",
        )

    def test_in_spanish(self):
        with translation.override("es"):
            self.assertEqual(moment(local(2026, 12, 5, 8), now=FRIDAY_EVENING), "mañana 08:00")


class StatusLineTests(SimpleTestCase):
    def line(self, status, closed_today=None):
        return status_line(status, closed_today=closed_today, now=FRIDAY_EVENING)

    def test_open_and_closed(self):
        closes = OpeningStatus(known=True, open=True, closes_at=local(2026, 12, 5, 7))
        self.assertEqual(self.line(closes), ("open", "Open now · closes tomorrow 7 a.m."))
        opens = OpeningStatus(known=True, opens_at=local(2026, 12, 7, 9))
        self.assertEqual(self.line(opens), ("closed", "Closed now · opens Mon 9 a.m."))
        self.assertEqual(
            self.line(OpeningStatus(known=True, always_open=True)), ("open", "Open 24/7")
        )
        self.assertEqual(self.line(OpeningStatus(known=True)), ("closed", "Closed now"))

    def test_unknown_hours_say_what_to_do(self):
        self.assertEqual(self.line(None), ("unknown", "Hours not listed: call first"))
        self.assertEqual(self.line(OpeningStatus()), ("unknown", "Hours not listed: call first"))

    def test_a_closure_today_wins(self):
        closes = OpeningStatus(known=True, open=True, closes_at=local(2026, 12, 5, 7))
        flood = SimpleNamespace(reason="Flooded basement")
        self.assertEqual(self.line(closes, flood), ("closed", "Closed today: Flooded basement"))
        plain = SimpleNamespace(reason="Closed today")
        self.assertEqual(self.line(closes, plain), ("closed", "Closed today"))


def row(byday="MO,TU,WE,TH,FR", opens="09:00", closes="17:00", **more):
    return {"freq": "WEEKLY", "byday": byday, "opens_at": opens, "closes_at": closes, **more}


EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


class ScheduleSentenceTests(SimpleTestCase):
    def test_weekly_rows_are_said_from_their_rule(self):
        self.assertEqual(
            schedule_sentence(row(EVERY_DAY, "00:00", "23:59")), "Open 24 hours, every day."
        )
        self.assertEqual(schedule_sentence(row()), "Mon–Fri, 9 a.m. to 5 p.m.")
        self.assertEqual(
            schedule_sentence(row("SA,SU", "10:00", "14:00")), "Sat, Sun, 10 a.m. to 2 p.m."
        )
        self.assertEqual(
            schedule_sentence(row("MO,WE,FR", "17:00", "18:30")),
            "Mon, Wed, Fri, 5 p.m. to 6:30 p.m.",
        )
        self.assertEqual(
            schedule_sentence(row(EVERY_DAY, "19:00", "07:00")),
            "Every day, 7 p.m. to 7 a.m. the next day",
        )
        self.assertEqual(
            schedule_sentence(row("TH,FR,SA", "21:00", "02:00")),
            "Thu–Sat, 9 p.m. to 2 a.m. the next day",
        )
        self.assertEqual(
            schedule_sentence(row(EVERY_DAY, "19:00", "00:00")), "Every day, 7 p.m. to midnight"
        )

    def test_every_other_week_counts_its_weeks(self):
        fortnightly = row("TU", "09:00", "12:00", interval=2, dtstart="2026-01-06")
        self.assertEqual(schedule_sentence(fortnightly), "Tue, every 2 weeks, 9 a.m. to noon")

    def test_what_it_cannot_say_is_left_to_the_description(self):
        self.assertIsNone(schedule_sentence(row("2SA", freq="MONTHLY")))
        self.assertIsNone(schedule_sentence(row("MO", None, None)))
