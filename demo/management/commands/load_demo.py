"""manage.py load_demo — the Hartford demo directory and demo staff (contracts §3). Idempotent.

1. Makes a HomePage the site root, removing Wagtail's default welcome page (as bakerydemo's
   ``load_initial_data`` does).
2. Creates Waypoint's two taxonomies with their stable ids.
3. Imports ``demo/hartford_services.json`` through the HSDS importer (same ids → update
   in place, never duplicates), then marks the organizations as demo, fills in each location's
   neighbourhood, moves the "last verified" dates so they are as old today as on the day the file
   was built, and stamps bed counts as freshly updated (a couple deliberately stale).
4. Creates the demo teams and one demo account per role of contracts §5. The password is
   ``WAYPOINT_PASSWORD`` when set; otherwise one is generated once, printed once, and kept in the
   git-ignored file ``.demo-password`` so re-running does not change it.
5. Seeds the last fortnight of work by the demo responders (``demo/fortnight.py``): synthetic
   people, contacts, screenings, cases and referrals, so a new supervisor's dashboard shows
   something. It writes made-up people, so with DEBUG off it is left out (the directory and staff
   still load, as contracts §3 promises) unless --allow-production; ``--no-activity`` leaves it out.
"""

import json
import os
import secrets
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from demo import SERVICES_FILE
from demo.build import REFERENCE_DATE
from demo.fortnight import fortnight_seed
from demo.referrals import demo_responders
from demo.vocabulary import TAXONOMIES, VOCABULARIES, demo_uuid, taxonomy_id, term_id
from directory.models import (
    HomePage,
    Location,
    OrganizationPage,
    ServiceCapacity,
    ServicePage,
    Taxonomy,
    TaxonomyTerm,
    Unit,
)
from staff.accounts import staff_create_or_update
from staff.models import Team

PASSWORD_ENV = "WAYPOINT_PASSWORD"
SKIPPED_WITHOUT_DEBUG = (
    "DEBUG is off: no demo people, contacts or referrals written "
    "(the directory and staff are loaded; --allow-production writes them too)."
)
PASSWORD_FILE = ".demo-password"
HOME_INTRO = (
    "<p>Find shelter, treatment, food and help in Hartford, open now and near you. "
    "<strong>Demo data:</strong> every provider listed here is fictional; the places are real.</p>"
)
DEMO_TEAMS = ["North Team", "South Team"]
DEMO_PROVIDER_ORGANIZATION = demo_uuid("organization", "riverbend")
PENDING_CHANGE_FILE = Path(__file__).resolve().parents[2] / "data" / "pending_change.json"
# username, role, team, organization HSDS id
DEMO_STAFF = [
    ("responder.north", "responder", "North Team", None),
    ("responder.south", "responder", "South Team", None),
    ("supervisor", "supervisor", None, None),
    ("moderator", "moderator", None, None),
    ("provider.riverbend", "provider", None, DEMO_PROVIDER_ORGANIZATION),
]
# Minutes ago each demo bed count was "updated", cycled over the services with beds; the two
# large values are older than CAPACITY_STALE_HOURS so the stale warning has something to show.
CAPACITY_AGES_MINUTES = [
    12,
    35,
    50,
    80,
    140,
    25,
    5,
    190,
    65,
    30 * 60,
    95,
    240,
    18,
    45,
    26 * 60,
    110,
]


