"""Every dashboard figure against the hand-counted fortnight in ``fixtures.py``."""

import datetime as dt

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from reporting.figures import dashboard_figures, flat_rows
from reporting.periods import Period
from tests.factories import FORTNIGHT, EncounterFactory, ReferralFactory, build_fortnight, local


def counts(items):
    return {i["code"]: i["count"] for i in items if i["count"]}


class FortnightFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rows = build_fortnight()

    def setUp(self):
        self.f = dashboard_figures(FORTNIGHT)
        self.e = self.f["encounters"]

    def test_contacts_by_source_and_disposition(self):
        self.assertEqual(self.e["total"], 5)
        self.assertEqual(self.e["dispatch"], 3)
        self.assertEqual(self.e["proactive"], 2)
        self.assertEqual(counts(self.e["by_source"]), {"dispatch": 3, "outreach": 1, "walk_in": 1})
        self.assertEqual(
            counts(self.e["by_disposition"]),
            {"resolved_on_scene": 1, "referred": 2, "declined": 1, "police_requested": 1},
        )

    def test_police_figures(self):
        self.assertEqual(self.e["dispatch_without_police"], 1)  # e1 only (e2 police, e4 backup)
        self.assertEqual(self.e["dispatch_without_police_share"], 0.3333)
        self.assertEqual(self.e["without_police"], 3)  # e1, e3, e5
        self.assertEqual(self.e["without_police_share"], 0.6)
        self.assertEqual(self.e["police_codispatch"], 1)
        self.assertEqual(self.e["police_backup"], 1)
        self.assertEqual(self.e["arrests"], 1)
        self.assertEqual(self.e["transports"], 1)
        self.assertEqual(counts(self.e["transport_by_destination"]), {"shelter": 1})

    def test_times(self):
        self.assertEqual(self.e["response_median_minutes"], 20.0)  # 10, 20, 30
        self.assertEqual(self.e["response_n"], 3)
        self.assertEqual(self.e["on_scene_median_minutes"], 30.0)  # 30, 60, 15
        self.assertEqual(self.e["on_scene_n"], 3)

    def test_people_and_needs(self):
        self.assertEqual(self.e["identified"], 4)
        self.assertEqual(self.e["anonymous"], 1)
        self.assertEqual(self.e["persons"], 2)
        self.assertEqual(
            counts(self.e["needs"]),
            {"mental_health": 1, "housing": 2, "food": 1, "substance_use": 2},
        )

    def test_repeat_contacts(self):
        r = self.f["repeat"]
        self.assertEqual(r["persons"], 2)
        self.assertEqual(r["repeat_persons"], 1)
        self.assertEqual(r["repeat_share"], 0.5)
        self.assertEqual(r["contacts_per_person"], 2.0)
        self.assertEqual(r["max_contacts"], 3)
        self.assertEqual(
            {d["label"]: d["count"] for d in r["distribution"]}, {"1": 1, "2": 0, "3–5": 1, "6+": 0}
        )

    def test_referrals(self):
        r = self.f["referrals"]
        self.assertEqual(r["made"], 5)
        self.assertEqual(r["sent"], 4)
        self.assertEqual(r["logged"], 1)
        self.assertEqual(r["accepted"], 2)
        self.assertEqual(r["declined"], 2)
        self.assertEqual(r["declined_capacity"], 1)
        self.assertEqual(r["arrived"], 2)
        self.assertEqual(r["closed"], 1)
        self.assertEqual(r["cancelled"], 0)
        self.assertEqual(r["open"], 2)
        self.assertEqual(r["closed_loop_rate"], 0.4)
        self.assertEqual(r["acceptance_rate"], 0.5)
        self.assertEqual(r["median_to_arrival_hours"], 2.0)  # 1 h and 3 h
        self.assertEqual(r["median_to_arrival_n"], 2)

    def test_first_contact_referrals_and_follow_ups(self):
        r = self.f["referrals"]
        self.assertEqual(
            r["first_contacts"], 2
        )  # e3 (B's first), e4 (anonymous); A met first in e0
        self.assertEqual(r["first_contact_referred"], 1)  # e3 → r2
        self.assertEqual(r["first_contact_referred_share"], 0.5)
        self.assertEqual(r["followups_due"], 4)
        self.assertEqual(r["followups_done"], 2)
        self.assertEqual(r["followups_done_on_time"], 1)
        self.assertEqual(r["followups_done_share"], 0.6667)  # 2 of 3 not cancelled

    def test_unmet_need(self):
        u = self.f["unmet"]
        self.assertEqual(u["declined_capacity"], 1)
        self.assertEqual(u["night_unreferred"], 2)  # e3 23:30 housing, e4 02:00 substance use
        self.assertEqual(u["total"], 3)

    def test_weekly_in_local_time(self):
        weekly = self.f["weekly"]
        self.assertEqual(
            [(w["week"], w["contacts"], w["dispatch"], w["referrals"]) for w in weekly],
            [(dt.date(2025, 11, 3), 3, 2, 2), (dt.date(2025, 11, 10), 2, 1, 3)],
        )

    def test_by_neighbourhood(self):
        self.assertEqual(
            [(n["name"], n["count"]) for n in self.f["neighbourhoods"]],
            [("Frog Hollow", 3), ("", 1), ("Asylum Hill", 1)],
        )

    def test_flat_rows_hold_every_figure(self):
        rows = {(s, k): v for s, k, v in flat_rows(self.f)}
        self.assertEqual(rows[("contacts", "total")], 5)
        self.assertEqual(rows[("contacts.by_source", "dispatch")], 3)
        self.assertEqual(rows[("referrals", "closed_loop_rate")], 0.4)
        self.assertEqual(rows[("unmet_need", "total")], 3)
        self.assertEqual(rows[("weekly.contacts", "2025-11-10")], 2)
        self.assertEqual(rows[("neighbourhood.contacts", "(not recorded)")], 1)

    def test_query_count_does_not_grow_with_rows(self):
        with CaptureQueriesContext(connection) as before:
            dashboard_figures(FORTNIGHT)
        for i in range(10):
            EncounterFactory(occurred_at=local(2025, 11, 7, 12, i), neighbourhood=f"N{i}")
        with CaptureQueriesContext(connection) as after:
            dashboard_figures(FORTNIGHT)
        self.assertEqual(len(before), len(after))
        self.assertLessEqual(len(after), 20)


class EmptyPeriodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_fortnight()

    def test_everything_is_zero_or_none(self):
        f = dashboard_figures(Period(dt.date(2024, 1, 1), dt.date(2024, 1, 14)))
        e = f["encounters"]
        self.assertEqual(e["total"], 0)
        self.assertIsNone(e["without_police_share"])
        self.assertIsNone(e["dispatch_without_police_share"])
        self.assertIsNone(e["response_median_minutes"])
        self.assertEqual(e["response_n"], 0)
        self.assertEqual(f["repeat"]["persons"], 0)
        self.assertIsNone(f["repeat"]["contacts_per_person"])
        self.assertEqual(f["referrals"]["made"], 0)
        self.assertIsNone(f["referrals"]["closed_loop_rate"])
        self.assertIsNone(f["referrals"]["median_to_arrival_hours"])
        self.assertEqual(f["unmet"]["total"], 0)
        self.assertEqual([w["contacts"] for w in f["weekly"]], [0, 0])
        self.assertEqual(f["neighbourhoods"], [])


class NewYearsEveTests(TestCase):
    """23:30 on 31 December in Hartford is 04:30 UTC on 1 January: it belongs to the old year."""

    @classmethod
    def setUpTestData(cls):
        cls.e = EncounterFactory(occurred_at=local(2025, 12, 31, 23, 30), needs=["housing"])
        ReferralFactory(person=cls.e.person, encounter=cls.e, sent_at=local(2025, 12, 31, 23, 45))
        EncounterFactory(occurred_at=local(2026, 1, 1, 0, 30))

    def test_old_year(self):
        f = dashboard_figures(Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
        self.assertEqual(f["encounters"]["total"], 1)
        self.assertEqual(f["referrals"]["made"], 1)
        self.assertEqual(f["weekly"][-1]["week"], dt.date(2025, 12, 29))
        self.assertEqual(f["weekly"][-1]["contacts"], 1)
        self.assertEqual(f["weekly"][-1]["referrals"], 1)
        self.assertEqual(f["unmet"]["night_unreferred"], 1)  # 23:30 local is night

    def test_new_year(self):
        f = dashboard_figures(Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
        self.assertEqual(f["encounters"]["total"], 1)
        self.assertEqual(f["referrals"]["made"], 0)
        self.assertEqual(f["weekly"][0]["week"], dt.date(2025, 12, 29))
        self.assertEqual(f["weekly"][0]["contacts"], 1)
        self.assertEqual(f["unmet"]["night_unreferred"], 1)  # 00:30, housing, resolved on scene

    def test_week_across_new_year_counts_both(self):
        f = dashboard_figures(Period(dt.date(2025, 12, 29), dt.date(2026, 1, 4)))
        self.assertEqual(
            f["weekly"],
            [{"week": dt.date(2025, 12, 29), "contacts": 2, "dispatch": 0, "referrals": 1}],
        )


class DaylightSavingTests(TestCase):
    """Night (20:00–05:59 local) and weeks follow the clock on both sides of a DST change."""

    @classmethod
    def setUpTestData(cls):
        # 9 March 2025: clocks go forward at 02:00. 20:30 EDT is 00:30 UTC; 20:30 EST (8 March) is 01:30 UTC.
        EncounterFactory(occurred_at=local(2025, 3, 8, 20, 30), needs=["housing"])
        EncounterFactory(occurred_at=local(2025, 3, 9, 20, 30), needs=["housing"])
        # 19:30 EDT on 10 March is 23:30 UTC: not night.
        EncounterFactory(occurred_at=local(2025, 3, 10, 19, 30), needs=["housing"])
        # 05:30 EDT on 11 March is 09:30 UTC: night; 06:10 EDT is not.
        EncounterFactory(occurred_at=local(2025, 3, 11, 5, 30), needs=["substance_use"])
        EncounterFactory(occurred_at=local(2025, 3, 11, 6, 10), needs=["substance_use"])

    def test_night_and_weeks(self):
        f = dashboard_figures(Period(dt.date(2025, 3, 3), dt.date(2025, 3, 16)))
        self.assertEqual(f["encounters"]["total"], 5)
        self.assertEqual(f["unmet"]["night_unreferred"], 3)
        self.assertEqual(
            [(w["week"], w["contacts"]) for w in f["weekly"]],
            [(dt.date(2025, 3, 3), 2), (dt.date(2025, 3, 10), 3)],
        )


class UnmetSearchFigureTests(TestCase):
    """Searches that found nothing count as unmet need in the local day they were made."""

    @classmethod
    def setUpTestData(cls):
        from search.models import UnmetSearch

        for when in (
            local(2025, 12, 31, 23, 30),
            local(2025, 12, 31, 8, 0),
            local(2026, 1, 1, 0, 30),
        ):
            UnmetSearch.objects.create(
                searched_at=when, asked_for=when, categories="detox", open="tonight"
            )

    def test_counts_only_the_period(self):
        f = dashboard_figures(Period(dt.date(2025, 12, 31), dt.date(2025, 12, 31)))
        self.assertEqual(f["unmet"]["searches_nothing_fit"], 2)
        self.assertEqual(f["unmet"]["total"], 2)
        self.assertIn(("unmet_need", "searches_nothing_fit", 2), flat_rows(f))
