"""How results are ordered: one readable scoring function with named weights.

A supervisor tunes search here (or with ``SEARCH_WEIGHTS`` in settings, which overrides any of
the weights below). Both engines use these numbers: the database engine scores its candidates
with ``score()`` below; the Elasticsearch engine sends the same weights as a ``function_score``
query (``search.engines.elastic``).

The order of results is, in this order:

1. **Open at the asked time** is a tier, not a weight: when the query asks for a time ("now",
   "tonight", "24/7", …), a service confirmed open then comes first, one whose hours are unknown
   next (marked "call to confirm"), one confirmed closed last. A place closed tonight therefore
   never outranks one that is open tonight, however close or well-matched it is.
2. Within a tier, the **score**: the sum of the parts below, each a fraction between 0 and 1
   times its weight.

   =============  ======================================================================
   text           share of the leftover query words found (in the name or organization
                  counts fully, in the description counts ``TEXT_BODY_FACTOR``)
   category       share of the asked categories the service has
   population     serves the asked group: named 1; a broader group that takes it
                  (``POPULATION_BROADER``: an adults' shelter for a man) ``BROADER_FACTOR``;
                  unknown ``UNKNOWN``; a mismatch, or a group that rules it out
                  (``POPULATION_EXCLUDES``: a women's shelter for a man), 0
   language       speaks an asked language: confirmed 1, unknown ``UNKNOWN`` (call to
                  confirm), confirmed mismatch 0
   bed            a free bed when a bed was asked: counted within CAPACITY_STALE_HOURS 1,
                  older count ``STALE_BED_FACTOR``, beds not counted online
                  ``UNKNOWN_BED_FACTOR`` (call to confirm), full 0
   open to all    the service is not in a category that only takes some people (a youth
                  or domestic-violence service, a veterans' centre: ``RESTRICTED_CATEGORIES``),
                  unless that category, or the group it serves, was asked
   distance       gauss decay: 1 at the spot, 0.5 at ``DISTANCE_SCALE_KM``, ~0 at 2-3
                  times that; a phone line with no location gets 0.5
   =============  ======================================================================
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from directory.vocabulary import table as vocabulary_table
from geo import haversine_km

from .models import field_to_codes

DEFAULT_WEIGHTS = {
    "TEXT": 3.0,
    "TEXT_BODY_FACTOR": 0.6,
    "CATEGORY": 2.0,
    "NEED_IN_NAME": 1.0,
    "POPULATION": 3.0,
    "BROADER_FACTOR": 0.5,
    "OPEN_TO_ALL": 1.0,
    "LANGUAGE": 4.0,
    "BED": 4.0,
    "STALE_BED_FACTOR": 0.5,
    "UNKNOWN_BED_FACTOR": 0.25,
    "UNKNOWN": 0.5,
    "DISTANCE": 3.0,
    "DISTANCE_SCALE_KM": 3.0,
    "NO_LOCATION_DISTANCE_FACTOR": 0.5,
}

# Which listed group also takes an asked one, and which listed group (without the asked one)
# rules it out. Both engines read these.
POPULATION_BROADER = {
    group: {"adults"}
    for group in ("men", "women", "veterans", "seniors", "young-adults", "couples", "lgbtq")
}
POPULATION_EXCLUDES = {
    "men": {"women"},
    "women": {"men"},
    "families": {"no-children"},
    "youth": {"adults", "seniors", "no-children"},
    "adults": {"youth"},
    "seniors": {"youth"},
}
# Groups that, stated alone, say a service takes no children.
ADULTS_ONLY = frozenset({"adults", "young-adults", "seniors", "men", "no-children"})
# Categories whose services take only some people, and the asked groups that make them fit.
RESTRICTED_CATEGORIES = {
    "youth-services": {"youth", "young-adults"},
    "domestic-violence": set(),
    "veterans": {"veterans"},
}

# Open-at-the-asked-time tiers (see the module docstring).
OPEN = 2
UNKNOWN_HOURS = 1
CLOSED = 0

# Category tiers: in an asked category (or, with no category known, its words in the listing),
# above a service listed under other categories that the words found.
IN_CATEGORY = 1
OTHER_CATEGORY = 0
# A single word names a service only when it is this long ("Cornerstone", not "free").
NAME_WORD_MIN = 5
# Shorter words of a category phrase are too common to find a service by ("out", "od").
CONTENT_WORD_MIN = 4

# Farthest a result may be from the asked place (km); the Hartford region fits well inside.
MAX_DISTANCE_KM = 50.0

# Categories whose searches also offer the state's treatment access line when nothing fits.
SUBSTANCE_USE_CATEGORIES = {
    "detox",
    "outpatient-treatment",
    "residential-treatment",
    "medication-treatment",
    "recovery-housing",
}

STOPWORDS = set(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "get",
        "give",
        "help",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "need",
        "needs",
        "near",
        "of",
        "on",
        "or",
        "our",
        "please",
        "some",
        "that",
        "the",
        "there",
        "this",
        "to",
        "us",
        "we",
        "where",
        "which",
        "who",
        "with",
        "you",
        "your",
    ]
)


def weights() -> dict:
    return {**DEFAULT_WEIGHTS, **getattr(settings, "SEARCH_WEIGHTS", {})}


# --- text --------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def text_tokens(text: str, *, max_tokens: int = 12) -> list[str]:
    """Lower-case words of the free text, accents and punctuation removed, stopwords dropped.

    Everything that is not a letter or digit is thrown away here, so SQL, FTS5, tsquery and Lucene
    syntax (quotes, ``OR``, ``*``, ``:``, ``\\``) can never reach an engine as syntax.
    """
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    tokens = []
    for word in _WORD.findall(text):
        if word in STOPWORDS or word in tokens or len(word) > 40:
            continue
        tokens.append(word)
        if len(tokens) >= max_tokens:
            break
    return tokens


def token_stem(token: str) -> str:
    """The prefix a word must start with to count as a match ("beds" matches "bed", "bedroom")."""
    if len(token) > 4 and token.endswith("es"):
        return token[:-2]
    if len(token) > 3 and token.endswith("s"):
        return token[:-1]
    return token


def _matches(stem: str, haystack: str) -> bool:
    return re.search(r"(?<![^\W_])" + re.escape(stem), haystack) is not None


def text_fraction(tokens: list[str], *, name: str, body: str, body_factor: float) -> float:
    if not tokens:
        return 0.0
    head = unicodedata.normalize("NFKD", name).lower()
    body = unicodedata.normalize("NFKD", body).lower()
    total = 0.0
    for token in tokens:
        stem = token_stem(token)
        if _matches(stem, head):
            total += 1.0
        elif _matches(stem, body):
            total += body_factor
    return total / len(tokens)


# --- distance ----------------------------------------------------------------------------------


def gauss_decay(distance_km: float, scale_km: float) -> float:
    """Elasticsearch's ``gauss`` with ``decay: 0.5`` and no offset: 0.5 at ``scale_km``."""
    return math.exp(math.log(0.5) * (distance_km / scale_km) ** 2)


