"""The pure layer: status_from_rules on HSDS-shaped dicts, as a search engine with cached rows calls it."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.hours import (
    OpeningStatus,
    is_open_between_rules,
    openings_between,
    parse_rule,
    rule_from_schedule,
    status_from_rules,
)
from directory.hours.rules import UnusableSchedule

NY = ZoneInfo("America/New_York")
UTC = UTC
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def local(*args, fold=0):
    return datetime(*args, tzinfo=NY, fold=fold)


def row(**fields):
    return {
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR",
        "opens_at": "09:00:00",
        "closes_at": "17:00:00",
        **fields,
    }


def status(rows, at, closures=()):
    return status_from_rules(rows, closures, at, NY)


class RecurrenceTests(SimpleTestCase):
    def test_every_other_wednesday_counted_from_dtstart(self):
        rows = [
            row(byday="WE", interval=2, dtstart="2026-11-04", opens_at="10:00", closes_at="12:00")
        ]
        self.assertTrue(status(rows, local(2026, 11, 18, 11)).open)
        off_week = status(rows, local(2026, 11, 25, 11))
        self.assertFalse(off_week.open)
        self.assertEqual(off_week.opens_at, local(2026, 12, 2, 10))

    def test_fortnightly_phase_holds_years_after_dtstart(self):
        rows = [row(byday="WE", interval=2, dtstart="2005-01-05")]  # a Wednesday
        weeks = (local(2026, 11, 18) - local(2005, 1, 5)).days // 7
        on, off = (
            (local(2026, 11, 18, 10), local(2026, 11, 25, 10))
            if weeks % 2 == 0
            else (
                local(2026, 11, 25, 10),
                local(2026, 11, 18, 10),
            )
        )
        self.assertTrue(status(rows, on).open)
        self.assertFalse(status(rows, off).open)

    def test_interval_without_a_start_date_is_unusable(self):
        self.assertIsNone(rule_from_schedule(row(interval=2)))
        self.assertEqual(
            status([row(interval=2)], local(2026, 11, 24, 10)), OpeningStatus(known=False)
        )

    def test_count_stops_after_that_many_openings(self):
        rows = [row(byday="MO", dtstart="2026-11-02", count=3)]  # Nov 2, 9, 16
        self.assertTrue(status(rows, local(2026, 11, 16, 10)).open)
        after = status(rows, local(2026, 11, 17, 10))
        self.assertEqual(after, OpeningStatus(known=True, opens_at=None))

    def test_until_is_the_last_opening_date(self):
        rows = [row(byday="MO", until="2026-11-30")]
        self.assertEqual(status(rows, local(2026, 11, 24, 10)).opens_at, local(2026, 11, 30, 9))
        self.assertIsNone(status(rows, local(2026, 12, 1, 10)).opens_at)

    def test_days_of_the_month(self):
        rows = [row(freq="MONTHLY", byday="", bymonthday="1,15")]
        self.assertEqual(status(rows, local(2026, 11, 16, 10)).opens_at, local(2026, 12, 1, 9))
        self.assertTrue(status(rows, local(2026, 11, 15, 10)).open)

    def test_weekly_from_dtstart_without_byday_uses_its_weekday(self):
        rows = [row(byday="", dtstart="2026-11-05")]  # a Thursday
        self.assertEqual(status(rows, local(2026, 11, 23, 10)).opens_at, local(2026, 11, 26, 9))
        self.assertIsNone(rule_from_schedule(row(byday="")))

    def test_weekly_with_an_ordinal_day_means_monthly(self):
        rows = [row(byday="2SA", opens_at="09:00", closes_at="12:00")]
        self.assertFalse(status(rows, local(2026, 11, 21, 10)).open)  # third Saturday
        self.assertEqual(status(rows, local(2026, 11, 21, 10)).opens_at, local(2026, 12, 12, 9))

    def test_blank_freq_is_inferred(self):
        self.assertTrue(status([row(freq="")], local(2026, 11, 24, 10)).open)
        self.assertEqual(
            status([row(freq="", byday="1SA")], local(2026, 11, 8, 10)).opens_at,
            local(2026, 12, 5, 9),
        )
        daily = status([row(freq="", byday="")], local(2026, 11, 29, 10))
        self.assertTrue(daily.open)

    def test_day_names_and_strings_as_hsds_writes_them(self):
        rows = [row(byday="Monday, Wed", opens_at="9:30", closes_at="13:00:00")]
        self.assertTrue(status(rows, local(2026, 11, 25, 9, 30)).open)
        self.assertFalse(status(rows, local(2026, 11, 24, 10)).open)

    def test_garbage_is_unusable_not_guessed(self):
        for bad in (
            row(byday="MO,XX"),
            row(byday="T"),
            row(opens_at="9am"),
            row(closes_at=None),
            row(freq="HOURLY"),
            row(bymonthday="32"),
            row(timezone="east"),
            row(byday="0MO", freq="MONTHLY"),
        ):
            with self.subTest(row=bad), self.assertRaises(UnusableSchedule):
                parse_rule(bad)

    def test_objects_with_attributes_work_like_rows(self):
        schedule = SimpleNamespace(freq="WEEKLY", byday="TU", opens_at="10:00", closes_at="11:00")
        self.assertTrue(status([schedule], local(2026, 11, 24, 10, 30)).open)

    def test_parsed_rules_can_be_cached_and_passed_back(self):
        rule = parse_rule(row())
        self.assertEqual(
            status([rule], local(2026, 11, 24, 10)), status([row()], local(2026, 11, 24, 10))
        )


class UtcOffsetTests(SimpleTestCase):
    def test_utc_hours_are_converted(self):
        rows = [row(byday=EVERY_DAY, timezone=0)]  # 09:00–17:00 UTC = 04:00–12:00 EST
        self.assertTrue(status(rows, local(2026, 11, 24, 4, 30)).open)
        closed = status(rows, local(2026, 11, 24, 12, 30))
        self.assertFalse(closed.open)
        self.assertEqual(closed.opens_at, local(2026, 11, 25, 4))

    def test_pacific_offset_is_fixed_all_year(self):
        rows = [row(byday=EVERY_DAY, timezone=-8)]
        self.assertEqual(status(rows, local(2026, 11, 24, 8)).opens_at, local(2026, 11, 24, 12))
        self.assertEqual(status(rows, local(2026, 7, 14, 8)).opens_at, local(2026, 7, 14, 13))

    def test_the_local_zones_own_offset_means_local_time_with_dst(self):
        for offset in (-5, -4, "-5"):
            with self.subTest(offset=offset):
                rows = [row(byday=EVERY_DAY, timezone=offset)]
                self.assertEqual(
                    status(rows, local(2026, 7, 14, 8)).opens_at, local(2026, 7, 14, 9)
                )
                self.assertEqual(
                    status(rows, local(2026, 1, 14, 8)).opens_at, local(2026, 1, 14, 9)
                )

    def test_offset_written_on_the_time(self):
        rows = [row(byday=EVERY_DAY, opens_at="09:00:00Z", closes_at="17:00:00Z")]
        self.assertEqual(status(rows, local(2026, 11, 24, 2)).opens_at, local(2026, 11, 24, 4))


class ClosureRowTests(SimpleTestCase):
    def test_dict_closures(self):
        closures = [{"starts_on": "2026-11-26", "ends_on": "2026-11-27", "reason": "Thanksgiving"}]
        closed = status([row()], local(2026, 11, 27, 10), closures)
        self.assertEqual(closed.closed_reason, "Thanksgiving")
        self.assertEqual(closed.opens_at, local(2026, 11, 30, 9))

    def test_openings_between_lists_the_week(self):
        week = openings_between([row()], [], local(2026, 11, 23), local(2026, 11, 30), NY)
        self.assertEqual([o.starts for o in week], [local(2026, 11, d, 9) for d in range(23, 28)])
        self.assertTrue(all(o.duration == timedelta(hours=8) for o in week))

    def test_empty_or_backwards_window_is_never_open(self):
        always = [row(byday=EVERY_DAY, opens_at="00:00", closes_at="00:00")]
        self.assertFalse(
            is_open_between_rules(always, [], local(2026, 11, 24, 10), local(2026, 11, 24, 10), NY)
        )
        self.assertFalse(
            is_open_between_rules(always, [], local(2026, 11, 24, 10), local(2026, 11, 24, 9), NY)
        )


SAMPLE_ROWS = [
    row(),
    row(byday=EVERY_DAY, opens_at="19:00", closes_at="07:00"),
    row(byday="TH,FR,SA", opens_at="21:00", closes_at="02:00"),
    row(byday="SA", opens_at="01:30", closes_at="02:30"),  # meets both DST nights head-on
    row(freq="MONTHLY", byday="-1FR", opens_at="13:00", closes_at="15:00"),
    row(byday="MO", opens_at="19:00", closes_at="07:00"),
    row(byday="TU", opens_at="07:00", closes_at="12:00"),
]
CLOSURES = [
    SimpleNamespace(starts_on=date(2026, 11, 26), ends_on=date(2026, 11, 26), reason="Thanksgiving")
]
MOMENTS = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)


class ConsistencyTests(SimpleTestCase):
    """Whatever the moment, the answers agree with each other (including across both DST nights)."""

    @settings(max_examples=150, deadline=None)
    @given(
        at=MOMENTS,
        rows=st.lists(st.sampled_from(SAMPLE_ROWS), min_size=1, max_size=3, unique_by=id),
    )
    def test_status_agrees_with_itself(self, at, rows):
        now = status(rows, at, CLOSURES)
        self.assertTrue(now.known)
        one_second = is_open_between_rules(rows, CLOSURES, at, at + timedelta(seconds=1), NY)
        self.assertEqual(now.open, one_second)
        if now.open:
            self.assertIsNone(now.opens_at)
            self.assertGreater(now.closes_at, at)
            self.assertFalse(status(rows, now.closes_at, CLOSURES).open)
            self.assertTrue(status(rows, now.closes_at - timedelta(seconds=1), CLOSURES).open)
        else:
            self.assertIsNone(now.closes_at)
            self.assertGreater(now.opens_at, at)
            self.assertTrue(status(rows, now.opens_at, CLOSURES).open)
            self.assertFalse(is_open_between_rules(rows, CLOSURES, at, now.opens_at, NY))
