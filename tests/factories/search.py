"""Search: published services as a responder would look for them, built through the directory
factories, and the intents, places and times the search tests ask with."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from search.geocode import Place
from search.intent import SearchIntent, time_window
from search.services import search_index_rebuild_database

from . import directory as f

__all__ = [
    "san_francisco",
    "OUTER_SUNSET",
    "MISSION_ST",
    "CIVIC_CENTER",
    "ALL_DAYS",
    "MONDAY_9PM",
    "PARK_ST",
    "TZ",
    "asked",
    "foreign_term",
    "intent",
    "km_north",
    "rebuild",
    "service",
    "stale_time",
    "tag",
    "term",
]

TZ = ZoneInfo("America/New_York")
# A Monday evening in Hartford.
MONDAY_9PM = datetime(2026, 11, 23, 21, 0, tzinfo=TZ)
PARK_ST = (41.7589, -72.6929)  # Park St & Broad St, Frog Hollow
ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"


def term(code, population=False):
    factory = f.PopulationTermFactory if population else f.TaxonomyTermFactory
    return factory(code=code)


def foreign_term(name, *, code="", parent=None, taxonomy="Open Eligibility", description=""):
    """A term of another taxonomy, as a 211's feed brings it."""
    return f.TaxonomyTermFactory(
        taxonomy=f.TaxonomyFactory(name=taxonomy, description=taxonomy),
        code=code or name.lower(),
        name=name,
        description=description,
        parent=parent,
    )


def tag(page, *terms):
    for t in terms:
        f.AttributeFactory(service=page, taxonomy_term=t)
    return page


def asked(q, *, near=PARK_ST, at=MONDAY_9PM):
    """What a responder typed, read by query understanding as the API reads it."""
    from search.intent import parse_query

    return parse_query(q, lat=near[0], lng=near[1], at=at)


def service(
    name,
    *,
    categories=("emergency-shelter",),
    populations=(),
    languages=None,
    lat=PARK_ST[0],
    lng=PARK_ST[1],
    located=True,
    hours=None,
    beds=None,
    beds_updated=None,
    description="",
    phone="860-555-0100",
):
    """One published service at one place. ``hours``: None (unknown), "24/7", or (byday, open, close)."""
    page = f.ServicePageFactory(title=name, description=description or f"{name}.")
    for code in categories:
        f.AttributeFactory(service=page, taxonomy_term=term(code))
    for code in populations:
        f.AttributeFactory(service=page, taxonomy_term=term(code, population=True))
    for code in languages or ():
        f.LanguageFactory(service=page, code=code, name=code)
    if located:
        location = f.LocationFactory(organization=page.organization, latitude=lat, longitude=lng)
        f.ServiceAtLocationFactory(service=page, location=location)
    if hours == "24/7":
        f.ScheduleFactory(service=page, byday=ALL_DAYS, opens_at="00:00", closes_at="00:00")
    elif hours:
        byday, opens, closes = hours
        f.ScheduleFactory(service=page, byday=byday, opens_at=opens, closes_at=closes)
    if beds is not None:
        f.ServiceCapacityFactory(
            service=page,
            available=beds,
            maximum=max(beds, 10),
            updated=beds_updated or timezone.now(),
        )
    if phone:
        f.PhoneFactory(service=page, number=phone)
    return page


def km_north(km):
    """A point ``km`` north of Park St."""
    return PARK_ST[0] + km / 111.2, PARK_ST[1]


def intent(
    *,
    text="",
    categories=(),
    populations=(),
    languages=(),
    open=None,
    needs_bed=False,
    near=PARK_ST,
    at=MONDAY_9PM,
):
    """A SearchIntent as ``parse_query`` would build it, made directly so each test says exactly what it asks."""
    start, end = time_window(open, at) if open else (None, None)
    place = Place("Park St", near[0], near[1], "gazetteer", "street") if near else None
    return SearchIntent(
        raw=text,
        text=text,
        categories=list(categories),
        populations=list(populations),
        languages=list(languages),
        open=open,
        window_start=start,
        window_end=end,
        at=at,
        needs_bed=needs_bed,
        near=place,
        requires_always_open=open == "24/7",
    )


def rebuild():
    return search_index_rebuild_database()


def stale_time():
    return timezone.now() - timedelta(hours=30)


# A made-up directory in San Francisco: invented sites on real streets and a real ZIP.
CIVIC_CENTER = [(37.7793, -122.4161), (37.7801, -122.4149)]
MISSION_ST = [(37.7765, -122.4172), (37.7745, -122.4198)]
OUTER_SUNSET = (37.7540, -122.5040)


def san_francisco():
    sites = []
    for n, (lat, lng) in enumerate(CIVIC_CENTER):
        loc = f.LocationFactory(
            name=f"Larkspur Drop-In {n}", latitude=lat, longitude=lng, neighbourhood="Civic Center"
        )
        f.AddressFactory(
            location=loc,
            address_1=f"{100 + n} Polk St, Suite 2",
            city="San Francisco",
            state_province="CA",
            postal_code="94102",
        )
        sites.append(loc)
    for n, (lat, lng) in enumerate(MISSION_ST):
        loc = f.LocationFactory(
            name=f"Quarry Lane Pantry {n}", latitude=lat, longitude=lng, neighbourhood="SoMa"
        )
        f.AddressFactory(
            location=loc,
            address_1=f"{1100 + 20 * n} Mission St",
            city="San Francisco",
            state_province="CA",
            postal_code="94103",
        )
        sites.append(loc)
    loc = f.LocationFactory(
        name="Dune Road Clinic", latitude=OUTER_SUNSET[0], longitude=OUTER_SUNSET[1]
    )
    f.AddressFactory(
        location=loc,
        address_1="4800 Noriega St",
        city="Daly Vista",
        state_province="CA",
        postal_code="99999",
    )  # a ZIP only the directory knows
    f.ServiceAtLocationFactory(location=loc, service__title="Sunset Wound Care")
    return sites