# --- scoring -----------------------------------------------------------------------------------


@dataclass
class Candidate:
    """One search document as the engines hand it to ranking (a subset of the row)."""

    id: int
    service_page_id: int
    service_hsds_id: str
    service_at_location_hsds_id: str
    name: str
    organization: str
    text: str
    categories: list[str]
    populations: list[str]
    languages: list[str]
    latitude: float | None
    longitude: float | None
    has_beds: bool
    beds_available: int | None
    capacity_updated: datetime | None
    hours_known: bool
    hours_exact: bool
    always_open: bool
    week_intervals: list
    phone: str
    url: str
    address: str = ""
    hours_summary: str = ""
    # Filled in by the facts (hours) and by ranking:
    distance_km: float | None = None
    open_tier: int = UNKNOWN_HOURS
    open_now: bool | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    in_window: bool | None = None
    score: float = 0.0
    parts: dict = field(default_factory=dict)
    language_confirmed: bool | None = None
    bed_state: str | None = None
    category_tier: int = IN_CATEGORY
    named: bool = False
    eligible: bool = True

    @classmethod
    def from_row(cls, row: dict) -> Candidate:
        row = dict(row)
        for key in ("categories", "populations", "languages"):
            if isinstance(row.get(key), str):
                row[key] = field_to_codes(row[key])
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in row.items() if k in known})

    @property
    def stale(self) -> bool:
        if self.capacity_updated is None:
            return False
        return timezone.now() - self.capacity_updated > timedelta(
            hours=settings.CAPACITY_STALE_HOURS
        )


