"""The minutes-of-week layer search answers from: it must agree with the rules it was laid out from."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.hours import parse_rule, status_from_rules
from directory.hours.weekly import (
    WEEK_SLOTS,
    covers_week,
    hours_summary,
    mask_from_intervals,
    merge_intervals,
    minute_of_week,
    open_between,
    open_status_from_intervals,
    weekly_intervals,
    window_slots,
)

NY = ZoneInfo("America/New_York")
DAY = 1440
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def local(*args):
    return datetime(*args, tzinfo=NY)


def rule(byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="17:00"):
    return parse_rule(
        {"freq": "WEEKLY", "byday": byday, "opens_at": opens_at, "closes_at": closes_at}
    )


@override_settings(TIME_ZONE="America/New_York")
class IntervalTests(SimpleTestCase):
    def test_weekdays_nine_to_five(self):
        intervals = weekly_intervals([rule()], NY)
        self.assertEqual(intervals, [[d * DAY + 540, d * DAY + 1020] for d in range(5)])
        self.assertEqual(hours_summary(intervals, False, True), "Mon–Fri 09:00–17:00")

    def test_overnight_sunday_runs_into_monday(self):
        intervals = weekly_intervals([rule("SU", "22:00", "06:00")], NY)
        self.assertEqual(intervals, [[6 * DAY + 1320, 7 * DAY + 360]])
        # Monday 03:00 is inside Sunday night's opening, seen from the next week.
        self.assertTrue(open_between(intervals, local(2026, 12, 7, 3), local(2026, 12, 7, 3)))
        self.assertFalse(open_between(intervals, local(2026, 12, 7, 7), local(2026, 12, 7, 7)))

    def test_every_hour_of_every_day_is_24_7(self):
        # "Closes 23:59" is how publishers write midnight: 00:00–23:59 every day is round the clock.
        self.assertTrue(
            covers_week(weekly_intervals([rule(",".join(WEEKDAYS), "00:00", "23:59")], NY))
        )
        self.assertFalse(
            covers_week(weekly_intervals([rule(",".join(WEEKDAYS), "00:00", "23:30")], NY))
        )
        always = weekly_intervals([rule(",".join(WEEKDAYS), "00:00", "00:00")], NY)
        self.assertTrue(covers_week(always), always)
        self.assertEqual(hours_summary(always, True, True), "Open 24/7")
        self.assertEqual(
            open_status_from_intervals(always, local(2026, 12, 4, 3)), (True, None, None)
        )

    def test_merge_joins_touching_and_overlapping(self):
        self.assertEqual(merge_intervals([[60, 120], [0, 60], [100, 200], [300, 300]]), [[0, 200]])

    def test_closes_at_and_opens_next_week(self):
        intervals = weekly_intervals([rule("MO", "09:00", "17:00")], NY)
        open_now, opens, closes = open_status_from_intervals(intervals, local(2026, 12, 7, 10))
        self.assertEqual((open_now, opens, closes), (True, None, local(2026, 12, 7, 17)))
        open_now, opens, closes = open_status_from_intervals(intervals, local(2026, 12, 7, 18))
        self.assertEqual((open_now, opens, closes), (False, local(2026, 12, 14, 9), None))

    def test_a_window_that_touches_an_opening(self):
        intervals = weekly_intervals([rule("FR", "18:00", "20:00")], NY)
        self.assertTrue(open_between(intervals, local(2026, 12, 4, 17), local(2026, 12, 4, 18, 30)))
        self.assertFalse(
            open_between(intervals, local(2026, 12, 4, 12), local(2026, 12, 4, 17, 59))
        )

    def test_mask_has_two_weeks_and_marks_the_hours(self):
        mask = mask_from_intervals(weekly_intervals([rule("MO", "09:00", "11:00")], NY))
        self.assertEqual(len(mask), 2 * WEEK_SLOTS)
        self.assertEqual(
            [i for i, bit in enumerate(mask) if bit == "1"],
            [9, 10, WEEK_SLOTS + 9, WEEK_SLOTS + 10],
        )

    def test_wall_clock_hours_hold_across_the_dst_change(self):
        # 1 November 2026 is the fall-back Sunday; local 09:00 is still 09:00 that day.
        intervals = weekly_intervals([rule("SU", "09:00", "10:00")], NY)
        self.assertTrue(
            open_between(intervals, local(2026, 11, 1, 9, 30), local(2026, 11, 1, 9, 30))
        )
        self.assertEqual(minute_of_week(local(2026, 11, 1, 9, 30)), 6 * DAY + 570)


times = st.sampled_from(
    ["00:00", "06:00", "08:30", "09:00", "12:00", "17:00", "20:00", "22:00", "23:30"]
)
rules = st.lists(
    st.tuples(
        st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True), times, times
    ).filter(lambda r: r[1] != r[2]),
    min_size=1,
    max_size=3,
)
# Instants over a year, so DST changes (March, November) are crossed.
instants = st.integers(0, 365 * DAY - 1).map(
    lambda m: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=m)
)


@override_settings(TIME_ZONE="America/New_York")
class AgreesWithTheRulesTests(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(rules, instants)
    def test_open_now_agrees_with_the_rule_engine(self, specs, at):
        parsed = [rule(",".join(days), opens, closes) for days, opens, closes in specs]
        rows = [
            {"freq": "WEEKLY", "byday": ",".join(d), "opens_at": o, "closes_at": c}
            for d, o, c in specs
        ]
        exact = status_from_rules(rows, [], at, NY)
        intervals = weekly_intervals(parsed, NY)
        local_at = at.astimezone(NY)
        if local_at.fold or (local_at + timedelta(hours=1)).utcoffset() != local_at.utcoffset():
            return  # the repeated or skipped hour of a DST change: wall-clock minutes are ambiguous there
        open_now, _opens, _closes = open_status_from_intervals(intervals, at)
        self.assertEqual(open_now, exact.open, (specs, local_at))
        self.assertEqual(open_between(intervals, at, at), exact.open)

    @settings(max_examples=200, deadline=None)
    @given(rules, instants, st.integers(0, 3 * DAY))
    def test_the_mask_never_misses_an_opening(self, specs, at, minutes):
        intervals = weekly_intervals([rule(",".join(d), o, c) for d, o, c in specs], NY)
        end = at + timedelta(minutes=minutes)
        first, count = window_slots(at, end)
        if open_between(intervals, at, end):
            self.assertIn("1", mask_from_intervals(intervals)[first : first + count])
