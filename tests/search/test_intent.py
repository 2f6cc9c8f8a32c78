"""search.intent.parse_query: responders' words → categories, people, languages, time, bed, place."""

import json
import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.test import TestCase, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from directory.vocabulary import table
from search.intent import (
    OPEN_VALUES,
    SearchIntent,
    parse_query,
    query_without,
    time_words,
)

TZ = ZoneInfo(settings.TIME_ZONE)
CATEGORIES = {
    "emergency-shelter",
    "warming-center",
    "detox",
    "outpatient-treatment",
    "residential-treatment",
    "medication-treatment",
    "recovery-housing",
    "mental-health-crisis",
    "mental-health-walk-in",
    "primary-care",
    "food-pantry",
    "meals",
    "harm-reduction",
    "showers-laundry",
    "id-benefits",
    "youth-services",
    "domestic-violence",
    "veterans",
    "crisis-line",
    "access-line",
    "clothing",
    "baby-supplies",
    "legal-aid",
}
POPULATIONS = {
    "youth",
    "young-adults",
    "adults",
    "seniors",
    "women",
    "men",
    "families",
    "veterans",
    "pets",
    "no-children",
    "couples",
    "lgbtq",
}
MONDAY_EVENING = datetime(2026, 11, 23, 20, 30, tzinfo=TZ)  # a Monday


