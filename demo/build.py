"""Builds ``hartford_services.json``: the Hartford demo directory as HSDS 3.0 full service objects.

    python -m demo.build          # rewrites demo/hartford_services.json
    python -m demo.build --check  # exit 1 if the committed file is out of date

Everything here is fictional except the geography: organization and service names are invented
and end in "(demo)", phone numbers are in the 555-01XX range reserved for fiction, e-mail and web
addresses use ``example.org``. The places are real Hartford streets and landmarks; coordinates were
placed on the street lines of ``../shared/geo/hartford-bike-lanes.geojson`` or at well-known
landmarks, house numbers are approximate, and every point is checked against the city's official
neighbourhood polygons (``../shared/geo/hartford-neighborhoods.geojson``), whose name is stored on
the location. Ids are uuid5 of stable keys, so a rebuild gives the same ids and re-importing updates
in place. Output is deterministic (no clock, no randomness): dates are relative to REFERENCE_DATE and
``load_demo`` shifts them to the day it runs.
"""

import argparse
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from demo import SERVICES_FILE
from demo.vocabulary import CATEGORY_TAXONOMY, POPULATION_TAXONOMY, demo_uuid, term_json
from geo import neighbourhood_at

# "Last verified" dates and capacity times are written relative to this day.
REFERENCE_DATE = date(2026, 11, 23)
DEMO_MARK = "(demo)"


def demo_name(name: str) -> str:
    """The name marked as fiction once: a name that already says "(demo…" is left as it is."""
    return name if "(demo" in name else f"{name} {DEMO_MARK}"


FICTION_NOTE = (
    "Fictional listing for the Waypoint demo: the provider is invented, the place is real."
)

# The tables are data (demo/data/): places as [name, street address, ZIP, latitude, longitude, how
# to get there]; opening-hours presets as lists of [freq, byday, opens, closes, description];
# language names; fees; required documents; and the organizations with their services, whose
# "cats" list starts with the main category.
DATA_DIR = Path(__file__).resolve().parent / "data"


def _table(name: str):
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


PLACES = _table("places")
HOURS = _table("hours")
LANGUAGE_NAMES = _table("languages")
FEES = _table("fees")
DOCS = _table("documents")
ORGANIZATIONS = _table("organizations")


# --------------------------------------------------------------------------------------------------
# Building the HSDS objects
# --------------------------------------------------------------------------------------------------


def _stale_days(index: int) -> int:
    """A spread of "last verified" ages: mostly recent, a few older than 180 days."""
    return [2, 9, 17, 33, 48, 75, 101, 136, 160][index % 9]


def _place(org_key: str, place_key: str) -> dict:
    name, address_1, postal, lat, lng, transport = PLACES[place_key]
    neighbourhood = neighbourhood_at(lat, lng)
    if not neighbourhood:
        raise SystemExit(f"{place_key}: ({lat}, {lng}) is not inside a Hartford neighbourhood")
    location_id = demo_uuid("location", org_key, place_key)
    return {
        "id": location_id,
        "location_type": "physical",
        "name": name,
        "transportation": transport,
        "latitude": lat,
        "longitude": lng,
        "neighbourhood": neighbourhood,  # Waypoint extension; derived from the official polygons
        "addresses": [
            {
                "id": demo_uuid("address", org_key, place_key),
                "location_id": location_id,
                "address_1": address_1,
                "city": "Hartford",
                "state_province": "CT",
                "postal_code": postal,
                "country": "US",
                "address_type": "physical",
            }
        ],
    }


def _phone(owner: str, last4: str, *, kind: str = "voice", description: str = "") -> dict:
    phone = {"id": demo_uuid("phone", owner), "number": f"860-555-{last4}", "type": kind}
    if description:
        phone["description"] = description
    return phone


def _schedules(service_key: str, hours) -> list[dict]:
    rows = HOURS[hours] if isinstance(hours, str) else hours
    out = []
    for i, (freq, byday, opens, closes, description) in enumerate(rows):
        out.append(
            {
                "id": demo_uuid("schedule", service_key, i),
                "freq": freq,
                "interval": 1,
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
                "description": description,
            }
        )
    return out


def _attributes(service_key: str, service_id: str, cats: list[str], pops: list[str]) -> list[dict]:
    out = []
    for taxonomy, codes in ((CATEGORY_TAXONOMY, cats), (POPULATION_TAXONOMY, pops)):
        for code in codes:
            out.append(
                {
                    "id": demo_uuid("attribute", service_key, taxonomy, code),
                    "link_id": service_id,
                    "link_entity": "service",
                    "link_type": "category" if taxonomy == CATEGORY_TAXONOMY else "population",
                    "taxonomy_term_id": demo_uuid("taxonomy-term", taxonomy, code),
                    "taxonomy_term": term_json(taxonomy, code),
                }
            )
    return out


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def organization_json(org: dict) -> dict:
    org_id = demo_uuid("organization", org["key"])
    return {
        "id": org_id,
        "name": demo_name(org["name"]),
        "description": f"{org['about']} Fictional organization invented for the Waypoint demo.",
        "email": f"info@{org['key']}.example.org",
        "website": f"https://{org['key']}.example.org/",
        "year_incorporated": org["year"],
        "tax_status": "501(c)(3) (fictional)",
        "legal_status": "Demo organization",
        "phones": [
            _phone(f"org/{org['key']}", org["phone"], description="Main office (fictional number).")
        ],
        "is_demo": True,  # Waypoint extension: OrganizationPage.is_demo
    }


