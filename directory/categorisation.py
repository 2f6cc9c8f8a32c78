"""Reading any directory in Waypoint's categories (writes ``TermMapping`` and ``ServiceClassification``).

- ``map_term(term)``: a taxonomy term → categories and groups. Waypoint's own terms mean their
  code; any other term is read with the responders' vocabulary (``directory.vocabulary``): its
  name first, then its description, then its parent's mapping. A moderator's correction is kept
  until a moderator changes it again.
- ``classify_service(page)``: a service's categories (from its terms; from its own name, and from
  its description when no term gave a specific one) and the groups it serves (from its terms, its
  ages and its eligibility text). What nothing says stays unknown: no row.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from directory import vocabulary
from directory.models import ServiceClassification, ServicePage, TaxonomyTerm, TermMapping
from directory.models.categories import codes_field
from directory.models.taxonomy import CATEGORY_TAXONOMY, POPULATION_TAXONOMY

Kind = ServiceClassification.Kind
Source = ServiceClassification.Source
Method = TermMapping.Method

# Ages that make a service a youth, young-adult, adult or senior service.
ADULT_AGE = 18
YOUNG_ADULT_MAX_AGE = 25
SENIOR_AGE = 55
# Eligibility text that names domestic violence means the service is for its survivors.
SURVIVOR_GROUP = "dv-survivors"
# The groups a category's services are for.
CATEGORY_GROUPS = {"veterans": ["veterans"], "youth-services": ["youth"]}
GROUP_CATEGORIES = {"veterans": ["veterans"], "youth": ["youth-services"]}


def _taxonomy_name(term) -> str:
    return term.taxonomy.name if term.taxonomy_id else term.taxonomy_name


def _term_words(term) -> str:
    return "\n".join([term.name, term.description, term.code])


def _automatic(term, parent_mapping) -> dict:
    """What the term's own words (or else its parent's mapping) say."""
    taxonomy = _taxonomy_name(term)
    if taxonomy == CATEGORY_TAXONOMY:
        return {
            "method": Method.OWN,
            "categories": [term.code],
            "evidence": f"Waypoint category {term.code}",
        }
    if taxonomy == POPULATION_TAXONOMY:
        return {
            "method": Method.OWN,
            "populations": [term.code],
            "evidence": f"Waypoint group {term.code}",
        }
    for label, text in (("name", term.name), ("description", term.description)):
        reading = vocabulary.read(text)
        if reading.categories or reading.populations:
            said = "; ".join(f'"{phrase}" → {rule}' for phrase, rule in reading.phrases)
            return {
                "method": Method.WORDS,
                "categories": list(reading.categories),
                "populations": list(reading.populations),
                "broad": reading.broad_only,
                "evidence": f"{label}: {said}"[:500],
            }
    if parent_mapping is not None and (parent_mapping.categories or parent_mapping.populations):
        return {
            "method": Method.PARENT,
            "categories": parent_mapping.category_list,
            "populations": parent_mapping.population_list,
            "broad": True,  # a parent is broader than its child by definition
            "evidence": f'parent "{term.parent.name}"'[:500],
        }
    return {
        "method": Method.NONE,
        "evidence": "no phrase of the vocabulary in its name, description or parents",
    }


def _current(term):
    try:
        return term.mapping  # select_related / an earlier call filled it in
    except TermMapping.DoesNotExist:
        return None


def map_term(term, *, _seen=None) -> TermMapping:
    """The term's mapping, worked out (again) unless it is current or a moderator set it."""
    mapping = _current(term)
    words = _term_words(term)
    if mapping is not None and (mapping.method == Method.MODERATOR or mapping.read_from == words):
        return mapping
    seen = (_seen or set()) | {term.pk}
    parent_mapping = None
    if term.parent_id and term.parent_id not in seen:
        parent_mapping = map_term(term.parent, _seen=seen)
    decided = _automatic(term, parent_mapping)
    values = {
        "categories": codes_field(decided.get("categories", ())),
        "populations": codes_field(decided.get("populations", ())),
        "method": decided["method"],
        "broad": decided.get("broad", False),
        "evidence": decided["evidence"],
        "read_from": words,
        "decided_by": None,
    }
    mapping, _created = TermMapping.objects.update_or_create(term=term, defaults=values)
    term.mapping = mapping
    return mapping


def map_terms(terms=None) -> None:
    """Map every term that has no current mapping (all terms by default)."""
    for term in (
        terms
        if terms is not None
        else TaxonomyTerm.objects.select_related("taxonomy", "parent", "mapping")
    ):
        map_term(term)


def correct_mapping(*, term, categories, populations=(), user) -> list[int]:
    """A moderator's crosswalk correction; returns the ids of the services it reclassified."""
    with transaction.atomic():
        TermMapping.objects.update_or_create(
            term=term,
            defaults={
                "categories": codes_field(categories),
                "populations": codes_field(populations),
                "method": Method.MODERATOR,
                "broad": False,
                "evidence": f"set by {user.get_username()}",
                "read_from": _term_words(term),
                "decided_by": user,
            },
        )
        pages = list(ServicePage.objects.filter(attributes__taxonomy_term=term).distinct())
        for page in pages:
            classify_service(page)
    return [p.pk for p in pages]


