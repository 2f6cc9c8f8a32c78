"""Waypoint's two HSDS taxonomies with stable ids, shared by the demo builder and ``load_demo``.

The codes are the agreed vocabulary (notes/INTERFACES.md); ids are uuid5 so that every demo
install, export and re-import names the same term the same way.
"""

import uuid

from directory.categories import CATEGORIES, POPULATIONS

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
        "taxonomy_detail": {
            "id": taxonomy_id(taxonomy),
            "name": taxonomy,
            "description": TAXONOMIES[taxonomy],
        },
        "language": "en",
    }
