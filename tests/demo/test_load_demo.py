"""manage.py load_demo: the Hartford demo directory and demo staff (contracts §3, §5; issue text)."""

import json
import os
import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page, Revision, Site, WorkflowState

from demo import SERVICES_FILE, build
from demo.vocabulary import CATEGORY_TAXONOMY, POPULATION_TAXONOMY, demo_uuid
from directory import models as d
from directory.hours import opening_status
from directory.hsds.schema import validator
from directory.models.taxonomy import CATEGORY_TAXONOMY as MODEL_CATEGORY_TAXONOMY
from directory.models.taxonomy import POPULATION_TAXONOMY as MODEL_POPULATION_TAXONOMY
from geo import neighbourhood_at, point_in_polygon, polygons
from staff.models import Role, StaffProfile, Team

User = get_user_model()
COUNTED = [
    d.OrganizationPage,
    d.ServicePage,
    d.Location,
    d.Address,
    d.ServiceAtLocation,
    d.Schedule,
    d.Phone,
    d.Language,
    d.Attribute,
    d.CostOption,
    d.RequiredDocument,
    d.ServiceArea,
    WorkflowState,
    Revision,
    d.ServiceCapacity,
    d.Unit,
    d.Taxonomy,
    d.TaxonomyTerm,
    d.HomePage,
    Page,
    Site,
    Team,
    StaffProfile,
    User,
]


def in_hartford(lat, lng):
    """Whether the point lies inside the city boundary (2010 Census town outline, in ../shared)."""
    boundary = json.loads(
        (Path(settings.SHARED_DIR) / "geo" / "hartford-city-boundary.geojson").read_text()
    )
    return any(
        point_in_polygon(lat, lng, rings)
        for f in boundary["features"]
        for rings in polygons(f["geometry"])
    )


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


