"""Case figures for the evaluator (dashboard and CSV): plans made, cases opened and closed,
median days to closure, follow-ups done on time and late."""

from django.test import TestCase

from cases.models import Case, FollowUp, PlanStep
from reporting.figures import case_figures, dashboard_figures, flat_rows
from tests.factories import FORTNIGHT, PersonFactory, TeamFactory, local, staff


class CaseFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        team = TeamFactory()
        cls.worker = staff(team=team)

        def case(opened, closed=None, **kw):
            return Case.objects.create(
                person=PersonFactory(created_by_team=team),
                team=team,
                assigned_to=cls.worker,
                opened_by=cls.worker,
                opened_at=opened,
                status="closed" if closed else "active",
                closed_at=closed,
                closure_reason="goals_met" if closed else "",
                outcome="improved" if closed else "",
                **kw,
            )

        a = case(local(2025, 11, 4, 9), local(2025, 11, 6, 9))  # 2 days
        b = case(local(2025, 10, 1, 9), local(2025, 11, 10, 9))  # 40 days
        c = case(local(2025, 11, 12, 9))
        case(local(2025, 10, 1, 9), local(2025, 10, 20, 9))  # outside the period
        for kase, at in (
            (a, local(2025, 11, 4, 10)),
            (c, local(2025, 11, 12, 10)),
            (b, local(2025, 10, 2, 9)),
        ):
            PlanStep.objects.create(
                case=kase,
                text="x",
                owner=cls.worker,
                created_by=cls.worker,
                due_at=at,
                created_at=at,
            )

        def follow_up(due, done=None):
            FollowUp.objects.create(
                case=a, kind="other", label="x", owner=cls.worker, due_at=due, done_at=done
            )

        follow_up(local(2025, 11, 5, 12), local(2025, 11, 5, 11))  # on time
        follow_up(local(2025, 11, 5, 12), local(2025, 11, 6, 11))  # late
        follow_up(local(2025, 11, 7, 12), local(2025, 11, 7, 12))  # on time (at the minute)
        follow_up(local(2025, 11, 8, 12))  # not done

    def test_figures(self):
        f = case_figures(FORTNIGHT)
        self.assertEqual(f["cases_opened"], 2)
        self.assertEqual(f["cases_closed"], 2)
        self.assertEqual(f["median_days_to_closure"], 21.0)
        self.assertEqual(f["median_days_to_closure_n"], 2)
        self.assertEqual(f["plans_made"], 2)
        self.assertEqual((f["followups_done_on_time"], f["followups_done_late"]), (2, 1))

    def test_in_the_csv_rows_and_on_the_dashboard(self):
        rows = {(s, k): v for s, k, v in flat_rows(dashboard_figures(FORTNIGHT))}
        self.assertEqual(rows[("cases", "plans_made")], 2)
        self.assertEqual(rows[("cases", "followups_done_late")], 1)
        self.client.force_login(staff(role="supervisor"))
        response = self.client.get(
            "/outreach/dashboard/", {"start": "2025-11-03", "end": "2025-11-16"}
        )
        self.assertContains(response, "Median days to closure")
        self.assertContains(response, "21.0 (n=2)")
