"""A small Hartford directory for the HSDS API tests: every record type filled in, plus the
things that must never be served (a draft, a service of an unpublished organization), and a
defunct and an inactive service (served, with their status)."""

from datetime import UTC, datetime
from types import SimpleNamespace

from directory.models import ServicePage
from directory.models.taxonomy import CATEGORY_TAXONOMY, POPULATION_TAXONOMY
from tests.factories import (
    AccessibilityFactory,
    AddressFactory,
    AttributeFactory,
    ClosureFactory,
    ContactFactory,
    CostOptionFactory,
    LanguageFactory,
    LocationFactory,
    OrganizationPageFactory,
    PhoneFactory,
    PopulationTermFactory,
    RequiredDocumentFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceAtLocationFactory,
    ServiceCapacityFactory,
    ServicePageFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

# Park St, Frog Hollow (06106); Main St, North End (06120); Farmington Ave, West Hartford (06107);
# Chapel St, New Haven (06510), about 50 km away.
PARK_ST = (41.7599, -72.6925)
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
    park = _location(alliance, PARK_ST, "06106", "Park Street House")
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
    hidden_at = _at(hidden_service, _location(hidden_org, PARK_ST, "06106", "Hidden site"))

    # Published well before their last_modified, as an import leaves them.
    ServicePage.objects.update(first_published_at=PUBLISHED, last_published_at=PUBLISHED)

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