class DemoFileTests(TestCase):
    """The committed HSDS file: generated, valid, and as promised in the issue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.records = json.loads(SERVICES_FILE.read_text(encoding="utf-8"))

    def test_file_is_what_the_generator_writes(self):
        self.assertEqual(build.main(["--check"]), 0, "run: python -m demo.build")

    def test_every_record_validates_against_hsds_3_0(self):
        service = validator("service")
        capacity = validator("service_capacity")
        for record in self.records:
            errors = [e.message for e in service.iter_errors(record)]
            errors += [
                e.message for c in record.get("capacities", []) for e in capacity.iter_errors(c)
            ]
            self.assertEqual(errors, [], record["name"])

    def test_vocabulary_names_match_the_models(self):
        self.assertEqual(
            (CATEGORY_TAXONOMY, POPULATION_TAXONOMY),
            (MODEL_CATEGORY_TAXONOMY, MODEL_POPULATION_TAXONOMY),
        )

    def test_names_are_marked_demo_and_phones_fictional(self):
        for record in self.records:
            # Marked once: "Treatment Access Line (demo stand-in)" gets no second "(demo)".
            for name in (record["name"], record["organization"]["name"]):
                self.assertEqual(name.count("(demo"), 1, name)
                self.assertRegex(name, r"\(demo[^)]*\)$")
            self.assertIn("ictional", record["description"])
            self.assertIn("ictional", record["organization"]["description"])
            for phone in record["phones"] + record["organization"]["phones"]:
                self.assertRegex(phone["number"], r"^860-555-01\d\d$")

    def test_ids_are_stable_uuid5(self):
        riverbend = [r for r in self.records if r["organization"]["name"].startswith("Riverbend")]
        self.assertTrue(riverbend)
        self.assertEqual(riverbend[0]["organization"]["id"], demo_uuid("organization", "riverbend"))
        self.assertEqual(len({r["id"] for r in self.records}), len(self.records))


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.password_file = Path(cls.tmp.name) / ".demo-password"
        cls.saved_password = os.environ.pop("WAYPOINT_PASSWORD", None)
        cls.out = StringIO()
        call_command(
            "load_demo",
            password_file=cls.password_file,
            no_activity=True,
            stdout=cls.out,
            stderr=StringIO(),
        )
        cls.first_counts = counts()

    @classmethod
    def tearDownClass(cls):
        if cls.saved_password is not None:
            os.environ["WAYPOINT_PASSWORD"] = cls.saved_password
        cls.tmp.cleanup()
        super().tearDownClass()

    # --- the directory ------------------------------------------------------------------------

    def test_size(self):
        self.assertGreaterEqual(d.ServicePage.objects.count(), 150)
        self.assertGreaterEqual(d.OrganizationPage.objects.count(), 40)
        self.assertEqual(d.ServicePage.objects.live().count(), d.ServicePage.objects.count())

    def test_every_organization_is_marked_demo(self):
        for organization in d.OrganizationPage.objects.all():
            self.assertTrue(organization.is_demo, organization.title)
            self.assertTrue(organization.title.endswith("(demo)"), organization.title)
        for service in d.ServicePage.objects.all():
            self.assertTrue(service.organization.is_demo)

    def test_categories(self):
        used = set(
            d.Attribute.objects.filter(taxonomy_term__taxonomy__name=CATEGORY_TAXONOMY).values_list(
                "taxonomy_term__code", flat=True
            )
        )
        self.assertGreaterEqual(len(used), 12)
        for code in [
            "emergency-shelter",
            "warming-center",
            "detox",
            "outpatient-treatment",
            "residential-treatment",
            "medication-treatment",
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
        ]:
            self.assertIn(code, used)
        populations = set(
            d.Attribute.objects.filter(
                taxonomy_term__taxonomy__name=POPULATION_TAXONOMY
            ).values_list("taxonomy_term__code", flat=True)
        )
        self.assertTrue(
            {"youth", "women", "families", "veterans", "pets", "couples"} <= populations
        )

    def test_locations_are_in_hartford_spread_over_neighbourhoods(self):
        locations = d.Location.objects.exclude(latitude=None)
        self.assertTrue(locations.exists())
        for location in locations:
            self.assertTrue(in_hartford(location.latitude, location.longitude), location)
            self.assertEqual(
                location.neighbourhood, neighbourhood_at(location.latitude, location.longitude)
            )
            self.assertTrue(
                location.addresses.filter(city="Hartford", state_province="CT").exists()
            )
        neighbourhoods = set(locations.values_list("neighbourhood", flat=True))
        self.assertGreaterEqual(len(neighbourhoods), 12)
        self.assertIn("Southwest", neighbourhoods)
        self.assertNotIn("South West", neighbourhoods)

    def test_languages(self):
        total = d.ServicePage.objects.count()
        spanish = d.ServicePage.objects.filter(languages__code="es").distinct().count()
        self.assertGreater(spanish, total / 2)
        for code in ["pt", "pl", "bs", "ht", "ase"]:
            self.assertTrue(d.Language.objects.filter(code=code).exists(), code)
        self.assertTrue(
            d.ServicePage.objects.filter(languages=None).exists(),
            "some services have unknown languages",
        )

    def test_hours(self):
        crisis = d.ServicePage.objects.get(
            hsds_id=demo_uuid("service", "bridgewater/24-7-crisis-line--call-or-text")
        )
        self.assertTrue(opening_status(crisis).always_open)
        self.assertTrue(d.Schedule.objects.filter(opens_at="19:00", closes_at="07:00").exists())
        self.assertTrue(d.Schedule.objects.filter(byday="MO,TU,WE,TH,FR").exists())
        self.assertTrue(d.Schedule.objects.filter(freq="MONTHLY").exists())
        self.assertTrue(d.Schedule.objects.filter(byday="SA,SU").exists())
        self.assertTrue(
            d.ServicePage.objects.filter(title__startswith="Treatment Access Line").exists()
        )

    def test_eligibility_fees_documents(self):
        self.assertTrue(d.ServicePage.objects.exclude(minimum_age=None).exists())
        self.assertTrue(d.CostOption.objects.filter(option="Free").exists())
        self.assertTrue(d.CostOption.objects.filter(option="Sliding scale").exists())
        self.assertTrue(d.CostOption.objects.filter(option__contains="Medicaid").exists())
        self.assertTrue(
            d.RequiredDocument.objects.filter(
                document="Photo ID if you have one — not required"
            ).exists()
        )

    def test_beds(self):
        beds = d.ServiceCapacity.objects.filter(unit__name="bed")
        self.assertGreaterEqual(beds.count(), 20)
        for capacity in beds:
            self.assertLessEqual(capacity.available, capacity.maximum)
        shelters = d.ServicePage.objects.filter(
            attributes__taxonomy_term__code__in=["emergency-shelter", "detox"]
        )
        self.assertTrue(shelters.filter(capacities__isnull=False).exists())
        fresh = [c for c in beds if not c.is_stale()]
        self.assertGreater(len(fresh), beds.count() / 2, "bed counts look recently updated")
        self.assertTrue(any(c.is_stale() for c in beds), "a few are stale, to show the warning")
        self.assertTrue(all(c.updated <= timezone.now() for c in beds))

    def test_some_listings_need_verification(self):
        cutoff = timezone.localdate() - timedelta(days=settings.LISTING_VERIFY_DAYS)
        self.assertTrue(d.ServicePage.objects.filter(assured_date__lt=cutoff).exists())
        self.assertGreater(d.ServicePage.objects.filter(assured_date__gte=cutoff).count(), 100)
        self.assertFalse(
            d.ServicePage.objects.filter(assured_date__gt=timezone.localdate()).exists()
        )

    # --- the site and the staff ---------------------------------------------------------------

    def test_home_page_is_the_site_root(self):
        home = d.HomePage.objects.get()
        self.assertEqual(Site.objects.get(is_default_site=True).root_page_id, home.pk)
        self.assertFalse(
            Page.objects.filter(depth=2).exclude(pk=home.pk).exists(), "welcome page removed"
        )
        self.assertEqual(
            d.OrganizationPage.objects.child_of(home).count(), d.OrganizationPage.objects.count()
        )

    def test_staff_of_every_role(self):
        self.assertEqual(set(StaffProfile.objects.values_list("role", flat=True)), set(Role.values))
        teams = set(
            StaffProfile.objects.filter(role=Role.RESPONDER).values_list("team__name", flat=True)
        )
        self.assertEqual(teams, {"North Team", "South Team"})
        provider = StaffProfile.objects.get(role=Role.PROVIDER)
        self.assertEqual(str(provider.organization.hsds_id), demo_uuid("organization", "riverbend"))
        password = self.password_file.read_text().strip()
        for profile in StaffProfile.objects.select_related("user"):
            self.assertTrue(profile.user.check_password(password), profile.user.username)
            self.assertTrue(
                profile.user.has_perm("wagtailadmin.access_admin"), profile.user.username
            )

    def test_generated_password_is_printed_once_and_kept(self):
        password = self.password_file.read_text().strip()
        self.assertGreaterEqual(len(password), 12)
        self.assertIn(f"Demo staff password: {password}", self.out.getvalue())

    # --- idempotent ---------------------------------------------------------------------------

    def test_a_provider_change_waits_for_the_moderator(self):
        state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
        service = d.ServicePage.objects.get(pk=state.object_id)
        self.assertEqual(state.requested_by.username, "provider.riverbend")
        self.assertEqual(str(service.organization.hsds_id), demo_uuid("organization", "riverbend"))
        submitted = service.latest_revision.as_object()
        self.assertIn("Walk in any day until 9 pm", submitted.application_process)
        self.assertNotIn("Walk in any day until 9 pm", service.application_process)

    def test_running_again_changes_nothing(self):
        password = self.password_file.read_text()
        out = StringIO()
        call_command(
            "load_demo",
            password_file=self.password_file,
            no_activity=True,
            stdout=out,
            stderr=StringIO(),
        )
        self.assertEqual(counts(), self.first_counts)
        self.assertEqual(self.password_file.read_text(), password)
        self.assertNotIn(password.strip(), out.getvalue(), "the password is printed only once")
        self.assertTrue(User.objects.get(username="supervisor").check_password(password.strip()))

    def test_password_from_the_environment(self):
        os.environ["WAYPOINT_PASSWORD"] = "from the environment"
        self.addCleanup(os.environ.pop, "WAYPOINT_PASSWORD", None)
        out = StringIO()
        call_command(
            "load_demo",
            password_file=self.password_file,
            no_activity=True,
            stdout=out,
            stderr=StringIO(),
        )
        self.assertNotIn("from the environment", out.getvalue())
        self.assertTrue(
            User.objects.get(username="moderator").check_password("from the environment")
        )
        self.assertEqual(counts(), self.first_counts)