CANDIDATE_FIELDS = [
    "id",
    "service_page_id",
    "service_hsds_id",
    "service_at_location_hsds_id",
    "name",
    "organization",
    "text",
    "categories",
    "populations",
    "languages",
    "latitude",
    "longitude",
    "has_beds",
    "beds_available",
    "capacity_updated",
    "hours_known",
    "hours_exact",
    "always_open",
    "week_intervals",
    "phone",
    "url",
    "address",
    "hours_summary",
]


def window(intent):
    start = getattr(intent, "window_start", None)
    end = getattr(intent, "window_end", None) or start
    if start is None:
        return None
    return start, max(end, start)


def always_open_asked(intent) -> bool:
    return bool(
        getattr(intent, "requires_always_open", False) or getattr(intent, "open", None) == "24/7"
    )


def fill_open_tiers(candidates: list[Candidate], intent) -> None:
    """The open tier for the asked window, from the hours gathered (``search.facts``)."""
    win = window(intent)
    for c in candidates:
        if not win or not c.hours_known:
            # Without an asked time, open or not is shown but does not order the results.
            c.open_tier = UNKNOWN_HOURS
        elif always_open_asked(intent):
            c.open_tier = OPEN if c.always_open else CLOSED
        else:
            c.open_tier = OPEN if c.in_window else CLOSED


@dataclass(frozen=True)
class QueryWords:
    """The query's words as ranking uses them."""

    text: list  # what query understanding left over (relevance)
    category: list  # the words that named a category ("shower", "detox")
    name: list  # the words that could name a service or an organization


def _content_tokens(text: str) -> list[str]:
    """Words of a phrase that could be in a listing ("no place to stay" has none, nor "kicked out")."""
    stop = vocabulary_table().stopwords
    return [t for t in text_tokens(text) if t not in stop and len(t) >= CONTENT_WORD_MIN]


def query_words(intent) -> QueryWords:
    text = text_tokens(getattr(intent, "text", "") or "")
    hints = set(getattr(intent, "hints", None) or [])
    category = _content_tokens(getattr(intent, "category_words", "") or "")
    population = _content_tokens(getattr(intent, "population_words", "") or "")
    typed = [t for t in text if t not in hints]
    name = list(dict.fromkeys(typed + category + population)) if typed else []
    if len(name) == 1 and len(name[0]) < NAME_WORD_MIN:
        name = []
    return QueryWords(text, category, name)


def names_it(c: Candidate, words: QueryWords) -> bool:
    """Every word of the query is in the service's or its organization's name."""
    if not words.name:
        return False
    head = unicodedata.normalize("NFKD", f"{c.name} {c.organization}").lower()
    return all(_matches(token_stem(t), head) for t in words.name)


def category_fit(c: Candidate, asked: set, words: QueryWords, w: dict) -> float:
    """Share of the asked categories it has; with none known, how well its words say them."""
    if c.categories:
        return len(asked & set(c.categories)) / len(asked)
    return text_fraction(
        words.category,
        name=f"{c.name} {c.organization}",
        body=c.text,
        body_factor=w["TEXT_BODY_FACTOR"],
    )