def _age_groups(minimum, maximum) -> list[str]:
    """The groups an age range restricts a service to; none when it takes adults of every age."""
    if minimum is None and maximum is None:
        return []
    low = minimum if minimum is not None else 0
    high = maximum if maximum is not None else 200
    if high < ADULT_AGE:
        return ["youth"]
    if low >= SENIOR_AGE:
        return ["seniors"]
    if high < YOUNG_ADULT_MAX_AGE:
        return (["youth"] if low < ADULT_AGE else []) + ["young-adults"]
    if low >= ADULT_AGE:
        return ["adults"] + (["young-adults"] if low < YOUNG_ADULT_MAX_AGE else [])
    return []  # from childhood into old age: a lower limit ("12 and up"), not a group


def classifications_for(page) -> list[ServiceClassification]:
    """The service's categories and groups with their provenance (not saved)."""
    rows: dict[tuple, ServiceClassification] = {}

    def add(kind, codes, source, evidence):
        for code in codes:
            rows.setdefault(
                (kind, code),
                ServiceClassification(
                    service=page, kind=kind, code=code, source=source, evidence=evidence[:300]
                ),
            )

    broad_terms = []
    for attribute in page.attributes.all():
        term = attribute.taxonomy_term
        mapping = map_term(term)
        evidence = f'{_taxonomy_name(term) or "term"} "{term.name}"'
        if mapping.broad:
            broad_terms.append((mapping, evidence))
        else:
            add(Kind.CATEGORY, mapping.category_list, Source.TERM, evidence)
        add(Kind.POPULATION, mapping.population_list, Source.TERM, evidence)
    name = vocabulary.read(f"{page.title}\n{page.alternate_name}")
    add(
        Kind.CATEGORY,
        name.categories if not name.broad_only else (),
        Source.NAME,
        f'name "{page.title}"',
    )
    specific = [key for key in rows if key[0] == Kind.CATEGORY]
    if not specific:
        description = vocabulary.read(page.description)
        if not description.broad_only:
            add(Kind.CATEGORY, description.categories, Source.DESCRIPTION, "description")
    if not [key for key in rows if key[0] == Kind.CATEGORY]:
        # Only broad words anywhere ("Food", "Addiction & Recovery"): keep them as they are.
        for mapping, evidence in broad_terms:
            add(Kind.CATEGORY, mapping.category_list, Source.TERM, evidence)
        if name.broad_only:
            add(Kind.CATEGORY, name.categories, Source.NAME, f'name "{page.title}"')
    if not [key for key in rows if key[0] == Kind.CATEGORY]:
        add(
            Kind.CATEGORY,
            vocabulary.read(page.description).categories,
            Source.DESCRIPTION,
            "description",
        )
    add(
        Kind.POPULATION,
        _age_groups(page.minimum_age, page.maximum_age),
        Source.AGES,
        f"ages {page.minimum_age if page.minimum_age is not None else ''}–"
        f"{page.maximum_age if page.maximum_age is not None else ''}",
    )
    eligibility = vocabulary.read(page.eligibility_description)
    said = f'eligibility "{page.eligibility_description[:200]}"'
    add(Kind.POPULATION, eligibility.populations, Source.ELIGIBILITY, said)
    if "domestic-violence" in eligibility.categories:
        add(Kind.POPULATION, [SURVIVOR_GROUP], Source.ELIGIBILITY, said)
    # A veterans' or youth service serves that group, and a service only for veterans or youth is
    # a veterans' or youth service, whatever else it is (children with their family are not).
    for key in list(rows):
        if key[0] == Kind.CATEGORY and key[1] in CATEGORY_GROUPS:
            add(Kind.POPULATION, CATEGORY_GROUPS[key[1]], rows[key].source, rows[key].evidence)
        if (
            key[0] == Kind.POPULATION
            and key[1] in GROUP_CATEGORIES
            and (Kind.POPULATION, "families") not in rows
        ):
            add(Kind.CATEGORY, GROUP_CATEGORIES[key[1]], rows[key].source, rows[key].evidence)
    return list(rows.values())


def classify_service(page) -> list[ServiceClassification]:
    """Rewrite one service's classification rows."""
    rows = classifications_for(page)
    with transaction.atomic():
        ServiceClassification.objects.filter(service=page).delete()
        ServiceClassification.objects.bulk_create(rows)
    return rows


def classify_services(pages) -> int:
    count = 0
    for page in pages:
        classify_service(page)
        count += 1
    return count


def crosswalk_summary() -> dict:
    """Terms in use that map to a category, and those that do not, with their service counts."""
    terms = (
        TaxonomyTerm.objects.select_related("mapping", "taxonomy")
        .annotate(services=Count("attributes__service", distinct=True))
        .filter(services__gt=0)
        .exclude(Q(taxonomy__name__in=[CATEGORY_TAXONOMY, POPULATION_TAXONOMY]))
        .order_by("-services", "name")
    )
    mapped, unmapped = [], []
    for term in terms:
        mapping = getattr(term, "mapping", None)
        (mapped if mapping is not None and mapping.categories else unmapped).append(
            (term, term.services)
        )
    return {"mapped": mapped, "unmapped": unmapped}
