"""The evaluator's screening figures: share of contacts screened, positive and acute screens and
what followed, on the dashboard and in the figures CSV."""

import csv
import datetime as dt
import io

from django.test import TestCase

from reporting.figures import dashboard_figures, flat_rows, screening_figures
from reporting.periods import Period
from staff.models import Role
from tests.factories import (
    ACUTE,
    NON_ACUTE,
    EncounterFactory,
    TeamFactory,
    local,
    make_screening,
    staff,
)

PERIOD = Period(dt.date(2025, 11, 3), dt.date(2025, 11, 16))


class ScreeningFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        team = TeamFactory(name="Figures")
        responder = staff(Role.RESPONDER, team=team)
        contacts = [
            EncounterFactory(
                team=team, responder=responder, occurred_at=local(2025, 11, 4 + i, 12, 0)
            )
            for i in range(4)
        ]
        at = local(2025, 11, 5, 12, 0)
        screen = {"team": team, "responder": responder, "occurred_at": at}
        make_screening(encounter=contacts[0], **screen)
        make_screening(
            encounter=contacts[1],
            answers=NON_ACUTE,
            result="positive_non_acute",
            actions=["safety_plan", "referred"],
            **screen,
        )
        make_screening(
            encounter=contacts[1],
            answers=ACUTE,
            result="positive_acute",
            actions=["stayed_with_person", "emergency_evaluation"],
            **screen,
        )
        make_screening(
            answers=ACUTE, result="positive_acute", actions=["stayed_with_person"], **screen
        )
        make_screening(answers=NON_ACUTE, result="positive_non_acute", **screen)
        # Outside the period: counted nowhere.
        make_screening(
            answers=ACUTE,
            result="positive_acute",
            **{**screen, "occurred_at": local(2025, 12, 1, 9, 0)},
        )

    def test_counts_and_shares(self):
        f = screening_figures(PERIOD)
        self.assertEqual((f["contacts"], f["contacts_screened"]), (4, 2))
        self.assertEqual(f["contacts_screened_share"], 0.5)
        self.assertEqual(
            (f["screenings"], f["negative"], f["positive"], f["positive_acute"]), (5, 1, 4, 2)
        )
        self.assertEqual(f["acute_stayed"], 2)
        self.assertEqual(f["acute_emergency_evaluation"], 1)
        self.assertEqual(f["acute_emergency_evaluation_share"], 0.5)
        self.assertEqual((f["positive_safety_plan"], f["positive_referred"]), (1, 1))
        self.assertEqual(f["positive_nothing_recorded"], 1)

    def test_empty_period(self):
        f = screening_figures(Period(dt.date(2024, 1, 1), dt.date(2024, 1, 14)))
        self.assertEqual(f["screenings"], 0)
        self.assertIsNone(f["contacts_screened_share"])
        self.assertIsNone(f["acute_stayed_share"])

    def test_in_the_csv_rows_and_on_the_dashboard(self):
        rows = {(s, k): v for s, k, v in flat_rows(dashboard_figures(PERIOD))}
        self.assertEqual(rows[("screenings", "positive_acute")], 2)
        self.assertEqual(rows[("screenings", "contacts_screened")], 2)
        self.client.force_login(staff(Role.SUPERVISOR, team=None))
        query = "?start=2025-11-03&end=2025-11-16"
        page = self.client.get("/outreach/dashboard/" + query)
        self.assertContains(page, 'id="risk-screening"')
        self.assertContains(page, "2 / 4 (50%)")
        response = self.client.get("/outreach/dashboard/figures.csv" + query)
        text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
        values = {(s, k): v for s, k, v in list(csv.reader(io.StringIO(text)))[1:]}
        self.assertEqual(values[("screenings", "acute_stayed")], "2")
        self.assertEqual(values[("screenings", "positive_safety_plan")], "1")