class Command(BaseCommand):
    help = "Load the Hartford demo directory (fictional providers, real places) and demo staff accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=SERVICES_FILE, help="HSDS file to load (default: the demo)"
        )
        parser.add_argument(
            "--password-file",
            type=Path,
            default=None,
            help=f"where a generated password is kept when {PASSWORD_ENV} is unset (default: ./{PASSWORD_FILE})",
        )
        parser.add_argument(
            "--no-staff",
            action="store_true",
            help="load the directory only (no staff, no activity)",
        )
        parser.add_argument(
            "--no-activity", action="store_true", help="leave out the fortnight of demo work"
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="seed the demo work (made-up people) even with DEBUG off",
        )
        parser.add_argument(
            "--activity-scale",
            type=float,
            default=1.0,
            help="fraction of the usual fortnight to seed (default 1: about 120 contacts)",
        )

    def handle(
        self,
        *args,
        file,
        password_file=None,
        no_staff=False,
        no_activity=False,
        allow_production=False,
        activity_scale=1.0,
        **options,
    ):
        activity = not (no_staff or no_activity)
        if activity and not settings.DEBUG and not allow_production:
            self.stdout.write(self.style.WARNING(SKIPPED_WITHOUT_DEBUG))
            activity = False
        records = json.loads(Path(file).read_text(encoding="utf-8"))
        home = self.home_page_ensure()
        self.taxonomies_ensure()
        self.directory_import(file)
        self.demo_facts_apply(records)
        if not no_staff:
            password = self.password_get(password_file or Path(settings.BASE_DIR) / PASSWORD_FILE)
            self.staff_ensure(password)
            self.pending_change_ensure()
        if activity:
            self.fortnight_ensure(activity_scale)
        self.search_index_rebuild()
        organizations = OrganizationPage.objects.filter(is_demo=True).count()
        services = ServicePage.objects.filter(organization__is_demo=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {organizations} organizations, {services} services under '{home.title}'."
            )
        )

    # --- site ---------------------------------------------------------------------------------

    @transaction.atomic
    def home_page_ensure(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            plain_page = ContentType.objects.get_for_model(Page)
            # Wagtail's "Welcome to your new Wagtail site!" page; deleting it also deletes its Site.
            for welcome in root.get_children().filter(content_type=plain_page):
                welcome.delete()
            home = root.add_child(
                instance=HomePage(title="Waypoint", slug="home", intro=HOME_INTRO)
            )
            self.stdout.write("Created the home page.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                site_name="Waypoint",
                root_page=home,
                is_default_site=True,
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = site.site_name or "Waypoint"
            site.save()
        return home

    @transaction.atomic
    def taxonomies_ensure(self):
        for name, description in TAXONOMIES.items():
            taxonomy, _ = Taxonomy.objects.update_or_create(
                name=name, defaults={"hsds_id": taxonomy_id(name), "description": description}
            )
            for code, (term_name, term_description) in VOCABULARIES[name].items():
                TaxonomyTerm.objects.update_or_create(
                    taxonomy=taxonomy,
                    code=code,
                    defaults={
                        "hsds_id": term_id(name, code),
                        "name": term_name,
                        "description": term_description,
                        "taxonomy_name": name,
                        "language": "en",
                    },
                )

    # --- directory ----------------------------------------------------------------------------

    def directory_import(self, path: Path):
        try:
            from directory.hsds.importer import import_paths
        except ImportError as error:
            raise CommandError(f"The HSDS importer is not available: {error}") from error
        report = import_paths([Path(path)])
        if not report.ok:
            lines = [str(rejection) for rejection in report.rejected[:20]]
            raise CommandError("The demo file did not import:\n" + "\n".join(lines))
        self.stdout.write(
            f"Imported {path.name}: {report.created} created, {report.updated} updated."
        )

    @transaction.atomic
    def demo_facts_apply(self, records: list[dict]):
        """What HSDS cannot say: demo flag, neighbourhood; and dates that stay relative to today."""
        organization_ids = {record["organization"]["id"] for record in records}
        OrganizationPage.objects.filter(hsds_id__in=organization_ids).update(is_demo=True)

        neighbourhoods = {}
        for record in records:
            for sal in record.get("service_at_locations", []):
                location = sal.get("location") or {}
                if location.get("neighbourhood"):
                    neighbourhoods[location["id"]] = location["neighbourhood"]
        for location in Location.objects.filter(hsds_id__in=neighbourhoods):
            wanted = neighbourhoods[str(location.hsds_id)]
            if location.neighbourhood != wanted:
                Location.objects.filter(pk=location.pk).update(neighbourhood=wanted)

        shift = timezone.localdate() - REFERENCE_DATE
        for record in records:
            if record.get("assured_date"):
                assured = date.fromisoformat(record["assured_date"]) + shift
                ServicePage.objects.filter(hsds_id=record["id"]).update(assured_date=assured)

        now = timezone.now()
        services = {
            str(s.hsds_id): s
            for s in ServicePage.objects.filter(hsds_id__in=[r["id"] for r in records])
        }
        n = 0
        for record in records:
            for capacity in record.get("capacities", []):
                service = services[record["id"]]
                unit, _ = Unit.objects.update_or_create(
                    hsds_id=capacity["unit"]["id"], defaults={"name": capacity["unit"]["name"]}
                )
                updated = now - timedelta(
                    minutes=CAPACITY_AGES_MINUTES[n % len(CAPACITY_AGES_MINUTES)]
                )
                n += 1
                values = {
                    "hsds_id": capacity["id"],
                    "available": capacity["available"],
                    "maximum": capacity.get("maximum"),
                    "description": capacity.get("description", ""),
                    "updated": updated,
                }
                ServiceCapacity.objects.update_or_create(
                    service=service, unit=unit, defaults=values
                )
        self.stdout.write(
            f"Marked {len(organization_ids)} organizations as demo; {n} bed counts stamped as recent."
        )

    # --- staff --------------------------------------------------------------------------------

    def password_get(self, path: Path) -> str:
        password = os.environ.get(PASSWORD_ENV, "")
        if password:
            self.stdout.write(f"Demo staff password: taken from {PASSWORD_ENV}.")
            return password
        path = Path(path)
        if path.exists() and path.read_text(encoding="utf-8").strip():
            self.stdout.write(f"Demo staff password: unchanged, kept in {path}.")
            return path.read_text(encoding="utf-8").strip()
        password = secrets.token_urlsafe(12)
        path.write_text(password + "\n", encoding="utf-8")
        path.chmod(0o600)
        self.stdout.write(f"Demo staff password: {password}")
        self.stdout.write(f"(kept in {path}; set {PASSWORD_ENV} to choose your own)")
        return password

    @transaction.atomic
    def staff_ensure(self, password: str):
        for name in DEMO_TEAMS:
            Team.objects.get_or_create(name=name)
        for username, role, team, organization_id in DEMO_STAFF:
            organization = None
            if organization_id:
                organization = OrganizationPage.objects.get(hsds_id=organization_id)
            result = staff_create_or_update(
                username,
                role=role,
                password=password,
                organization=organization,
                team=team,
                email=f"{username}@waypoint-demo.example.org",
            )
            where = f" ({team})" if team else (f" ({organization.title})" if organization else "")
            self.stdout.write(
                f"{'Created' if result.created else 'Updated'} demo {role}: {username}{where}"
            )

    def pending_change_ensure(self):
        """One change from the demo provider waiting in the moderation workflow, made once."""
        change = json.loads(PENDING_CHANGE_FILE.read_text(encoding="utf-8"))
        provider = get_user_model().objects.get(username=change["by"])
        service = (
            ServicePage.objects.live()
            .filter(organization__hsds_id=DEMO_PROVIDER_ORGANIZATION)
            .order_by("pk")
            .first()
        )
        if service is None or service.revisions.filter(user=provider).exists():
            return
        for field, value in change["fields"].items():
            setattr(service, field, value)
        service.save_revision(user=provider)
        service.get_workflow().start(service, provider)
        self.stdout.write(f"Demo change waiting for the moderator: {service.title}")

    # --- activity -----------------------------------------------------------------------------

    def fortnight_ensure(self, scale: float):
        services = list(
            ServicePage.objects.live().filter(organization__is_demo=True).order_by("pk")
        )
        with transaction.atomic():
            seeded = fortnight_seed(responders=demo_responders(), services=services, scale=scale)
        self.stdout.write(
            f"Demo fortnight: {seeded.people} people, {seeded.contacts} contacts, "
            f"{seeded.screenings} screenings, {seeded.cases} cases, {seeded.referrals} referrals "
            "added."
        )

    def search_index_rebuild(self):
        """Whatever the active search backend needs, when the search app provides the command."""
        if "rebuild_search_index" not in get_commands():
            return
        from django.core.management import call_command

        call_command("rebuild_search_index", stdout=self.stdout, stderr=self.stderr)
