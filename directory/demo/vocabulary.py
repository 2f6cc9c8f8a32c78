"""Waypoint's two HSDS taxonomies with stable ids, shared by the demo builder and ``load_demo``.

The codes are the agreed vocabulary (notes/INTERFACES.md); ids are uuid5 so that every demo
install, export and re-import names the same term the same way.
"""

import uuid

# Same values as directory.models.taxonomy; repeated so build.py runs without Django (a test checks).
CATEGORY_TAXONOMY = "waypoint-category"
POPULATION_TAXONOMY = "waypoint-population"

# Fixed namespace for every id in the demo data; never change it (ids would change with it).
DEMO_NAMESPACE = uuid.UUID("8a3c1f4e-2b7d-5e90-9c61-0d4e7a2b5f13")


def demo_uuid(*parts) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, "/".join(str(p) for p in parts)))


TAXONOMIES = {
    CATEGORY_TAXONOMY: "What a service offers: Waypoint's categories for street outreach in Hartford.",
    POPULATION_TAXONOMY: "Who a service is for, when it is only or especially for some people.",
}

CATEGORIES = {
    "emergency-shelter": ("Emergency shelter", "A bed for tonight: emergency and overnight shelter."),
    "warming-center": ("Warming centre", "A warm place to stay in cold weather, often overnight and seasonal."),
    "detox": ("Detox / withdrawal management", "Medically supervised withdrawal from alcohol or drugs."),
    "outpatient-treatment": ("Outpatient addiction treatment", "Counselling and groups for substance use, living at home."),
    "residential-treatment": ("Residential addiction treatment", "Live-in treatment for substance use."),
    "medication-treatment": (
        "Methadone and buprenorphine",
        "Medication for opioid use disorder: methadone, buprenorphine (Suboxone), naltrexone.",
    ),
    "recovery-housing": ("Recovery housing", "Sober houses and supportive recovery housing."),
    "mental-health-crisis": ("Mental-health crisis", "Urgent help in a mental-health crisis, including mobile teams."),
    "mental-health-walk-in": ("Mental-health walk-in", "Walk-in mental-health assessment and counselling."),
    "primary-care": ("Primary care and free clinics", "Doctors, nurses and free or low-cost clinics."),
    "food-pantry": ("Food pantry", "Groceries to take home."),
    "meals": ("Meals", "Hot meals and soup kitchens."),
    "harm-reduction": ("Harm reduction", "Syringe services, naloxone (Narcan), fentanyl test strips, safer-use supplies."),
    "showers-laundry": ("Showers and laundry", "Showers, laundry and hygiene supplies."),
    "id-benefits": ("ID and benefits", "Help getting ID, birth certificates, SNAP, Medicaid (HUSKY) and other benefits."),
    "youth-services": ("Youth services", "Services for young people and young adults."),
    "domestic-violence": ("Domestic violence", "Safety, shelter and advocacy for people experiencing abuse."),
    "veterans": ("Veterans", "Services for people who served in the armed forces."),
    "crisis-line": ("Crisis line", "Call or text for help now, any hour."),
    "access-line": ("Treatment access line", "Finds an open detox or treatment bed and arranges transport."),
}

POPULATIONS = {
    "youth": ("Youth", "Young people under 18."),
    "young-adults": ("Young adults", "Young adults, usually 18 to 24."),
    "adults": ("Adults", "Adults 18 and over."),
    "seniors": ("Seniors", "Older adults, usually 60 and over."),
    "women": ("Women", "Women, including transgender women."),
    "men": ("Men", "Men, including transgender men."),
    "families": ("Families", "Parents or guardians with children."),
    "veterans": ("Veterans", "People who served in the armed forces."),
    "pets": ("Pets welcome", "People with a pet; the pet is welcome too."),
    "couples": ("Couples", "Couples who want to stay together."),
    "lgbtq": ("LGBTQ+", "Lesbian, gay, bisexual, transgender and queer people."),
    "no-children": ("Adults without children", "Adults who come without children in their care."),
}

VOCABULARIES = {CATEGORY_TAXONOMY: CATEGORIES, POPULATION_TAXONOMY: POPULATIONS}


def taxonomy_id(name: str) -> str:
    return demo_uuid("taxonomy", name)


def term_id(taxonomy: str, code: str) -> str:
    return demo_uuid("taxonomy-term", taxonomy, code)


def term_json(taxonomy: str, code: str) -> dict:
    """The HSDS ``taxonomy_term`` object for one of the two vocabularies."""
    name, description = VOCABULARIES[taxonomy][code]
    return {
        "id": term_id(taxonomy, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_id(taxonomy),
        "taxonomy_detail": {"id": taxonomy_id(taxonomy), "name": taxonomy, "description": TAXONOMIES[taxonomy]},
        "language": "en",
    }
