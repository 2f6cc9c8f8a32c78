"""Generated HSDS service records (for the import benchmark and tests), deterministic per seed."""

import json
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

# Own namespace so generated ids never collide with the demo's.
SAMPLE_NAMESPACE = uuid.UUID("5d1f0c8e-7a3b-4e21-9b6a-2f8c4d0e1a77")
CATEGORIES = [
    "emergency-shelter",
    "detox",
    "food-pantry",
    "meals",
    "harm-reduction",
    "mental-health-walk-in",
]
POPULATIONS = ["adults", "youth", "women", "men", "families", "veterans"]
STREETS = ["Park St", "Main St", "Albany Ave", "Broad St", "Wethersfield Ave", "Farmington Ave"]
SERVICES_PER_ORGANIZATION = 10


def sample_id(*parts) -> str:
    return str(uuid.uuid5(SAMPLE_NAMESPACE, "/".join(map(str, parts))))


def _term(taxonomy: str, code: str) -> dict:
    return {
        "id": sample_id("term", taxonomy, code),
        "code": code,
        "name": code.replace("-", " ").capitalize(),
        "description": f"Services for {code.replace('-', ' ')}",
        "taxonomy": taxonomy,
        "taxonomy_detail": {
            "id": sample_id("taxonomy", taxonomy),
            "name": taxonomy,
            "description": taxonomy,
        },
    }


def _organization(o: int, rng: random.Random) -> dict:
    org_id = sample_id("organization", o)
    locations = []
    for n in range(2):
        loc_id = sample_id("location", o, n)
        locations.append(
            {
                "id": loc_id,
                "location_type": "physical",
                "name": f"Site {o}-{n}",
                "latitude": round(41.72 + rng.random() * 0.08, 5),
                "longitude": round(-72.72 + rng.random() * 0.07, 5),
                "addresses": [
                    {
                        "id": sample_id("address", o, n),
                        "address_1": f"{rng.randint(1, 999)} {rng.choice(STREETS)}",
                        "city": "Hartford",
                        "state_province": "CT",
                        "postal_code": "06106",
                        "country": "US",
                        "address_type": "physical",
                    }
                ],
                "phones": [
                    {
                        "id": sample_id("location-phone", o, n),
                        "number": f"860-555-{(o * 2 + n) % 10000:04d}",
                    }
                ],
            }
        )
    return {
        "id": org_id,
        "name": f"Sample Organization {o}",
        "description": f"Generated organization number {o}.",
        "email": f"info{o}@example.org",
        "website": f"https://org{o}.example.org/",
        "phones": [
            {"id": sample_id("org-phone", o), "number": f"860-555-{o % 10000:04d}", "type": "voice"}
        ],
        "locations": locations,
    }


def sample_services(count: int, *, seed: int = 0) -> Iterator[dict]:
    """``count`` full service records, ten per organization, each with hours, phones, languages,
    categories, a cost, a required document and (every third) a bed count."""
    rng = random.Random(seed)
    organization = None
    for i in range(count):
        o = i // SERVICES_PER_ORGANIZATION
        if i % SERVICES_PER_ORGANIZATION == 0:
            organization = _organization(o, rng)
        location = organization["locations"][i % 2]
        service_id = sample_id("service", i)
        opens = rng.choice(["07:00", "08:00", "09:00", "18:00"])
        record = {
            "id": service_id,
            "organization_id": organization["id"],
            "name": f"Sample Service {i}",
            "description": f"Generated service number {i}, for load tests.",
            "status": "active",
            "url": f"https://org{o}.example.org/services/{i}",
            "eligibility_description": "Adults 18 and over.",
            "minimum_age": 18,
            "assured_date": "2026-11-01",
            "last_modified": "2026-11-01T12:00:00Z",
            "organization": organization,
            "service_at_locations": [
                {
                    "id": sample_id("sal", i),
                    "service_id": service_id,
                    "location_id": location["id"],
                    "location": location,
                    "schedules": [
                        {
                            "id": sample_id("sal-schedule", i),
                            "freq": "WEEKLY",
                            "byday": "SA,SU",
                            "opens_at": "10:00",
                            "closes_at": "14:00",
                        }
                    ],
                }
            ],
            "phones": [
                {
                    "id": sample_id("phone", i, n),
                    "number": f"(860) 555-{(i * 3 + n) % 10000:04d}",
                    "type": "voice" if n == 0 else "text",
                    "languages": [
                        {"id": sample_id("phone-language", i, n), "name": "Spanish", "code": "es"}
                    ],
                }
                for n in range(2)
            ],
            "schedules": [
                {
                    "id": sample_id("schedule", i),
                    "freq": "WEEKLY",
                    "byday": "MO,TU,WE,TH,FR",
                    "opens_at": opens,
                    "closes_at": "17:00" if opens != "18:00" else "07:00",
                    "description": "Weekdays",
                }
            ],
            "languages": [
                {"id": sample_id("language", i, code), "name": name, "code": code}
                for code, name in (("en", "English"), ("es", "Spanish"))
            ],
            "cost_options": [
                {"id": sample_id("cost", i), "option": "Free", "currency": "USD", "amount": 0}
            ],
            "required_documents": [
                {"id": sample_id("document", i), "document": "Photo ID if you have one"}
            ],
            "attributes": [
                {
                    "id": sample_id("attribute", i, taxonomy),
                    "link_entity": "service",
                    "link_id": service_id,
                    "taxonomy_term": _term(taxonomy, rng.choice(codes)),
                }
                for taxonomy, codes in (
                    ("waypoint-category", CATEGORIES),
                    ("waypoint-population", POPULATIONS),
                )
            ],
            "closures": [
                {"starts_on": "2026-12-25", "ends_on": "2026-12-25", "reason": "Christmas Day"}
            ],
        }
        if i % 3 == 0:
            maximum = rng.randint(5, 60)
            record["capacities"] = [
                {
                    "id": sample_id("capacity", i),
                    "service_id": service_id,
                    "unit": {"id": sample_id("unit", "bed"), "name": "bed"},
                    "available": rng.randint(0, maximum),
                    "maximum": maximum,
                    "updated": "2026-11-23T12:00:00Z",
                }
            ]
        yield record


def write_sample_file(path: Path, count: int, *, seed: int = 0) -> Path:
    """Stream ``count`` generated services into ``path`` as one JSON list."""
    with Path(path).open("w", encoding="utf-8") as fh:
        fh.write("[")
        for n, record in enumerate(sample_services(count, seed=seed)):
            fh.write(",\n" if n else "\n")
            json.dump(record, fh)
        fh.write("\n]\n")
    return Path(path)