def local(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


class TableTests(TestCase):
    def test_the_table_uses_only_the_agreed_vocabulary(self):
        data = json.loads(
            (settings.BASE_DIR / "directory" / "vocabulary" / "phrases.json").read_text(
                encoding="utf-8"
            )
        )
        opens = {"now", "tonight", "late", "24/7", "weekend", "tomorrow_morning", "today"}
        for rule in data["rules"]:
            effects = rule["set"]
            with self.subTest(rule=rule["label"]):
                self.assertLessEqual(set(effects.get("categories", [])), CATEGORIES)
                self.assertLessEqual(set(effects.get("populations", [])), POPULATIONS)
                self.assertLessEqual(
                    set(effects.get("languages", [])), set(data["labels"]["language"])
                )
                if "open" in effects:
                    self.assertIn(effects["open"], opens)
                if "day" in effects:
                    self.assertIn(
                        effects["day"],
                        {"MO", "TU", "WE", "TH", "FR", "SA", "SU", "today", "tomorrow"},
                    )
                if "part" in effects:
                    self.assertIn(effects["part"], time_words().parts)
                self.assertTrue(rule["phrases"])

    def test_no_phrase_means_two_things(self):
        seen = {}
        for rule in json.loads(
            (settings.BASE_DIR / "directory" / "vocabulary" / "phrases.json").read_text()
        )["rules"]:
            for phrase in rule["phrases"]:
                key = " ".join(phrase.lower().split())
                self.assertNotIn(
                    key, seen, f"{phrase!r} is in both {seen.get(key)!r} and {rule['label']!r}"
                )
                seen[key] = rule["label"]

    def test_every_category_can_be_asked_for(self):
        asked = set()
        for _words, rule in (e for entries in table().by_first.values() for e in entries):
            asked.update(rule.set.get("categories", []))
        self.assertEqual(asked, CATEGORIES)


class CategoryTests(TestCase):
    CASES = {
        "detox": ["detox"],
        "withdrawl": ["detox"],
        "withdrawal management": ["detox"],
        "withdrawl management": ["detox"],
        "Detoxification": ["detox"],
        "dope sick": ["detox"],
        "sober house": ["recovery-housing"],
        "sober houses": ["recovery-housing"],
        "sober living": ["recovery-housing"],
        "narcan": ["harm-reduction"],
        "Naloxone": ["harm-reduction"],
        "needle exchange": ["harm-reduction"],
        "syringe services": ["harm-reduction"],
        "soup kitchen": ["meals"],
        "soup kitchens": ["meals"],
        "shower": ["showers-laundry"],
        "showers": ["showers-laundry"],
        "shelter": ["emergency-shelter"],
        "shleter": ["emergency-shelter"],
        "shelters": ["emergency-shelter"],
        "warming centre": ["warming-center"],
        "warming center": ["warming-center"],
        "crisis": ["mental-health-crisis"],
        "psych": ["mental-health-crisis"],
        "methadone": ["medication-treatment"],
        "suboxone": ["medication-treatment"],
        "suboxne": ["medication-treatment"],
        "buprenorphine": ["medication-treatment"],
        "food pantry": ["food-pantry"],
        "free clinic": ["primary-care"],
        "rehab": ["residential-treatment"],
        "IOP": ["outpatient-treatment"],
        "crisis line": ["crisis-line"],
        "access line": ["access-line"],
        "domestic violence": ["domestic-violence"],
        "birth certificate": ["id-benefits"],
        "laundry": ["showers-laundry"],
        "refugio": ["emergency-shelter"],
        "desintoxicación": ["detox"],
    }

    def test_phrases_plurals_and_misspellings(self):
        for text, categories in self.CASES.items():
            with self.subTest(text=text):
                intent = parse_query(text)
                self.assertEqual(intent.categories, categories)
                # An understood phrase leaves no free text, except the hint words of a phrase
                # narrower than its category ("needle exchange" is harm reduction; "syringe" ranks).
                self.assertEqual(intent.text, " ".join(intent.hints))

    def test_narrow_phrases_keep_hint_words_for_relevance(self):
        cases = {
            "wound care": "wound",
            "needle exchange": "syringe",
            "narcan": "naloxone",
            "shower": "shower showers",
            "birth certificate for John": "John birth certificate",
            "mobile crisis": "mobile",
            "suboxone": "buprenorphine suboxone",
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                intent = parse_query(text)
                self.assertEqual(intent.text, expected)
                self.assertTrue(intent.categories)
        self.assertEqual(parse_query("shower").to_json()["hints"], ["shower", "showers"])
        self.assertEqual(parse_query("detox").hints, [])

    def test_a_phrase_can_mean_two_kinds_of_service(self):
        self.assertEqual(
            parse_query("dv shelter").categories, ["domestic-violence", "emergency-shelter"]
        )
        intent = parse_query("runaway")
        self.assertEqual(
            (intent.categories, intent.populations),
            (["youth-services", "emergency-shelter"], ["youth"]),
        )

    def test_broad_words_give_way_to_specific_ones(self):
        self.assertEqual(parse_query("using again, wants detox").categories, ["detox"])
        self.assertEqual(len(parse_query("wants to get off heroin").categories), 4)
        # A group named with a kind of service also asks for the group's own services.
        self.assertEqual(parse_query("homeless vet").categories, ["emergency-shelter", "veterans"])
        self.assertEqual(parse_query("homeless, needs a shower").categories, ["showers-laundry"])
        self.assertEqual(parse_query("food for my 3 kids").text, "")

    def test_longest_phrase_wins(self):
        self.assertEqual(parse_query("crisis line").categories, ["crisis-line"])
        self.assertEqual(parse_query("mental health crisis").categories, ["mental-health-crisis"])
        self.assertEqual(parse_query("urgent care").categories, ["primary-care"])
        self.assertIsNone(parse_query("urgent care").open)

    def test_several_categories_in_one_query(self):
        intent = parse_query("shower and a hot meal")
        self.assertEqual(intent.categories, ["showers-laundry", "meals"])

    def test_short_words_are_not_fuzzy(self):
        # "bad" is one edit from "bed", but words under five letters must match exactly.
        self.assertFalse(parse_query("bad").needs_bed)
        self.assertEqual(parse_query("bad").text, "bad")

    def test_a_comma_breaks_a_phrase(self):
        self.assertEqual(parse_query("soup, kitchen").categories, [])


class PeopleAndLanguageTests(TestCase):
    def test_languages(self):
        cases = {
            "Spanish": ["es"],
            "español": ["es"],
            "en español": ["es"],
            "espanol": ["es"],
            "Portuguese": ["pt"],
            "ASL": ["ase"],
            "sign language": ["ase"],
            "Polish": ["pl"],
            "Bosnian": ["bs"],
            "Haitian Creole": ["ht"],
            "kreyòl": ["ht"],
        }
        for text, codes in cases.items():
            with self.subTest(text=text):
                intent = parse_query(f"pantry {text}")
                self.assertEqual(intent.languages, codes)
                self.assertEqual(intent.text, "")

    def test_populations(self):
        cases = {
            "youth": ["youth"],
            "women": ["women"],
            "woman": ["women"],
            "family with kids": ["families"],
            "veteran": ["veterans"],
            "pets": ["pets"],
            "with a dog": ["pets"],
            "couples": ["couples"],
            "couple": ["couples"],
            "senior": ["seniors"],
            "LGBTQ": ["lgbtq"],
            "men": ["men"],
        }
        for text, codes in cases.items():
            with self.subTest(text=text):
                self.assertEqual(parse_query(f"shelter for {text}").populations, codes)

    def test_ages(self):
        cases = {
            "19 year old": ["young-adults", "adults"],
            "16yo": ["youth"],
            "16 y/o": ["youth"],
            "age 70": ["seniors", "adults"],
            "aged 40": ["adults"],
            "a 15 year old girl": ["youth", "women"],
        }
        for text, codes in cases.items():
            with self.subTest(text=text):
                intent = parse_query(f"pantry for {text}")
                self.assertEqual(intent.populations, codes)
                self.assertEqual(intent.text, "")
        self.assertEqual(parse_query("3 years sober").populations, [])
        chip = next(
            c for c in parse_query("19 year old needs a bed").chips if c.kind == "population"
        )
        self.assertEqual((chip.label, chip.remove_query), ("Age 19", "needs a bed"))

    def test_a_bed_alone_means_a_shelter_bed(self):
        intent = parse_query("bed for a man tonight")
        self.assertEqual((intent.categories, intent.needs_bed), (["emergency-shelter"], True))
        self.assertEqual(parse_query("detox bed").categories, ["detox"])
        self.assertEqual(parse_query("sober house bed").categories, ["recovery-housing"])

    def test_needs_bed(self):
        for text in ["bed", "beds", "a bed tonight", "detox bed", "open beds", "cama"]:
            with self.subTest(text=text):
                self.assertTrue(parse_query(text).needs_bed)
        shelter = parse_query("shelter")  # a shelter is a bed, though nobody said the word: no chip
        self.assertTrue(shelter.needs_bed)
        self.assertNotIn("bed", {c.kind for c in shelter.chips})
        self.assertFalse(parse_query("food pantry").needs_bed)
        self.assertEqual(parse_query("detox bed").categories, ["detox"])


class TimeTests(TestCase):
    def window(self, text, at):
        intent = parse_query(text, at=at)
        return intent.open, intent.window_start, intent.window_end

    def test_now(self):
        value, start, end = self.window("open now", MONDAY_EVENING)
        self.assertEqual(
            (value, start, end), ("now", MONDAY_EVENING, MONDAY_EVENING + timedelta(minutes=1))
        )

    def test_tonight_in_the_evening_and_after_midnight(self):
        # What is left of the night: from now (20:30), or from 17:00 when asked earlier.
        self.assertEqual(
            self.window("tonight", MONDAY_EVENING),
            ("tonight", MONDAY_EVENING, local(2026, 11, 24, 7)),
        )
        self.assertEqual(
            self.window("tonight", local(2026, 11, 23, 15)),
            ("tonight", local(2026, 11, 23, 17), local(2026, 11, 24, 7)),
        )
        self.assertEqual(
            self.window("tonight", local(2026, 11, 24, 2, 15)),
            ("tonight", local(2026, 11, 24, 2, 15), local(2026, 11, 24, 7)),
        )
        self.assertEqual(
            self.window("tonight", local(2026, 11, 24, 9)),
            ("tonight", local(2026, 11, 24, 17), local(2026, 11, 25, 7)),
        )

    def test_open_late(self):
        self.assertEqual(
            self.window("open late", MONDAY_EVENING),
            ("late", local(2026, 11, 23, 21), local(2026, 11, 23, 23, 59)),
        )

    def test_tomorrow_morning(self):
        self.assertEqual(
            self.window("tomorrow morning", MONDAY_EVENING),
            ("tomorrow_morning", local(2026, 11, 24, 8), local(2026, 11, 24, 12)),
        )

    def test_weekend_from_a_weekday_and_during_it(self):
        self.assertEqual(
            self.window("weekend", MONDAY_EVENING),
            ("weekend", local(2026, 11, 28, 0), local(2026, 11, 30, 0)),
        )
        sunday_noon = local(2026, 11, 29, 12)
        self.assertEqual(
            self.window("this weekend", sunday_noon),
            ("weekend", sunday_noon, local(2026, 11, 30, 0)),
        )

    def test_24_7_requires_always_open(self):
        for text in ["24/7", "24-7", "24 hours", "open 24hrs", "24x7"]:
            with self.subTest(text=text):
                intent = parse_query(f"shelter {text}", at=MONDAY_EVENING)
                self.assertEqual(intent.open, "24/7")
                self.assertTrue(intent.requires_always_open)
                self.assertEqual(intent.window_start, MONDAY_EVENING)

    def test_today(self):
        self.assertEqual(
            self.window("pantry today", MONDAY_EVENING),
            ("today", MONDAY_EVENING, local(2026, 11, 24, 0)),
        )

    def test_no_time_asked(self):
        intent = parse_query("detox", at=MONDAY_EVENING)
        self.assertEqual((intent.open, intent.window_start, intent.window_end), (None, None, None))
        self.assertEqual(intent.at, MONDAY_EVENING)

    def test_at_as_text_naive_or_with_offset_and_bad(self):
        self.assertEqual(parse_query("x", at="2026-11-23T20:30").at, MONDAY_EVENING)
        self.assertEqual(parse_query("x", at="2026-11-24T01:30:00Z").at, MONDAY_EVENING)
        intent = parse_query("x", at="next tuesday")
        self.assertTrue(intent.warnings)
        self.assertIsNotNone(intent.at.tzinfo)

    @override_settings(TIME_ZONE="America/Los_Angeles")
    def test_windows_follow_the_time_zone_setting(self):
        intent = parse_query("tonight", at="2026-11-23T14:00:00-08:00")
        self.assertEqual(intent.window_start.utcoffset(), timedelta(hours=-8))
        self.assertEqual(intent.window_start.hour, 17)

    def test_the_first_time_wins_and_the_other_is_said(self):
        intent = parse_query("now or tonight", at=MONDAY_EVENING)
        self.assertEqual(intent.open, "now")
        self.assertTrue(any("tonight" in w for w in intent.warnings))


class DayAndClockTests(TestCase):
    """Weekdays, clock times, parts of the day and meals with a day (MONDAY_EVENING is 20:30 on a Monday)."""

    def window(self, text, at=MONDAY_EVENING):
        intent = parse_query(text, at=at)
        return intent.open, intent.window_start, intent.window_end

    def label(self, text, at=MONDAY_EVENING):
        return next(c.label for c in parse_query(text, at=at).chips if c.kind == "open")

    def test_a_weekday_is_the_whole_next_such_day(self):
        saturday = ("day", local(2026, 11, 28, 0), local(2026, 11, 29, 0))
        for text in [
            "saturday",
            "sat",
            "pantry open sat",
            "on saturday",
            "Sábado",
            "el sabado",
            "this saturday",
        ]:
            with self.subTest(text=text):
                self.assertEqual(self.window(text), saturday)
        self.assertEqual(
            self.window("on thursday"), ("day", local(2026, 11, 26, 0), local(2026, 11, 27, 0))
        )
        self.assertEqual(
            self.window("domingo"), ("day", local(2026, 11, 29, 0), local(2026, 11, 30, 0))
        )
        self.assertEqual(
            self.window("jueves"), ("day", local(2026, 11, 26, 0), local(2026, 11, 27, 0))
        )
        self.assertEqual(self.label("sat"), "Saturday")

    def test_today_named_as_its_weekday_is_the_rest_of_today(self):
        self.assertEqual(self.window("monday"), ("day", MONDAY_EVENING, local(2026, 11, 24, 0)))
        self.assertEqual(
            self.window("lunes", at=local(2026, 11, 23, 0, 0)),
            ("day", local(2026, 11, 23, 0), local(2026, 11, 24, 0)),
        )

    def test_tomorrow(self):
        self.assertEqual(
            self.window("detox tomorrow"), ("day", local(2026, 11, 24, 0), local(2026, 11, 25, 0))
        )
        self.assertEqual(
            self.window("tomorrow morning"),
            ("tomorrow_morning", local(2026, 11, 24, 8), local(2026, 11, 24, 12)),
        )

    def test_after_a_time_is_three_hours_from_it(self):
        noon = local(2026, 11, 23, 12)
        for text in [
            "after 5",
            "after 5pm",
            "after 5 p.m.",
            "after 17:00",
            "group after 5",
            "despues de las 5",
        ]:
            with self.subTest(text=text):
                self.assertEqual(
                    self.window(text, at=noon),
                    ("window", local(2026, 11, 23, 17), local(2026, 11, 23, 20)),
                )
        self.assertEqual(
            self.window("teen drop in after school", at=noon),
            ("window", local(2026, 11, 23, 15), local(2026, 11, 23, 18)),
        )
        self.assertEqual(self.label("after 5", at=noon), "After 5 p.m.")
        self.assertEqual(self.label("after school", at=noon), "After 3 p.m.")

    def test_after_a_time_that_has_begun_or_ended(self):
        self.assertEqual(
            self.window("after 5", at=local(2026, 11, 23, 18)),
            ("window", local(2026, 11, 23, 18), local(2026, 11, 23, 20)),
        )
        self.assertEqual(
            self.window("after 5"), ("window", local(2026, 11, 24, 17), local(2026, 11, 24, 20))
        )

    def test_after_a_time_on_a_named_day(self):
        sat = ("window", local(2026, 11, 28, 17), local(2026, 11, 28, 20))
        self.assertEqual(self.window("saturday after 5"), sat)
        self.assertEqual(self.window("after 5 on saturday"), sat)
        self.assertEqual(self.window("el sábado después de las 5"), sat)
        self.assertEqual(self.label("saturday after 5"), "Saturday after 5 p.m.")

    def test_a_clock_time_is_that_instant(self):
        one_minute = timedelta(minutes=1)
        cases = {
            "someone to talk to at 2am": local(2026, 11, 24, 2),
            "2am": local(2026, 11, 24, 2),
            "at 9 pm": local(2026, 11, 23, 21),
            "at 9": local(2026, 11, 23, 21),
            "10:30pm": local(2026, 11, 23, 22, 30),
            "tonight at 2": local(2026, 11, 24, 2),
            "saturday at 9": local(2026, 11, 28, 9),
            "a las 3 de la tarde": local(2026, 11, 24, 15),
            "at noon": local(2026, 11, 24, 12),
        }
        for text, when in cases.items():
            with self.subTest(text=text):
                self.assertEqual(self.window(text), ("at", when, when + one_minute))
        self.assertEqual(self.label("at 2am"), "At 2 a.m.")
        self.assertEqual(self.label("tonight at 9"), "Tonight at 9 p.m.")

    def test_a_clock_time_already_past_today_is_the_next_one(self):
        self.assertEqual(
            self.window("at 9 pm", at=local(2026, 11, 23, 22)),
            ("at", local(2026, 11, 24, 21), local(2026, 11, 24, 21, 1)),
        )
        self.assertEqual(
            self.window("at 2am", at=local(2026, 11, 28, 2)),
            ("at", local(2026, 11, 28, 2), local(2026, 11, 28, 2, 1)),
        )

    def test_parts_of_the_day(self):
        early = local(2026, 11, 23, 7)
        self.assertEqual(
            self.window("this morning", at=early),
            ("window", local(2026, 11, 23, 8), local(2026, 11, 23, 12)),
        )
        self.assertEqual(
            self.window("this afternoon", at=early),
            ("window", local(2026, 11, 23, 12), local(2026, 11, 23, 17)),
        )
        self.assertEqual(
            self.window("this evening", at=local(2026, 11, 23, 18)),
            ("window", local(2026, 11, 23, 18), local(2026, 11, 23, 21)),
        )
        self.assertEqual(
            self.window("saturday night"),
            ("window", local(2026, 11, 28, 19), local(2026, 11, 29, 7)),
        )
        self.assertEqual(
            self.window("saturday morning at 9"),
            ("at", local(2026, 11, 28, 9), local(2026, 11, 28, 9, 1)),
        )
        self.assertEqual(self.label("this morning", at=early), "This morning")
        self.assertEqual(self.label("sunday evening"), "Sunday evening")

    def test_a_meal_with_a_day_is_that_meal_s_hours(self):
        intent = parse_query("sunday breakfast", at=MONDAY_EVENING)
        self.assertEqual(
            (intent.open, intent.window_start, intent.window_end),
            ("window", local(2026, 11, 29, 6), local(2026, 11, 29, 11)),
        )
        self.assertEqual(intent.categories, ["meals"])
        chip = next(c for c in intent.chips if c.kind == "open")
        self.assertEqual((chip.label, chip.remove_query), ("Sunday breakfast", "breakfast"))
        self.assertEqual(
            self.window("desayuno el domingo"),
            ("window", local(2026, 11, 29, 6), local(2026, 11, 29, 11)),
        )
        self.assertEqual(
            self.window("lunch on friday"),
            ("window", local(2026, 11, 27, 11), local(2026, 11, 27, 14)),
        )

    def test_a_meal_alone_is_only_its_category(self):
        for text in ["breakfast", "free lunch", "dinner"]:
            with self.subTest(text=text):
                intent = parse_query(text, at=MONDAY_EVENING)
                self.assertEqual(
                    (intent.open, intent.window_start, intent.categories), (None, None, ["meals"])
                )
        self.assertEqual(
            self.window("free dinner tonite"), ("tonight", MONDAY_EVENING, local(2026, 11, 24, 7))
        )

    def test_table_phrases_still_win(self):
        self.assertEqual(self.window("after 9")[0], "late")
        self.assertEqual(self.window("meals in the morning")[0], "tomorrow_morning")
        self.assertEqual(self.window("24 hours")[0], "24/7")

    def test_numbers_that_are_not_times(self):
        for text in [
            "mom with 2 little kids",
            "rehab for my son hes 20",
            "age 70",
            "06106",
            "my 3 kids at 4 pm",
        ]:
            with self.subTest(text=text):
                intent = parse_query(text, at=MONDAY_EVENING)
                self.assertNotIn(intent.open, {"window", "day"})
        self.assertEqual(parse_query("at 15 years old").populations, ["youth"])

    def test_a_second_time_is_said_and_not_used(self):
        intent = parse_query("now saturday", at=MONDAY_EVENING)
        self.assertEqual(intent.open, "now")
        self.assertIn("Using 'now' for the time; 'saturday' was not used.", intent.warnings)
        intent = parse_query("saturday at 2am sunday", at=MONDAY_EVENING)
        self.assertEqual(intent.window_start, local(2026, 11, 28, 2))
        self.assertTrue(any("'sunday' was not used" in w for w in intent.warnings))

    def test_chips_remove_the_time_and_name_it(self):
        q = "food pantry saturday after 5 near Park St"
        intent = parse_query(q, at=MONDAY_EVENING)
        chip = next(c for c in intent.chips if c.kind == "open")
        self.assertEqual((chip.value, chip.label), ("window", "Saturday after 5 p.m."))
        self.assertEqual(chip.remove_query, "food pantry near Park St")
        again = parse_query(chip.remove_query, at=MONDAY_EVENING)
        self.assertEqual(
            (again.open, again.categories, again.near.label), (None, ["food-pantry"], "Park St")
        )
        data = intent.to_json()
        self.assertEqual(data["open"], "window")
        self.assertEqual(data["window"]["start"], "2026-11-28T17:00:00-05:00")
        self.assertEqual(intent.text, "")

    def test_autumn_daylight_saving_end(self):
        friday = local(2026, 10, 30, 12)  # clocks go back at 02:00 on Sunday 1 November 2026
        _, start, end = self.window("sunday", at=friday)
        self.assertEqual(
            (start.isoformat(), end.isoformat()),
            ("2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00"),
        )
        self.assertEqual(end.timestamp() - start.timestamp(), 25 * 3600)
        _, start, end = self.window("sunday after 5", at=friday)
        self.assertEqual(
            (start.isoformat(), end.isoformat()),
            ("2026-11-01T17:00:00-05:00", "2026-11-01T20:00:00-05:00"),
        )
        _, start, _ = self.window("tonight at 1:30am", at=local(2026, 10, 31, 22))
        self.assertEqual(start.isoformat(), "2026-11-01T01:30:00-04:00")  # the first 1:30

    def test_spring_daylight_saving_start(self):
        friday = local(2026, 3, 6, 12)  # clocks go forward at 02:00 on Sunday 8 March 2026
        _, start, end = self.window("domingo", at=friday)
        self.assertEqual(
            (start.isoformat(), end.isoformat()),
            ("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00"),
        )
        self.assertEqual(end.timestamp() - start.timestamp(), 23 * 3600)
        _, start, _ = self.window("at 2:30am", at=local(2026, 3, 7, 22))
        self.assertEqual(
            start.isoformat(), "2026-03-08T03:30:00-04:00"
        )  # 2:30 does not happen that night
        _, start, end = self.window("sunday breakfast", at=friday)
        self.assertEqual(
            (start.isoformat(), end.isoformat()),
            ("2026-03-08T06:00:00-04:00", "2026-03-08T11:00:00-04:00"),
        )

    @override_settings(TIME_ZONE="America/Los_Angeles")
    def test_days_and_times_follow_the_time_zone_setting(self):
        intent = parse_query("saturday after 5", at="2026-11-23T20:00:00-08:00")
        self.assertEqual(intent.window_start.isoformat(), "2026-11-28T17:00:00-08:00")


class PlaceTests(TestCase):
    def test_places_named_in_the_query(self):
        cases = {
            "detox near Park St": ("Park St", "gazetteer"),
            "food 06106": ("06106 (Hartford, CT)", "zip"),
            "shelter in Frog Hollow": ("Frog Hollow", "gazetteer"),
            "narcan near Union Station": ("Union Station", "gazetteer"),
            "meals Albany and Woodland": ("Albany Ave & Woodland St", "gazetteer"),
            "shower Frog Hollow": ("Frog Hollow", "gazetteer"),
            "pantry South West": ("Southwest", "gazetteer"),
            "crisis near st francis": ("Saint Francis Hospital", "gazetteer"),
            "bed close to Hartford Hospital": ("Hartford Hospital", "gazetteer"),
        }
        for text, (label, source) in cases.items():
            with self.subTest(text=text):
                intent = parse_query(text)
                self.assertIsNotNone(intent.near)
                self.assertEqual((intent.near.label, intent.near.source), (label, source))
                self.assertEqual(intent.text, " ".join(intent.hints))
                self.assertTrue(intent.categories or intent.needs_bed)

    def test_a_place_name_holding_a_table_word(self):
        intent = parse_query("near Hartford Hospital pharmacy")
        self.assertEqual(
            (intent.near.label, intent.categories), ("Hartford Hospital", ["primary-care"])
        )
        intent = parse_query("detox near Park St shelter")
        self.assertEqual(
            (intent.near.label, intent.categories), ("Park St", ["detox", "emergency-shelter"])
        )

    def test_device_position_is_used_when_no_place_is_named(self):
        intent = parse_query("shelter", lat="41.77", lng="-72.68")
        self.assertEqual(intent.near.source, "device")
        self.assertEqual((intent.near.lat, intent.near.lng), (41.77, -72.68))
        self.assertEqual(
            intent.to_json()["near"],
            {"label": "Your location", "lat": 41.77, "lng": -72.68, "source": "device"},
        )

    def test_a_named_place_beats_the_device(self):
        intent = parse_query("shelter near Union Station", lat=41.73, lng=-72.70)
        self.assertEqual(intent.near.label, "Union Station")
        self.assertEqual(intent.device.source, "device")

    def test_the_near_parameter_beats_the_place_in_q(self):
        intent = parse_query("detox near Park St", near="06120", lat=41.73, lng=-72.70)
        self.assertEqual(intent.near.source, "zip")
        self.assertIn("06120", intent.near.label)
        self.assertEqual(intent.text, "")
        chip = next(c for c in intent.chips if c.kind == "near")
        self.assertEqual(chip.remove_params, ("near",))

    def test_unknown_place_warns_and_falls_back_to_the_device(self):
        intent = parse_query("shelter near Zzyzx St", lat=41.77, lng=-72.68)
        self.assertEqual(intent.near.source, "device")
        self.assertIn("We could not find 'Zzyzx St'; showing results near you.", intent.warnings)
        self.assertEqual(intent.text, "")
        self.assertEqual(intent.categories, ["emergency-shelter"])

    def test_unknown_place_without_device(self):
        intent = parse_query("shelter near Zzyzx St")
        self.assertIsNone(intent.near)
        self.assertIn(
            "We could not find 'Zzyzx St'; showing results from all of Hartford.", intent.warnings
        )

    def test_unknown_near_parameter(self):
        intent = parse_query("shelter", near="Zzyzx St", lat=41.77, lng=-72.68)
        self.assertEqual(intent.near.source, "device")
        self.assertIn("We could not find 'Zzyzx St'; showing results near you.", intent.warnings)

    def test_invalid_coordinates_are_ignored_with_a_warning(self):
        cases = [
            (200, -72.68, "lat 200 is outside the globe; ignored."),
            (41.7, -500, "lng -500 is outside the globe; ignored."),
            ("nan", -72.68, "lat nan is not a number; ignored."),
            ("abc", -72.68, "lat 'abc' is not a number; ignored."),
            (float("inf"), -72.68, "lat inf is not a number; ignored."),
        ]
        for lat, lng, warning in cases:
            with self.subTest(lat=lat, lng=lng):
                intent = parse_query("shelter", lat=lat, lng=lng)
                self.assertIsNone(intent.near)
                self.assertIn(warning, intent.warnings)

    def test_only_one_coordinate(self):
        intent = parse_query("shelter", lat=41.7)
        self.assertIsNone(intent.near)
        self.assertTrue(intent.warnings)

    def test_near_me_without_a_position_says_so(self):
        intent = parse_query("pantry near me")
        self.assertIsNone(intent.near)
        self.assertTrue(any("location" in w for w in intent.warnings))
        self.assertEqual(intent.text, "")
        self.assertEqual(parse_query("pantry near me", lat=41.77, lng=-72.68).near.source, "device")

    def test_words_that_look_like_prefixes_are_not_places(self):
        intent = parse_query("counseling in spanish")
        self.assertIsNone(intent.near)
        self.assertEqual((intent.categories, intent.languages), (["mental-health-walk-in"], ["es"]))
        intent = parse_query("meals in the morning", at=MONDAY_EVENING)
        self.assertEqual(intent.open, "tomorrow_morning")
        self.assertEqual(parse_query("detox at Riverside").near.label, "Riverside Park")

    def test_a_zip_far_away_is_used_but_flagged(self):
        intent = parse_query("shelter 90210")
        self.assertEqual(intent.near.source, "zip")
        self.assertTrue(any("far from Hartford" in w for w in intent.warnings))


class FullQueryTests(TestCase):
    def test_the_contract_example(self):
        intent = parse_query("detox bed tonight, Spanish, near Park St", at=MONDAY_EVENING)
        data = intent.to_json()
        self.assertEqual(data["text"], "")
        self.assertEqual(data["categories"], ["detox"])
        self.assertEqual(data["languages"], ["es"])
        self.assertEqual(data["open"], "tonight")
        self.assertTrue(data["needs_bed"])
        self.assertEqual(data["near"]["label"], "Park St")
        self.assertEqual(data["near"]["source"], "gazetteer")
        self.assertAlmostEqual(data["near"]["lat"], 41.757, delta=0.003)
        self.assertAlmostEqual(data["near"]["lng"], -72.691, delta=0.003)
        json.dumps(data)

    def test_leftover_words_stay_as_free_text(self):
        intent = parse_query("shelter that allows Brightwater bunk beds pets")
        self.assertEqual(intent.categories, ["emergency-shelter"])
        self.assertEqual(intent.populations, ["pets"])
        self.assertIn("allows", intent.text)
        self.assertIn("Brightwater", intent.text)
        self.assertTrue(intent.needs_bed)

    def test_to_json_has_the_contract_keys_and_extras(self):
        data = parse_query("shelter for women near Frog Hollow").to_json()
        for key in ("text", "categories", "languages", "open", "needs_bed", "near"):
            self.assertIn(key, data)
        self.assertEqual(data["populations"], ["women"])
        self.assertEqual({c["kind"] for c in data["chips"]}, {"category", "population", "near"})
        self.assertEqual(data["warnings"], [])


class ChipTests(TestCase):
    def test_each_chip_removes_its_phrase(self):
        q = "detox bed tonight, Spanish, near Park St"
        intent = parse_query(q, at=MONDAY_EVENING)
        chips = {(c.kind, c.value): c for c in intent.chips}
        self.assertEqual(
            set(chips),
            {
                ("category", "detox"),
                ("bed", "true"),
                ("open", "tonight"),
                ("language", "es"),
                ("near", "gazetteer"),
            },
        )
        self.assertEqual(chips[("language", "es")].remove_query, "detox bed tonight, near Park St")
        self.assertEqual(chips[("near", "gazetteer")].remove_query, "detox bed tonight, Spanish")
        self.assertEqual(
            chips[("open", "tonight")].remove_query, "detox bed, Spanish, near Park St"
        )
        self.assertEqual(chips[("near", "gazetteer")].label, "Park St")
        for chip in intent.chips:
            with self.subTest(chip=chip.label):
                again = parse_query(chip.remove_query, at=MONDAY_EVENING)
                self.assertNotIn((chip.kind, chip.value), {(c.kind, c.value) for c in again.chips})

    def test_connecting_words_go_with_the_phrase(self):
        intent = parse_query("withdrawal management for a woman")
        women = next(c for c in intent.chips if c.value == "women")
        self.assertEqual(women.remove_query, "withdrawal management")

    def test_a_device_chip_drops_lat_and_lng(self):
        intent = parse_query("pantry", lat=41.77, lng=-72.68)
        chip = next(c for c in intent.chips if c.kind == "near")
        self.assertEqual(
            (chip.value, chip.remove_params, chip.remove_query),
            ("device", ("lat", "lng"), "pantry"),
        )

    def test_query_without(self):
        self.assertEqual(query_without("a, b, c", [(3, 4)]), "a, c")
        self.assertEqual(query_without("near Park St", [(0, 12)]), "")


class BadInputTests(TestCase):
    def test_every_kind_of_bad_input_has_a_clear_answer(self):
        cases = [
            "",
            "   ",
            "x" * 5000,
            "🙂🛏️🚿",
            '" OR 1=1 --',
            "name:*",
            "\\",
            "'; DROP TABLE directory_location; --",
            "title:(shelter OR detox)^2 AND NOT ~fuzzy*",
            "\x00\x01",
            "near",
            "near near near",
            "06106 06120",
            "<script>alert(1)</script>",
            "%00%27",
            "ÅÄÖ  ﷽ 中文 العربية",
        ]
        for text in cases:
            with self.subTest(text=text[:30]):
                intent = parse_query(text, lat=200, lng="nan", at="garbage")
                self.assertIsInstance(intent, SearchIntent)
                json.dumps(intent.to_json())
                for ch in '":*\\()^~<>;%\x00':
                    self.assertNotIn(ch, intent.text)

    def test_long_query_is_cut_with_a_warning(self):
        intent = parse_query("shelter " + "x" * 5000)
        self.assertEqual(intent.categories, ["emergency-shelter"])
        self.assertLessEqual(len(intent.raw), 500)
        self.assertTrue(any("5,008 characters" in w for w in intent.warnings))

    def test_syntax_is_stripped_but_words_kept(self):
        self.assertEqual(
            parse_query('" OR 1=1 --').text, ""
        )  # small numbers are counts, not relevance
        self.assertEqual(parse_query("zzq OR 1999=1999 --").text, "zzq 1999 1999")
        self.assertEqual(parse_query("name:*").text, "name")
        self.assertEqual(parse_query("\\").text, "")
        self.assertEqual(parse_query("").to_json()["near"], None)

    def test_none_is_an_empty_query(self):
        intent = parse_query(None)
        self.assertEqual((intent.raw, intent.text, intent.categories), ("", "", []))


class NeverRaisesTests(HypothesisTestCase):
    @hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        text=st.one_of(
            st.none(),
            st.text(max_size=300),
            st.sampled_from(["detox bed tonight near Park St", "near ", "Albany and", "24/7 &&"]),
        ),
        lat=st.one_of(
            st.none(),
            st.floats(allow_nan=True, allow_infinity=True),
            st.text(max_size=10),
            st.integers(min_value=-(10**6), max_value=10**6),
        ),
        lng=st.one_of(
            st.none(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=10)
        ),
        at=st.one_of(st.none(), st.text(max_size=30), st.datetimes(timezones=st.just(TZ))),
        near=st.one_of(st.none(), st.text(max_size=40)),
    )
    def test_parse_query_never_raises(self, text, lat, lng, at, near):
        intent = parse_query(text, near=near, lat=lat, lng=lng, at=at)
        data = intent.to_json()
        json.dumps(data)
        self.assertLessEqual(set(data["categories"]), CATEGORIES)
        self.assertIn(data["open"], {None, *OPEN_VALUES})
        self.assertIsNotNone(intent.at.tzinfo)
        if data["near"] is not None:
            self.assertTrue(math.isfinite(data["near"]["lat"]) and -90 <= data["near"]["lat"] <= 90)
            self.assertIn(data["near"]["source"], {"device", "zip", "gazetteer", "geocoder"})
        for ch in '"*\\:()^~':
            self.assertNotIn(ch, intent.text)