def service_json(org: dict, spec: dict, *, service_index: int) -> dict:
    org_key = org["key"]
    service_key = f"{org_key}/{_slug(spec['name'])}"
    service_id = demo_uuid("service", service_key)
    verified = spec.get("verified", org.get("verified"))
    if verified is None:
        verified = _stale_days(service_index)
    assured = REFERENCE_DATE - timedelta(days=verified)
    fees_description, cost_rows = FEES[spec.get("fee", "free")]
    pops = spec.get("pops", "").split()
    min_age, max_age = spec.get("age", (None, None))
    description = " ".join(p for p in [spec.get("about", ""), org["about"], FICTION_NOTE] if p)

    service = {
        "id": service_id,
        "organization_id": demo_uuid("organization", org_key),
        "name": demo_name(spec["name"]),
        "description": description,
        "status": spec.get("status", "active"),
        "url": f"https://{org_key}.example.org/{_slug(spec['name'])}/",
        "email": f"info@{org_key}.example.org",
        "eligibility_description": spec.get("elig", "Anyone."),
        "fees_description": fees_description,
        "application_process": spec.get("apply", "Walk in during opening hours, or call first."),
        "assured_date": assured.isoformat(),
        "assurer_email": f"listings@{org_key}.example.org",
        "last_modified": datetime.combine(assured, time(15, 0), tzinfo=UTC)
        .isoformat()
        .replace("+00:00", "Z"),
    }
    for field, key in (
        ("wait_time", "wait"),
        ("alert", "alert"),
        ("interpretation_services", "interp"),
    ):
        if spec.get(key):
            service[field] = spec[key]
    if min_age is not None:
        service["minimum_age"] = min_age
    if max_age is not None:
        service["maximum_age"] = max_age

    service["organization"] = organization_json(org)

    places = spec.get("at", org["places"][:1])
    service["service_at_locations"] = [
        {
            "id": demo_uuid("service-at-location", service_key, place),
            "service_id": service_id,
            "location_id": demo_uuid("location", org_key, place),
            "location": _place(org_key, place),
        }
        for place in places
    ]

    phone_last4 = spec.get("phone", org["phone"])
    phone_kind = spec.get("phone_type", "voice")
    service["phones"] = [_phone(f"service/{service_key}", phone_last4, kind=phone_kind)]
    if phone_kind == "text":
        service["phones"][0]["description"] = "Text this number (fictional)."
    service["schedules"] = _schedules(service_key, spec.get("hours", "wk9-5"))
    service["languages"] = [
        {
            "id": demo_uuid("language", service_key, code),
            "service_id": service_id,
            "code": code,
            "name": LANGUAGE_NAMES.get(code, "French" if code == "fr" else code),
        }
        for code in spec.get("langs", "en").split()
    ]
    service["attributes"] = _attributes(service_key, service_id, spec["cats"], pops)
    service["cost_options"] = [
        {"id": demo_uuid("cost-option", service_key, i), "service_id": service_id, **row}
        for i, row in enumerate(cost_rows)
    ]
    service["required_documents"] = [
        {
            "id": demo_uuid("required-document", service_key, i),
            "service_id": service_id,
            "document": doc,
        }
        for i, doc in enumerate(DOCS[spec.get("docs", "none")])
    ]
    if spec.get("area"):
        service["service_areas"] = [
            {
                "id": demo_uuid("service-area", service_key),
                "service_id": service_id,
                "name": "Greater Hartford",
                "description": "Hartford and the towns around it; phone service, no walk-in address.",
            }
        ]
    if spec.get("beds"):
        maximum, available = spec["beds"]
        service["capacities"] = [  # HSDS 3.1 service_capacity, carried as an extension on 3.0
            {
                "id": demo_uuid("capacity", service_key, "bed"),
                "service_id": service_id,
                "unit": {"id": demo_uuid("unit", "bed"), "name": "bed"},
                "available": available,
                "maximum": maximum,
                "description": "Beds free tonight" if maximum else "",
                "updated": datetime.combine(REFERENCE_DATE, time(12, 0), tzinfo=UTC)
                .isoformat()
                .replace("+00:00", "Z"),
            }
        ]
    return service


def build() -> list[dict]:
    services = []
    n = 0
    for org in ORGANIZATIONS:
        for spec in org["services"]:
            services.append(service_json(org, spec, service_index=n))
            n += 1
    return services


def render() -> str:
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if the committed JSON is out of date"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = SERVICES_FILE.read_text(encoding="utf-8") if SERVICES_FILE.exists() else ""
        if current != text:
            print(f"{SERVICES_FILE} is out of date; run python -m demo.build", file=sys.stderr)
            return 1
        return 0
    SERVICES_FILE.write_text(text, encoding="utf-8")
    services = json.loads(text)
    print(
        f"wrote {len(services)} services from {len(ORGANIZATIONS)} organizations to {SERVICES_FILE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
