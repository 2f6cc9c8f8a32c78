"""The directory: HSDS pages and rows as factory_boy factories, the home page they hang under,
a small Hartford directory with every record type (``build_directory``), and Open Referral's
published HSDS example (``published_example``, ``example_on_globe``)."""

import copy
import json
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import factory
import wagtail_factories
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from directory import models as d
from directory.models.taxonomy import CATEGORY_TAXONOMY, POPULATION_TAXONOMY

__all__ = [
    "with_extensions",
    "EXTENSIONS",
    "shelter_listing",
    "wagtail_base_rows",
    "AccessibilityFactory",
    "AddressFactory",
    "AttributeFactory",
    "ClosureFactory",
    "ContactFactory",
    "CostOptionFactory",
    "EXAMPLE",
    "HARTFORD",
    "LanguageFactory",
    "LocationFactory",
    "NEW_HAVEN",
    "NORTH_END",
    "OrganizationPageFactory",
    "PARK_STREET_HOUSE",
    "PUBLISHED",
    "PhoneFactory",
    "PopulationTermFactory",
    "RequiredDocumentFactory",
    "ScheduleFactory",
    "ServiceAreaFactory",
    "ServiceAtLocationFactory",
    "ServiceCapacityFactory",
    "ServicePageFactory",
    "TaxonomyFactory",
    "TaxonomyTermFactory",
    "UnitFactory",
    "WEST_HARTFORD",
    "build_directory",
    "example_on_globe",
    "home_page",
    "on_globe",
    "published_example",
]