def category_groups(intent) -> list[set]:
    """The asked needs, one per phrase: "a safe place from her abuser" is shelter *and* violence,
    while "out of the cold" is one need that a warming centre or a shelter meets."""
    groups = [
        set(chip.value.split(","))
        for chip in getattr(intent, "chips", None) or []
        if chip.kind == "category"
    ]
    asked = set(getattr(intent, "categories", None) or [])
    groups = [g & asked for g in groups if g & asked] or ([asked] if asked else [])
    # "Veteran housing": the group's own services are a need of their own (see search.intent).
    groups += [
        {code} for code in getattr(intent, "group_categories", None) or [] if {code} not in groups
    ]
    if getattr(intent, "needs_bed", False):
        # A bed is asked: of each need, the kinds of service that have beds ("kicked out, needs a
        # bed" is a youth shelter, not a youth club).
        beds = vocabulary_table().bed_categories
        groups = [g & beds or g for g in groups]
    return groups


def fill_tiers(candidates: list[Candidate], intent, words: QueryWords, w: dict) -> None:
    """Named by the query, and how many of the asked needs its categories meet, for every candidate."""
    asked = set(getattr(intent, "categories", None) or [])
    groups = category_groups(intent)
    for c in candidates:
        c.named = names_it(c, words)
        c.eligible = not rules_out(c.populations, getattr(intent, "populations", None) or [])
        if not asked:
            c.category_tier = IN_CATEGORY
        elif c.categories:
            c.category_tier = sum(1 for g in groups if g & set(c.categories))
        else:
            c.category_tier = (
                IN_CATEGORY if category_fit(c, asked, words, w) > 0 else OTHER_CATEGORY
            )


def score(c: Candidate, intent, words: QueryWords, w: dict | None = None) -> float:
    """The score of one candidate within its tiers; ``c.parts`` keeps each part for display."""
    w = w or weights()
    parts = {}
    tokens = words.text
    if tokens:
        parts["text"] = w["TEXT"] * text_fraction(
            tokens,
            name=f"{c.name} {c.organization}",
            body=c.text,
            body_factor=w["TEXT_BODY_FACTOR"],
        )
    asked = list(getattr(intent, "categories", None) or [])
    if asked:
        parts["category"] = w["CATEGORY"] * category_fit(c, set(asked), words, w)
        if words.category:
            # A service whose own name says the need ("Outpatient Recovery") is more on point than
            # one only listed under it.
            parts["need_in_name"] = w["NEED_IN_NAME"] * text_fraction(
                words.category, name=c.name, body="", body_factor=0
            )
    populations = list(getattr(intent, "populations", None) or [])
    if populations:
        parts["population"] = w["POPULATION"] * population_fit(populations, c.populations, w)
    languages = list(getattr(intent, "languages", None) or [])
    if languages:
        if not c.languages:
            c.language_confirmed = None
            parts["language"] = w["LANGUAGE"] * w["UNKNOWN"]
        else:
            c.language_confirmed = bool(set(languages) & set(c.languages))
            parts["language"] = w["LANGUAGE"] * (1.0 if c.language_confirmed else 0.0)
    if getattr(intent, "needs_bed", False):
        if not c.has_beds:
            c.bed_state = "unknown"
            parts["bed"] = w["BED"] * w["UNKNOWN_BED_FACTOR"]
        elif (c.beds_available or 0) > 0:
            c.bed_state = "stale" if c.stale else "free"
            parts["bed"] = w["BED"] * (w["STALE_BED_FACTOR"] if c.stale else 1.0)
        else:
            c.bed_state = "full"
            parts["bed"] = 0.0
    if not set(c.categories) & restricted_not_asked(intent):
        parts["open_to_all"] = w["OPEN_TO_ALL"]
    if getattr(intent, "near", None) is not None:
        if c.distance_km is None:
            parts["distance"] = w["DISTANCE"] * w["NO_LOCATION_DISTANCE_FACTOR"]
        else:
            parts["distance"] = w["DISTANCE"] * gauss_decay(c.distance_km, w["DISTANCE_SCALE_KM"])
    c.parts = {k: round(v, 4) for k, v in parts.items()}
    c.score = sum(parts.values())
    return c.score


