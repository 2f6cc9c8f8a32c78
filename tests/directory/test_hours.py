"""directory.hours against real ServicePage/Schedule/Closure rows (TIME_ZONE America/New_York).

Reference week: Mon 2026-11-23 … Thu 2026-11-26 is Thanksgiving … Mon 2026-11-30.
DST: spring forward Sun 2026-03-08 02:00, fall back Sun 2026-11-01 02:00.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.test import TestCase

from directory.hours import (
    HOURS_PREFETCH,
    OpeningStatus,
    is_open_between,
    opening_status,
    openings_between,
    rules_for,
)
from directory.models import ServicePage
from tests.factories import (
    ClosureFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServicePageFactory,
)

NY = ZoneInfo("America/New_York")
UTC = UTC
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def local(*args, fold=0):
    return datetime(*args, tzinfo=NY, fold=fold)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def office(**kwargs):
    """Mon–Fri 09:00–17:00 (the factory's defaults)."""
    return ScheduleFactory(**kwargs).service


def shelter(**kwargs):
    """Every night 19:00–07:00."""
    return ScheduleFactory(byday=EVERY_DAY, opens_at="19:00", closes_at="07:00", **kwargs).service


class WeekdayOfficeHoursTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.service = office()

    def test_open_on_tuesday_morning_until_five(self):
        status = opening_status(self.service, local(2026, 11, 24, 10))
        self.assertEqual(
            status,
            OpeningStatus(
                known=True,
                open=True,
                always_open=False,
                closes_at=local(2026, 11, 24, 17),
                opens_at=None,
            ),
        )

    def test_closed_on_saturday_opens_next_monday_at_nine(self):
        status = opening_status(self.service, local(2026, 11, 28, 12))
        self.assertTrue(status.known)
        self.assertFalse(status.open)
        self.assertIsNone(status.closes_at)
        self.assertEqual(status.opens_at, local(2026, 11, 30, 9))
        self.assertEqual(status.closed_reason, "")

    def test_before_opening_it_opens_the_same_morning(self):
        self.assertEqual(
            opening_status(self.service, local(2026, 11, 24, 8, 59)).opens_at,
            local(2026, 11, 24, 9),
        )

    def test_closing_minute_is_closed_and_the_one_before_is_open(self):
        self.assertTrue(opening_status(self.service, local(2026, 11, 27, 16, 59)).open)
        at_five = opening_status(self.service, local(2026, 11, 27, 17))
        self.assertFalse(at_five.open)
        self.assertEqual(at_five.opens_at, local(2026, 11, 30, 9))

    def test_answers_are_in_the_local_zone(self):
        status = opening_status(self.service, local(2026, 11, 24, 10))
        self.assertEqual(status.closes_at.utcoffset(), timedelta(hours=-5))
        self.assertEqual(status.closes_at.astimezone(UTC), utc(2026, 11, 24, 22))


class AlwaysOpenTests(TestCase):
    def test_midnight_to_midnight_every_day_is_24_7(self):
        service = ScheduleFactory(byday=EVERY_DAY, opens_at="00:00", closes_at="00:00").service
        status = opening_status(service, local(2026, 11, 24, 3))
        self.assertEqual(status, OpeningStatus(known=True, open=True, always_open=True))

    def test_closing_at_23_59_means_midnight(self):
        service = ScheduleFactory(byday=EVERY_DAY, opens_at="00:00", closes_at="23:59").service
        status = opening_status(service, local(2026, 11, 24, 23, 59, 30))
        self.assertTrue(status.open)
        self.assertTrue(status.always_open)

    def test_every_day_without_times_is_24_7(self):
        service = ScheduleFactory(
            byday=EVERY_DAY, opens_at=None, closes_at=None, description="24/7"
        ).service
        self.assertTrue(opening_status(service, local(2026, 11, 24, 3)).always_open)

    def test_some_days_without_times_are_unknown(self):
        service = ScheduleFactory(
            opens_at=None, closes_at=None, description="Call for hours"
        ).service
        self.assertEqual(
            opening_status(service, local(2026, 11, 24, 10)), OpeningStatus(known=False)
        )

    def test_24_7_is_not_broken_by_either_dst_night(self):
        service = ScheduleFactory(byday=EVERY_DAY, opens_at="00:00", closes_at="00:00").service
        for at in (
            datetime(2026, 3, 8, 2, 30),
            local(2026, 3, 8, 0, 30),
            local(2026, 11, 1, 1, 30, fold=1),
        ):
            with self.subTest(at=at):
                self.assertTrue(opening_status(service, at).always_open)

    def test_closure_next_week_turns_24_7_into_a_closing_time(self):
        service = ScheduleFactory(byday=EVERY_DAY, opens_at="00:00", closes_at="00:00").service
        ClosureFactory(service=service, starts_on=date(2026, 11, 26), reason="Thanksgiving")
        status = opening_status(service, local(2026, 11, 24, 12))
        self.assertTrue(status.open)
        self.assertFalse(status.always_open)
        self.assertEqual(status.closes_at, local(2026, 11, 26, 0))


class OvernightShelterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.service = shelter()

    def test_open_at_two_in_the_morning_until_seven(self):
        status = opening_status(self.service, local(2026, 11, 24, 2))
        self.assertTrue(status.open)
        self.assertEqual(status.closes_at, local(2026, 11, 24, 7))
        self.assertIsNone(status.opens_at)

    def test_closed_at_noon_opens_at_seven_tonight(self):
        status = opening_status(self.service, local(2026, 11, 24, 12))
        self.assertFalse(status.open)
        self.assertEqual(status.opens_at, local(2026, 11, 24, 19))

    def test_evening_opening_closes_next_morning(self):
        self.assertEqual(
            opening_status(self.service, local(2026, 11, 24, 19)).closes_at, local(2026, 11, 25, 7)
        )

    def test_openings_that_touch_merge_into_one(self):
        service = ScheduleFactory(byday="MO", opens_at="19:00", closes_at="07:00").service
        ScheduleFactory(service=service, byday="TU", opens_at="07:00", closes_at="12:00")
        status = opening_status(service, local(2026, 11, 24, 2))
        self.assertEqual(status.closes_at, local(2026, 11, 24, 12))

    def test_overnight_on_one_weekday_only(self):
        service = ScheduleFactory(byday="FR", opens_at="22:00", closes_at="06:00").service
        self.assertTrue(opening_status(service, local(2026, 11, 28, 5)).open)
        sunday = opening_status(service, local(2026, 11, 29, 5))
        self.assertFalse(sunday.open)
        self.assertEqual(sunday.opens_at, local(2026, 12, 4, 22))


class DaylightSavingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.shelter = shelter()
        cls.office = office()

    def night(self, evening: date):
        start = datetime.combine(evening, time(12), NY)
        (opening,) = openings_between(
            rules_for(self.shelter), [], start, start + timedelta(hours=24)
        )
        return opening

    def test_spring_forward_night_is_eleven_hours(self):
        opening = self.night(date(2026, 3, 7))
        self.assertEqual(opening.duration, timedelta(hours=11))
        self.assertEqual(opening.starts.astimezone(UTC), utc(2026, 3, 8, 0))
        self.assertEqual(opening.ends.astimezone(UTC), utc(2026, 3, 8, 11))

    def test_spring_forward_closes_at_seven_daylight_time(self):
        for at in (datetime(2026, 3, 8, 2, 30), local(2026, 3, 8, 1, 59), local(2026, 3, 8, 6, 59)):
            with self.subTest(at=at):
                status = opening_status(self.shelter, at)
                self.assertTrue(status.open)
                self.assertEqual(status.closes_at.astimezone(UTC), utc(2026, 3, 8, 11))
                self.assertEqual(status.closes_at.utcoffset(), timedelta(hours=-4))
        self.assertFalse(opening_status(self.shelter, utc(2026, 3, 8, 11)).open)

    def test_fall_back_night_is_thirteen_hours(self):
        opening = self.night(date(2026, 10, 31))
        self.assertEqual(opening.duration, timedelta(hours=13))
        self.assertEqual(opening.starts.astimezone(UTC), utc(2026, 10, 31, 23))
        self.assertEqual(opening.ends.astimezone(UTC), utc(2026, 11, 1, 12))

    def test_fall_back_open_through_both_half_past_ones(self):
        for at in (
            local(2026, 11, 1, 1, 30),
            local(2026, 11, 1, 1, 30, fold=1),
            local(2026, 11, 1, 6, 30),
        ):
            with self.subTest(at=at):
                status = opening_status(self.shelter, at)
                self.assertTrue(status.open)
                self.assertEqual(status.closes_at.astimezone(UTC), utc(2026, 11, 1, 12))
        self.assertFalse(opening_status(self.shelter, utc(2026, 11, 1, 12)).open)

    def test_nine_oclock_stays_nine_oclock_across_the_change(self):
        spring = opening_status(self.office, local(2026, 3, 7, 12))
        self.assertEqual(spring.opens_at.astimezone(UTC), utc(2026, 3, 9, 13))  # 09:00 EDT
        friday = opening_status(self.office, local(2026, 3, 6, 10))
        self.assertEqual(friday.closes_at.astimezone(UTC), utc(2026, 3, 6, 22))  # 17:00 EST
        autumn = opening_status(self.office, local(2026, 10, 31, 12))
        self.assertEqual(autumn.opens_at.astimezone(UTC), utc(2026, 11, 2, 14))  # 09:00 EST
        self.assertEqual(autumn.opens_at, local(2026, 11, 2, 9))


class ClosureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = office()
        ClosureFactory(service=cls.office, starts_on=date(2026, 11, 26), reason="Thanksgiving")
        cls.shelter = shelter()
        ClosureFactory(service=cls.shelter, starts_on=date(2026, 11, 26), reason="Thanksgiving")

    def test_closed_on_thanksgiving_with_reason_opens_next_day(self):
        status = opening_status(self.office, local(2026, 11, 26, 10))
        self.assertFalse(status.open)
        self.assertEqual(status.closed_reason, "Thanksgiving")
        self.assertEqual(status.opens_at, local(2026, 11, 27, 9))

    def test_day_before_is_normal_and_skips_the_holiday(self):
        self.assertEqual(
            opening_status(self.office, local(2026, 11, 25, 16)).closes_at, local(2026, 11, 25, 17)
        )
        evening = opening_status(self.office, local(2026, 11, 25, 18))
        self.assertEqual(evening.opens_at, local(2026, 11, 27, 9))
        self.assertEqual(evening.closed_reason, "")

    def test_overnight_started_the_evening_before_runs_to_its_end(self):
        status = opening_status(self.shelter, local(2026, 11, 26, 2))
        self.assertTrue(status.open)
        self.assertEqual(status.closes_at, local(2026, 11, 26, 7))

    def test_holiday_night_is_closed_until_the_next_evening(self):
        for at in (local(2026, 11, 26, 20), local(2026, 11, 27, 2)):
            with self.subTest(at=at):
                status = opening_status(self.shelter, at)
                self.assertFalse(status.open)
                self.assertEqual(status.closed_reason, "Thanksgiving")
                self.assertEqual(status.opens_at, local(2026, 11, 27, 19))

    def test_multi_day_closure_without_reason(self):
        service = office()
        ClosureFactory(
            service=service, starts_on=date(2026, 12, 24), ends_on=date(2026, 12, 28), reason=""
        )
        status = opening_status(service, local(2026, 12, 24, 10))
        self.assertEqual(status.closed_reason, "Closed")
        self.assertEqual(status.opens_at, local(2026, 12, 29, 9))


class SeasonalWarmingCentreTests(TestCase):
    """A warming centre open every night, only from November to March."""

    @classmethod
    def setUpTestData(cls):
        cls.service = shelter(valid_from=date(2026, 11, 1), valid_to=date(2027, 3, 31))

    def test_in_october_it_says_when_the_season_starts(self):
        for at in (local(2026, 10, 1, 12), local(2026, 10, 31, 20)):
            with self.subTest(at=at):
                status = opening_status(self.service, at)
                self.assertTrue(status.known)
                self.assertFalse(status.open)
                self.assertEqual(status.opens_at, local(2026, 11, 1, 19))

    def test_open_on_a_december_night(self):
        self.assertEqual(
            opening_status(self.service, local(2026, 12, 15, 20)).closes_at, local(2026, 12, 16, 7)
        )

    def test_last_night_of_the_season_runs_to_morning(self):
        self.assertEqual(
            opening_status(self.service, local(2027, 4, 1, 3)).closes_at, local(2027, 4, 1, 7)
        )

    def test_after_the_season_it_is_known_but_never_opens_again(self):
        status = opening_status(self.service, local(2027, 4, 1, 20))
        self.assertEqual(status, OpeningStatus(known=True, open=False, opens_at=None))


class MonthlyScheduleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # A food distribution on the first Saturday of each month, 10:00–14:00.
        cls.service = ScheduleFactory(
            freq="MONTHLY", byday="1SA", opens_at="10:00", closes_at="14:00"
        ).service

    def test_open_on_the_first_saturday(self):
        status = opening_status(self.service, local(2026, 11, 7, 11))
        self.assertTrue(status.open)
        self.assertEqual(status.closes_at, local(2026, 11, 7, 14))

    def test_second_saturday_waits_for_next_month(self):
        status = opening_status(self.service, local(2026, 11, 14, 11))
        self.assertFalse(status.open)
        self.assertEqual(status.opens_at, local(2026, 12, 5, 10))

    def test_last_friday_of_the_month(self):
        service = ScheduleFactory(
            freq="MONTHLY", byday="-1FR", opens_at="13:00", closes_at="15:00"
        ).service
        self.assertEqual(
            opening_status(service, local(2026, 11, 20, 12)).opens_at, local(2026, 11, 27, 13)
        )


class UnknownHoursTests(TestCase):
    def test_no_schedules_is_unknown(self):
        service = ServicePageFactory()
        status = opening_status(service, local(2026, 11, 24, 10))
        self.assertEqual(status, OpeningStatus(known=False, open=False, always_open=False))
        self.assertFalse(is_open_between(service, local(2026, 11, 23, 19), local(2026, 11, 24, 7)))

    def test_schedule_with_only_a_description_is_unknown(self):
        service = ScheduleFactory(
            freq="", byday="", opens_at=None, closes_at=None, description="Varies"
        ).service
        self.assertFalse(opening_status(service, local(2026, 11, 24, 10)).known)


class ReferenceTimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.service = office()

    def test_naive_is_local_wall_time_and_equals_the_same_instant_in_utc(self):
        naive = opening_status(self.service, datetime(2026, 11, 24, 10))
        aware = opening_status(self.service, utc(2026, 11, 24, 15))
        self.assertEqual(naive, aware)
        self.assertTrue(naive.open)
        self.assertEqual(naive.closes_at, local(2026, 11, 24, 17))

    def test_aware_utc_is_not_read_as_local(self):
        status = opening_status(self.service, utc(2026, 11, 24, 10))  # 05:00 in Hartford
        self.assertFalse(status.open)
        self.assertEqual(status.opens_at, local(2026, 11, 24, 9))

    def test_at_defaults_to_now(self):
        always = ScheduleFactory(byday=EVERY_DAY, opens_at="00:00", closes_at="00:00").service
        self.assertTrue(opening_status(always).open)
        self.assertTrue(opening_status(self.service).known)


class IsOpenBetweenTests(TestCase):
    """'Tonight' = Monday 19:00 to Tuesday 07:00."""

    tonight = (local(2026, 11, 23, 19), local(2026, 11, 24, 7))

    def test_overnight_shelter_is_open_tonight(self):
        self.assertTrue(is_open_between(shelter(), *self.tonight))

    def test_office_is_not_open_tonight(self):
        self.assertFalse(is_open_between(office(), *self.tonight))

    def test_an_early_morning_opening_overlaps_the_end_of_the_night(self):
        service = ScheduleFactory(byday="TU", opens_at="06:00", closes_at="14:00").service
        self.assertTrue(is_open_between(service, *self.tonight))

    def test_window_is_half_open(self):
        opens_at_seven = ScheduleFactory(byday="TU", opens_at="07:00", closes_at="14:00").service
        closes_at_seven_pm = ScheduleFactory(
            byday="MO", opens_at="12:00", closes_at="19:00"
        ).service
        self.assertFalse(is_open_between(opens_at_seven, *self.tonight))
        self.assertFalse(is_open_between(closes_at_seven_pm, *self.tonight))

    def test_naive_window_is_local(self):
        self.assertTrue(
            is_open_between(shelter(), datetime(2026, 11, 23, 19), datetime(2026, 11, 24, 7))
        )

    def test_closure_night_is_not_open(self):
        service = shelter()
        ClosureFactory(service=service, starts_on=date(2026, 11, 26))
        self.assertFalse(is_open_between(service, local(2026, 11, 26, 19), local(2026, 11, 27, 7)))
        self.assertTrue(is_open_between(service, local(2026, 11, 27, 19), local(2026, 11, 28, 7)))


class ScheduleSourceTests(TestCase):
    """Service-level schedules win, then service-at-location, then the location's own hours."""

    at = local(2026, 11, 24, 10)  # Tuesday

    def test_service_at_location_schedule_is_used_without_service_hours(self):
        sal = ServiceAtLocationFactory()
        ScheduleFactory(
            service=None, service_at_location=sal, byday="TU", opens_at="08:00", closes_at="12:00"
        )
        self.assertEqual(opening_status(sal.service, self.at).closes_at, local(2026, 11, 24, 12))

    def test_location_hours_are_the_last_resort(self):
        sal = ServiceAtLocationFactory()
        ScheduleFactory(
            service=None, location=sal.location, byday="TU", opens_at="08:00", closes_at="11:00"
        )
        self.assertEqual(opening_status(sal.service, self.at).closes_at, local(2026, 11, 24, 11))

    def test_service_hours_win_over_location_hours(self):
        sal = ServiceAtLocationFactory()
        ScheduleFactory(
            service=None,
            location=sal.location,
            byday=EVERY_DAY,
            opens_at="00:00",
            closes_at="00:00",
        )
        ScheduleFactory(service=sal.service, byday="WE")
        status = opening_status(sal.service, self.at)
        self.assertFalse(status.open)
        self.assertEqual(status.opens_at, local(2026, 11, 25, 9))

    def test_another_services_hours_at_the_same_location_are_ignored(self):
        sal = ServiceAtLocationFactory()
        other = ServicePageFactory(parent=sal.service.get_parent())
        ScheduleFactory(service=other, location=sal.location)
        self.assertFalse(opening_status(sal.service, self.at).known)

    def test_one_location_of_several(self):
        first = ServiceAtLocationFactory()
        second = ServiceAtLocationFactory(
            service=first.service, location=LocationFactory(organization=first.service.organization)
        )
        ScheduleFactory(
            service=None, service_at_location=first, byday="TU", opens_at="08:00", closes_at="12:00"
        )
        ScheduleFactory(
            service=None,
            service_at_location=second,
            byday="WE",
            opens_at="08:00",
            closes_at="12:00",
        )
        self.assertTrue(opening_status(first.service, self.at).open)  # open somewhere
        self.assertTrue(opening_status(first.service, self.at, service_at_location=first).open)
        elsewhere = opening_status(first.service, self.at, service_at_location=second)
        self.assertFalse(elsewhere.open)
        self.assertEqual(elsewhere.opens_at, local(2026, 11, 25, 8))

    def test_prefetched_service_needs_no_queries(self):
        sal = ServiceAtLocationFactory()
        ScheduleFactory(
            service=None, location=sal.location, byday="TU", opens_at="08:00", closes_at="11:00"
        )
        ClosureFactory(service=sal.service, starts_on=date(2026, 11, 26))
        service = ServicePage.objects.prefetch_related(*HOURS_PREFETCH).get(pk=sal.service.pk)
        with self.assertNumQueries(0):
            self.assertTrue(opening_status(service, self.at).open)
            self.assertFalse(
                is_open_between(service, local(2026, 11, 26, 0), local(2026, 11, 27, 0))
            )


class ServiceStatusTests(TestCase):
    def test_temporarily_closed_service_is_never_open(self):
        service = shelter()
        service.status = ServicePage.Status.TEMPORARILY_CLOSED
        service.save()
        status = opening_status(service, local(2026, 11, 24, 2))
        self.assertEqual(
            status, OpeningStatus(known=True, open=False, closed_reason="Temporarily closed")
        )
        self.assertFalse(is_open_between(service, local(2026, 11, 23, 19), local(2026, 11, 24, 7)))