def wagtail_base_rows():
    """The rows Wagtail's migrations make (locale, root page, root collection), put back: a
    transactional test's flush removes them."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def home_page():
    """The site's HomePage, created under the tree root the first time it is asked for."""
    home = d.HomePage.objects.first()
    if home is None:
        wagtail_base_rows()
        root = Page.get_first_root_node()
        home = root.add_child(instance=d.HomePage(title="Waypoint", slug="waypoint-home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
    return home


class OrganizationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Test Organization {n}")
    slug = factory.Sequence(lambda n: f"test-organization-{n}")
    description = factory.Sequence(lambda n: f"Description of test organization {n}.")
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = d.OrganizationPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Test Service {n}")
    slug = factory.Sequence(lambda n: f"test-service-{n}")
    # Fixed words (not Faker): random text once matched a search test by chance.
    description = factory.Sequence(lambda n: f"Description of test service {n}.")
    parent = factory.SubFactory(OrganizationPageFactory)

    class Meta:
        model = d.ServicePage


class LocationFactory(factory.django.DjangoModelFactory):
    organization = factory.SubFactory(OrganizationPageFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    # Frog Hollow, Hartford; tests that care about distance pass their own.
    latitude = 41.7599
    longitude = -72.6925

    class Meta:
        model = d.Location


class AddressFactory(factory.django.DjangoModelFactory):
    location = factory.SubFactory(LocationFactory)
    address_1 = factory.Sequence(lambda n: f"{100 + n} Park St")
    city = "Hartford"
    state_province = "CT"
    postal_code = "06106"

    class Meta:
        model = d.Address


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    location = factory.SubFactory(
        LocationFactory, organization=factory.SelfAttribute("..service.organization")
    )

    class Meta:
        model = d.ServiceAtLocation


class ScheduleFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    freq = "WEEKLY"
    byday = "MO,TU,WE,TH,FR"
    opens_at = "09:00"
    closes_at = "17:00"

    class Meta:
        model = d.Schedule


class PhoneFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    number = factory.Sequence(lambda n: f"860-555-{n % 10000:04d}")
    type = "voice"

    class Meta:
        model = d.Phone


class LanguageFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    name = "Spanish"
    code = "es"

    class Meta:
        model = d.Language


class TaxonomyFactory(factory.django.DjangoModelFactory):
    name = CATEGORY_TAXONOMY
    description = "Waypoint service categories"

    class Meta:
        model = d.Taxonomy
        django_get_or_create = ("name",)


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    description = factory.LazyAttribute(lambda o: f"Services for {o.name.lower()}")

    class Meta:
        model = d.TaxonomyTerm
        django_get_or_create = ("taxonomy", "code")


class PopulationTermFactory(TaxonomyTermFactory):
    taxonomy = factory.SubFactory(
        TaxonomyFactory, name=POPULATION_TAXONOMY, description="Who a service is for"
    )


class AttributeFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    taxonomy_term = factory.SubFactory(TaxonomyTermFactory)

    class Meta:
        model = d.Attribute


class UnitFactory(factory.django.DjangoModelFactory):
    name = "bed"

    class Meta:
        model = d.Unit
        django_get_or_create = ("name",)


class ServiceCapacityFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    unit = factory.SubFactory(UnitFactory)
    available = 3
    maximum = 10

    class Meta:
        model = d.ServiceCapacity


class ClosureFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    starts_on = factory.Faker("future_date", end_date="+60d")
    ends_on = factory.SelfAttribute("starts_on")
    reason = "Holiday"

    class Meta:
        model = d.Closure


class ContactFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    name = factory.Faker("name")
    title = "Intake coordinator"
    email = factory.Sequence(lambda n: f"intake{n}@example.org")

    class Meta:
        model = d.Contact


class CostOptionFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    option = "Sliding scale"
    currency = "USD"
    amount = "10.00"

    class Meta:
        model = d.CostOption


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    document = "Photo ID, if you have one"

    class Meta:
        model = d.RequiredDocument


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    name = "Hartford"
    extent_type = "text"

    class Meta:
        model = d.ServiceArea


class AccessibilityFactory(factory.django.DjangoModelFactory):
    location = factory.SubFactory(LocationFactory)
    description = "Step-free entrance on the side street"

    class Meta:
        model = d.Accessibility


# --- One listing as the public site shows it.


def shelter_listing(*, assured_date, **location):
    """Hartford Harbor Shelter's Night Shelter: an emergency shelter for adults with an address,
    a phone and Spanish. Hours and beds are the caller's (a bed count re-indexes the service)."""
    home = home_page()
    org = OrganizationPageFactory(title="Hartford Harbor Shelter", parent=home)
    service = ServicePageFactory(
        title="Night Shelter",
        parent=org,
        eligibility_description="Adults 18+",
        fees_description="Free",
        assured_date=assured_date,
    )
    term = TaxonomyTermFactory(code="emergency-shelter", name="Emergency shelter")
    AttributeFactory(service=service, taxonomy_term=term)
    site = LocationFactory(organization=org, name="Main building", **location)
    AddressFactory(location=site, address_1="10 Main St")
    ServiceAtLocationFactory(service=service, location=site)
    PhoneFactory(service=service, number="(860) 555-0100")
    LanguageFactory(service=service, code="es", name="Spanish")
    return SimpleNamespace(home=home, org=org, service=service, term=term)


# --- A small Hartford directory for the HSDS API tests: every record type filled in, plus the
# things that must never be served (a draft, a service of an unpublished organization), and a
# defunct and an inactive service (served, with their status).

# Park St, Frog Hollow (06106); Main St, North End (06120); Farmington Ave, West Hartford (06107);
# Chapel St, New Haven (06510), about 50 km away.
PARK_STREET_HOUSE = (41.7599, -72.6925)
NORTH_END = (41.7900, -72.6800)
WEST_HARTFORD = (41.7620, -72.7420)
NEW_HAVEN = (41.3083, -72.9279)
PUBLISHED = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def _location(organization, point, postcode, name):
    location = LocationFactory(
        organization=organization, latitude=point[0], longitude=point[1], name=name
    )
    AddressFactory(location=location, postal_code=postcode)
    return location


def _at(service, location):
    return ServiceAtLocationFactory(service=service, location=location)


def build_directory():
    categories = TaxonomyFactory(name=CATEGORY_TAXONOMY)
    populations = TaxonomyFactory(name=POPULATION_TAXONOMY, description="Who a service is for")
    shelter = TaxonomyTermFactory(
        taxonomy=categories, code="emergency-shelter", name="Emergency shelter"
    )
    detox = TaxonomyTermFactory(taxonomy=categories, code="detox", name="Detox")
    food = TaxonomyTermFactory(taxonomy=categories, code="food-pantry", name="Food pantry")
    meals = TaxonomyTermFactory(taxonomy=categories, code="meals", name="Meals", parent=food)
    adults = PopulationTermFactory(taxonomy=populations, code="adults", name="Adults")
    youth = PopulationTermFactory(taxonomy=populations, code="youth", name="Youth")

    alliance = OrganizationPageFactory(
        title="Hartford Shelter Alliance", description="Shelter and detox."
    )
    park = _location(alliance, PARK_STREET_HOUSE, "06106", "Park Street House")
    north = _location(alliance, NORTH_END, "06120", "North End Clinic")
    AccessibilityFactory(location=park)
    PhoneFactory(service=None, location=park, number="860-555-0101")
    LanguageFactory(service=None, location=park, name="Portuguese", code="pt")
    ScheduleFactory(service=None, location=park, byday="SA,SU")

    night = ServicePageFactory(
        parent=alliance,
        title="Night Shelter",
        description="Beds for adults, every night.",
        last_modified=datetime(2026, 10, 1, 12, 0, tzinfo=UTC),
        minimum_age=18,
        url="https://example.org/night-shelter",
        email="beds@example.org",
    )
    night_park = _at(night, park)
    PhoneFactory(service=night, number="(860) 555-0100")
    PhoneFactory(service=None, service_at_location=night_park, number="860-555-0199")
    LanguageFactory(service=night, name="Spanish", code="es")
    ScheduleFactory(
        service=night, byday="MO,TU,WE,TH,FR,SA,SU", opens_at="19:00", closes_at="07:00"
    )
    ScheduleFactory(
        service=None,
        service_at_location=night_park,
        byday="MO",
        opens_at="19:00",
        closes_at="23:00",
    )
    ServiceCapacityFactory(service=night, available=3, maximum=20)
    ServiceAreaFactory(service=night, name="Hartford", extent="06106 06114", extent_type="text")
    ContactFactory(service=night)
    CostOptionFactory(service=night)
    RequiredDocumentFactory(service=night)
    ClosureFactory(service=night)
    AttributeFactory(service=night, taxonomy_term=shelter)
    AttributeFactory(service=night, taxonomy_term=adults)

    detox_unit = ServicePageFactory(
        parent=alliance,
        title="Detox Unit",
        description="Medically supervised withdrawal.",
        last_modified=datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
    )
    _at(detox_unit, north)
    AttributeFactory(service=detox_unit, taxonomy_term=detox)
    AttributeFactory(service=detox_unit, taxonomy_term=adults)

    food_bank = OrganizationPageFactory(
        title="Greater Hartford Food Bank", description="Food for everyone."
    )
    west = _location(food_bank, WEST_HARTFORD, "06107-1234", "Farmington Ave Pantry")
    haven = _location(food_bank, NEW_HAVEN, "06510", "Chapel St Pantry")
    pantry = ServicePageFactory(
        parent=food_bank,
        title="Youth Pantry",
        description="Groceries for young people.",
        last_modified=datetime(2026, 9, 1, 12, 0, tzinfo=UTC),
    )
    pantry_west = _at(pantry, west)
    pantry_haven = _at(pantry, haven)
    AttributeFactory(service=pantry, taxonomy_term=food)
    AttributeFactory(service=pantry, taxonomy_term=meals)
    AttributeFactory(service=pantry, taxonomy_term=youth)

    # Served with their status, so that a 211 learns they closed.
    defunct = ServicePageFactory(
        parent=alliance,
        title="Closed Shelter",
        status="defunct",
        last_modified=datetime(2026, 6, 1, tzinfo=UTC),
    )
    AttributeFactory(service=defunct, taxonomy_term=shelter)
    inactive = ServicePageFactory(
        parent=food_bank,
        title="Summer Meals",
        status="inactive",
        last_modified=datetime(2026, 6, 2, tzinfo=UTC),
    )
    # Never served: not published, or under an unpublished organization.
    draft = ServicePageFactory(parent=alliance, title="Draft Shelter", live=False)
    draft_at = _at(draft, park)
    AttributeFactory(service=draft, taxonomy_term=shelter)
    hidden_org = OrganizationPageFactory(title="Hidden Org", live=False)
    hidden_service = ServicePageFactory(parent=hidden_org, title="Hidden Shelter")
    hidden_at = _at(
        hidden_service, _location(hidden_org, PARK_STREET_HOUSE, "06106", "Hidden site")
    )

    # Published well before their last_modified, as an import leaves them.
    d.ServicePage.objects.update(first_published_at=PUBLISHED, last_published_at=PUBLISHED)

    return SimpleNamespace(
        categories=categories,
        populations=populations,
        shelter=shelter,
        detox=detox,
        food=food,
        meals=meals,
        adults=adults,
        youth=youth,
        alliance=alliance,
        food_bank=food_bank,
        hidden_org=hidden_org,
        park=park,
        north=north,
        night=night,
        night_park=night_park,
        detox_unit=detox_unit,
        pantry=pantry,
        pantry_west=pantry_west,
        pantry_haven=pantry_haven,
        draft=draft,
        draft_at=draft_at,
        defunct=defunct,
        inactive=inactive,
        hidden_service=hidden_service,
        hidden_at=hidden_at,
    )


# --- Open Referral's published example of a full HSDS service record.

EXAMPLE = settings.SHARED_DIR / "hsds" / "examples-3.0" / "service_full.json"
HARTFORD = (41.7637, -72.6851)


def published_example() -> dict:
    """service_full.json exactly as Open Referral publishes it (latitude 100, longitude 101)."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def on_globe(node):
    """The examples' placeholder coordinates (latitude 100, longitude 101) moved to downtown Hartford."""
    if isinstance(node, dict):
        if node.get("latitude") == 100:
            node["latitude"], node["longitude"] = HARTFORD
        for value in node.values():
            on_globe(value)
    elif isinstance(node, list):
        for value in node:
            on_globe(value)
    return node


def example_on_globe() -> dict:
    """The example with its placeholder coordinates moved onto the globe (downtown Hartford)."""
    return on_globe(published_example())


EXTENSIONS = {
    "x_referral_line": {"number": "211", "hours": "24/7"},
    "additional_urls": [
        {"id": "8b0f5f2e-7a1d-4c55-9a3e-5f2f0b6d3c01", "url": "https://example.org/x"}
    ],
}


def with_extensions(record: dict) -> dict:
    """A copy of an HSDS record carrying fields Waypoint does not model (``x_`` extensions, an
    HSDS-UK profile field, a capacity's extras), which must come back as they arrived."""
    record = copy.deepcopy(record)
    record.update(EXTENSIONS)
    record["organization"]["x_charity_number"] = "CT-0001"
    location = record["organization"]["locations"][0]
    location["x_entrance"] = "side door"
    record["service_at_locations"][0]["location"]["x_entrance"] = "side door"
    record["attributes"][0]["taxonomy_term"]["term"] = "HSDS-UK term"  # HSDS-UK profile field
    record["capacities"] = [
        {
            "id": str(uuid.uuid4()),
            "unit": {"id": str(uuid.uuid4()), "name": "bed", "x_kind": "cot"},
            "available": 3,
            "maximum": 10,
            "updated": "2026-11-23T18:05:00-05:00",
            "x_source": "nightly count",
        }
    ]
    return record