def restricted_not_asked(intent) -> set:
    """The restricted categories that neither the asked categories nor the asked groups call for."""
    asked = set(getattr(intent, "categories", None) or [])
    groups = set(getattr(intent, "populations", None) or [])
    return {
        code
        for code, fits in RESTRICTED_CATEGORIES.items()
        if code not in asked and not fits & groups
    }


def broader_and_excluding(asked) -> tuple[set, set]:
    """The groups that also take what was asked, and the groups that rule it out."""
    asked = set(asked)
    broader = set().union(*(POPULATION_BROADER.get(a, set()) for a in asked)) - asked
    excluding = set().union(*(POPULATION_EXCLUDES.get(a, set()) for a in asked)) - asked
    return broader, excluding


def rules_out(served, asked) -> bool:
    """The service states groups that leave the person out (a men's shelter for a mother, an
    adults' shelter for a 15-year-old, a single adults' shelter for a family). What it does not
    state never rules anyone out."""
    served = set(served)
    if "families" in asked and served and served <= ADULTS_ONLY:
        return True
    for group in dict.fromkeys(asked):
        broader, excluding = broader_and_excluding([group])
        if served & excluding and group not in served and not served & broader - excluding:
            return True
    return False


def population_fit(asked, served, w: dict) -> float:
    """The share of the asked groups the service takes ("LGBTQ youth": both named beats one)."""
    served = set(served)
    if not served:
        return w["UNKNOWN"]
    asked = list(dict.fromkeys(asked))
    total = 0.0
    for group in asked:
        broader, excluding = broader_and_excluding([group])
        if group in served:
            total += 1.0
        elif served & broader and not served & excluding:
            total += w["BROADER_FACTOR"]
    return total / len(asked)


def fill_distance(candidates: list[Candidate], intent) -> None:
    near = getattr(intent, "near", None)
    for c in candidates:
        if near is not None and c.latitude is not None and c.longitude is not None:
            c.distance_km = haversine_km(near.lat, near.lng, c.latitude, c.longitude)
        else:
            c.distance_km = None


def sort_key(c: Candidate):
    return (
        -c.named,
        -c.category_tier,
        -c.eligible,
        -c.open_tier,
        -round(c.score, 6),
        c.distance_km if c.distance_km is not None else 1e9,
        c.name,
        c.id,
    )


def fits(c: Candidate, intent) -> bool:
    """Does this result do what was asked (its category, open then, a bed when a bed was asked)?"""
    if c.category_tier < IN_CATEGORY and not c.named:
        return False
    if window(intent) and c.open_tier != OPEN:
        return False
    return not (getattr(intent, "needs_bed", False) and c.bed_state not in ("free", "stale"))


def needs_call(c: Candidate, intent) -> bool:
    """Unknown is not no: the result may fit but somebody has to phone to be sure."""
    if window(intent) and c.open_tier == UNKNOWN_HOURS:
        return True
    if getattr(intent, "languages", None) and c.language_confirmed is None:
        return True
    return bool(getattr(intent, "needs_bed", False) and c.bed_state in ("unknown", "stale"))


def rank(candidates: list[Candidate], intent, *, limit: int) -> list[Candidate]:
    """Distance, tiers and score for every candidate; the best ``limit`` in order. No queries:
    the hours come gathered (``search.facts``)."""
    fill_distance(candidates, intent)
    if getattr(intent, "near", None) is not None:
        candidates = [
            c for c in candidates if c.distance_km is None or c.distance_km <= MAX_DISTANCE_KM
        ]
    fill_open_tiers(candidates, intent)
    if always_open_asked(intent):
        # "24/7" asks for round-the-clock places only (hours not listed: call to confirm).
        candidates = [c for c in candidates if c.open_tier != CLOSED]
    words = query_words(intent)
    w = weights()
    fill_tiers(candidates, intent, words, w)
    for c in candidates:
        score(c, intent, words, w)
    candidates.sort(key=sort_key)
    return candidates[:limit]
